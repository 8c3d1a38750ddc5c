using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace Aggregator.FullText;

/// <summary>
/// Whether a block holds the story's own prose: most of its text in two or more paragraphs of sentence length, few of
/// its words links. A class name says what a block was built for ("media", "widget"); what it holds says what it is:
/// a template that sets the story's paragraphs beside a picture in an "o-media" box still holds the story. One such
/// paragraph was not enough on trafilatura's held-out pages (see tests/fulltext-report.md).
/// </summary>
internal static partial class StoryProse
{
    /// <summary>A paragraph this long that ends a sentence is running text, not a label, caption line or teaser title.</summary>
    internal const int MinParagraph = 120;

    private const int MinParagraphs = 2;

    /// <summary>Share of the block's text that must sit in such paragraphs.</summary>
    private const double MinShare = 0.8;

    /// <summary>Above this share of link text the paragraphs are teasers of other pages, however long.</summary>
    private const double MaxLinkDensity = 0.25;

    [GeneratedRegex(@"[.!?…。！？][""'”’»«)\]]*$")]
    private static partial Regex SentenceEnd();

    public static bool Holds(IElement block)
    {
        var total = Dom.InnerText(block).Length;
        if (total < MinParagraph || Dom.LinkDensity(block) >= MaxLinkDensity)
        {
            return false;
        }

        var paragraphs = ProseParagraphs(block).ToList();
        return paragraphs.Count >= MinParagraphs && paragraphs.Sum(p => p.Length) >= total * MinShare;
    }

    /// <summary>Paragraphs cannot nest in parsed HTML, so their lengths add up without counting text twice.</summary>
    private static IEnumerable<string> ProseParagraphs(IElement block)
    {
        var paragraphs = Dom.Is(block, "p") ? [block] : Dom.ByTag(block, "p");
        return paragraphs
            .Select(p => Dom.InnerText(p))
            .Where(t => t.Length >= MinParagraph && SentenceEnd().IsMatch(t));
    }
}
