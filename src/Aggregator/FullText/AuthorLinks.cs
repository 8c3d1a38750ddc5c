using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace Aggregator.FullText;

/// <summary>
/// A short line that is mostly links to author pages ("Jane Roe", "Max Muster und Erika Mustermann"): a byline by where
/// it points, whatever it says, so a name with no "By" before it is still known. Author pages are recognised by the
/// path words sites use for them, per language; the line may carry a short label or a role beside the names.
/// </summary>
internal static partial class AuthorLinks
{
    private const int MaxLength = 100;

    [GeneratedRegex(
        @"/(author|authors|autor|autoren|autorin|autorinnen|auteur|auteurs|autore|autori|autores|autoras|autorzy|redakteur|redakteure|redaktor|journalist|journalists|journalisten|journaliste|journalistes|periodista|periodistas|giornalista|columnist|columnists|contributor|contributors|writer|writers|reporter|reporters|staff|people|profile|profiles|profil|by)(/|$|[?#])|[?&](author|autor)=",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AuthorPage();

    [GeneratedRegex(@"[.!?]\s+\p{L}")]
    private static partial Regex SentenceInside();

    public static bool IsAuthorLine(IElement block, string text)
    {
        if (text.Length is 0 or > MaxLength || SentenceInside().IsMatch(text))
        {
            return false;
        }

        var linked = Dom.ByTag(block, "a").Where(a => AuthorPage().IsMatch(a.GetAttribute("href") ?? string.Empty)).Sum(a => Dom.InnerText(a).Length);
        return linked > 0 && text.Length - linked <= ShortLine.Slack;
    }
}
