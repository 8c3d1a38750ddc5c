using System.Text.RegularExpressions;

namespace Aggregator.FullText;

/// <summary>
/// A short line that asks the reader to do something other than read: subscribe, follow the outlet, share the post,
/// get the app, write a comment ("Follow us on Twitter", "Jetzt Newsletter abonnieren", "Suscríbete", "Comments are
/// closed"). Only taken at the end of the article (see <see cref="LinkBlocks.RemoveTrailingLinkBlocks"/>), where such
/// lines sit; inside the story the same words are reporting.
/// </summary>
internal static partial class CallToAction
{
    private const int MaxLength = 250;

    [GeneratedRegex(
        @"\b(subscrib\w*|newsletter\w*|sign(ing)? up|follow (us|\p{Lu}[\w.]*( \p{Lu}\w*)*) on|download (our|the)\b.{0,40}\bapps?|share (this|the) (article|post|story)"
        + @"|comments? (are )?closed|no comments|leave a (comment|reply)|logged in to (post a |leave a )?comment|abonn\w*|folg(en|e) (sie |du )?(uns|mir)|teilen\b|kommentar(e)? (zu )?(schreiben|geschlossen|verfassen)"
        + @"|keine kommentare|hinterlass\w* (doch |einfach |gerne )?(einen|deinen|ihren|mir einen) kommentar|eingeloggt sein"
        + @"|suscr[ií]b\w*|s[ií]gue\w*nos|[úu]nete|partagez|inscrivez)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Ask();

    public static bool IsCallToAction(string text) => text.Length is > 0 and <= MaxLength && Ask().IsMatch(text);
}
