using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace Aggregator.FullText;

/// <summary>
/// Turns the document's &lt;title&gt; into the article title: drops a " - Site" / " | Site" part, or
/// falls back to the lone h1 when the title is implausibly short or long (Readability's getArticleTitle).
/// </summary>
internal static partial class TitleCleaner
{
    [GeneratedRegex(@" [\|\-–—\\/>»] ")]
    private static partial Regex Separator();

    [GeneratedRegex(@" [\\/>»] ")]
    private static partial Regex HierarchicalSeparator();

    [GeneratedRegex(@"^[^\|\-–—\\/>»]*[\|\-–—\\/>»]")]
    private static partial Regex FirstPart();

    [GeneratedRegex(@"[\|\-–—\\/>»]+")]
    private static partial Regex AnySeparator();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Space();

    public static string? FromDocument(IDocument doc)
    {
        var original = (doc.QuerySelector("title") is { } t ? t.TextContent : string.Empty).Trim();
        original = Space().Replace(original, " ");
        var current = original;
        var hadHierarchicalSeparators = false;

        if (Separator().IsMatch(current))
        {
            hadHierarchicalSeparators = HierarchicalSeparator().IsMatch(current);
            var matches = Separator().Matches(original);
            current = original[..matches[^1].Index];
            if (WordCount(current) < 3)
            {
                current = FirstPart().Replace(original, string.Empty);
            }
        }
        else if (current.Contains(": ", StringComparison.Ordinal))
        {
            var headingMatches = Dom.ByTag(doc, "h1", "h2")
                .Any(h => string.Equals(h.TextContent.Trim(), current, StringComparison.Ordinal));
            if (!headingMatches)
            {
                current = original[(original.LastIndexOf(':') + 1)..];
                if (WordCount(current) < 3)
                {
                    current = original[(original.IndexOf(':', StringComparison.Ordinal) + 1)..];
                }
                else if (WordCount(original[..original.IndexOf(':', StringComparison.Ordinal)]) > 5)
                {
                    // A long prefix before the colon is part of the title, not a section name.
                    current = original;
                }
            }
        }
        else if (current.Length is > 150 or < 15)
        {
            var h1s = Dom.ByTag(doc, "h1");
            if (h1s.Count == 1)
            {
                current = Dom.InnerText(h1s[0]);
            }
        }

        current = Space().Replace(current.Trim(), " ");
        var wordCount = WordCount(current);
        if (wordCount <= 4
            && (!hadHierarchicalSeparators || wordCount != WordCount(AnySeparator().Replace(original, string.Empty)) - 1))
        {
            current = original;
        }

        return current.Length == 0 ? null : current;
    }

    private static int WordCount(string s) => Space().Split(s.Trim()).Length;
}
