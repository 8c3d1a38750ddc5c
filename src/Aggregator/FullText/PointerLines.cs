using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace Aggregator.FullText;

/// <summary>
/// What the page points to after the story, not the story: a short line whose link is only a pointer ("Alles über
/// nachhaltige Wanderschuhe findest Du hier", "Check it out here"), and a teaser of another page that ends in a
/// "read more" link or label ("… Seht selbst! Weiterlesen", "Artikel lesen"). "More information at …" lines are not
/// taken: on trafilatura's pages they are as often the story's own last line.
/// Only taken at the end of the article (see <see cref="LinkBlocks.RemoveTrailingLinkBlocks"/>).
/// </summary>
internal static partial class PointerLines
{
    private const int MaxPointer = 150;

    /// <summary>A teaser card is a heading, a few short lines and the "read more": longer than this, it is the story.</summary>
    private const int MaxTeaser = 1200;

    [GeneratedRegex(@"^\W*(here|hier|ici|aquí|aqui|acá|aca|qui|tutaj|tu)\W*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PointerWord();

    [GeneratedRegex(
        @"^\W*(weiterlesen|mehr lesen|artikel lesen|zum artikel|read more|continue reading|read the rest|read the full (story|article)|lire la suite|leer más|seguir leyendo|czytaj (dalej|więcej)|leggi (tutto|di più)|continua a leggere)\W*$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ReadMore();

    /// <summary>A short line with a link whose only text is a pointer word: "… findest Du hier", "Check it out here".</summary>
    public static bool IsPointer(IElement block, string text)
    {
        if (text.Length is 0 or > MaxPointer)
        {
            return false;
        }

        var links = Dom.ByTag(block, "a");
        return links.Any(a => PointerWord().IsMatch(Dom.InnerText(a)));
    }

    /// <summary>A "read more" label alone, or a block whose text ends in a "read more" link.</summary>
    public static bool IsReadMore(IElement block, string text)
    {
        if (text.Length == 0)
        {
            return false;
        }

        if (ReadMore().IsMatch(text))
        {
            return true;
        }

        var last = Dom.ByTag(block, "a").LastOrDefault();
        var label = last is null ? string.Empty : Dom.InnerText(last);
        return label.Length > 0 && ReadMore().IsMatch(label) && text.TrimEnd().EndsWith(label, StringComparison.Ordinal);
    }

    /// <summary>
    /// The teaser a "read more" closes: back from it among its siblings to the nearest heading, if the card so found
    /// is short and cut off ("… dass …"): an excerpt, not the story's own last section. Otherwise only the block itself.
    /// </summary>
    public static List<IElement> TeaserOf(IElement readMore, int budget)
    {
        var card = new List<IElement> { readMore };
        var length = Dom.InnerText(readMore).Length;
        var cut = false;
        for (var e = readMore.PreviousElementSibling; e is not null; e = e.PreviousElementSibling)
        {
            var text = Dom.InnerText(e);
            length += text.Length;
            if (length > Math.Min(MaxTeaser, budget))
            {
                break;
            }

            card.Add(e);
            cut |= text.EndsWith('…') || text.EndsWith("...", StringComparison.Ordinal);
            if (LinkBlocks.IsHeading(e))
            {
                return cut ? card : [readMore];
            }
        }

        return [readMore];
    }
}
