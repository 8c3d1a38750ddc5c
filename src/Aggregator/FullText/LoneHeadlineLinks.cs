using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace Aggregator.FullText;

/// <summary>
/// A paragraph that is one link and nothing else, worded as a headline (a few words, no sentence punctuation), set
/// between two paragraphs of prose: a template's "read this too" teaser dropped into the story's flow. Earlier tries took
/// such a link anywhere and lost the story's own linked lines (a subheading, a list's lead-in, a link at the top or
/// bottom); here both neighbours must be prose, so the link interrupts a story that goes on around it.
/// </summary>
internal static partial class LoneHeadlineLinks
{
    private const int MinWords = 4;

    private const int MaxWords = 20;

    /// <summary>Shortest neighbour that counts as prose: a sentence, not a label (as <see cref="NameLines"/>).</summary>
    private const int MinProse = 80;

    [GeneratedRegex(@"[.!?…:;]")]
    private static partial Regex SentencePunctuation();

    [GeneratedRegex(@"[.!?…:]['""”’»)]?$")]
    private static partial Regex SentenceEnd();

    public static bool IsLoneHeadlineLink(IElement block, string text)
    {
        if (!Dom.Is(block, "p") || SentencePunctuation().IsMatch(text))
        {
            return false;
        }

        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        var links = Dom.ByTag(block, "a");
        if (words is < MinWords or > MaxWords || links.Count != 1 || Dom.InnerText(links[0]).Length < text.Length
            || links[0].GetAttribute("href") is not { } href || href.StartsWith('#'))
        {
            return false;
        }

        return IsProse(block.PreviousElementSibling) && IsProse(block.NextElementSibling);
    }

    private static bool IsProse(IElement? e) =>
        e is not null && Dom.Is(e, "p") && Dom.InnerText(e) is { Length: >= MinProse } t && SentenceEnd().IsMatch(t) && Dom.LinkDensity(e) < 0.25;
}
