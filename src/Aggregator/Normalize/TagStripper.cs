using Aggregator.Parse;
using System.Net;
using System.Text;

namespace Aggregator.Normalize;

/// <summary>
/// Turns an HTML fragment into plain text for comparison only (never for display): tags dropped,
/// block boundaries kept as line breaks so boilerplate can be matched per line, entities decoded.
/// Hand-written because Normalize (another stage) owns the real sanitizer and Dedup must stay a pure,
/// allocation-light function; a full parser (AngleSharp) would cost ~50x more per article.
/// Not Parse's HtmlText either: fingerprints made from this text are stored, so its rules never change with that module's.
/// </summary>
public static class TagStripper
{
    // Elements whose content is furniture for comparison: code, or a caption/credit another copy may lack.
    private static readonly string[] SkippedElements = ["script", "style", "noscript", "figcaption", "template"];

    // What ends each of them, searched for without regard to case: made once, not per tag read.
    private static readonly string[] SkippedEnds = [.. SkippedElements.Select(name => "</" + name)];

    private static readonly HashSet<string> BlockElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "br", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "td", "th",
        "table", "section", "article", "header", "footer", "figure", "hr", "pre", "dd", "dt", "aside",
    };

    // Tag names are looked up where they are written: a lower-cased string per tag was most of what this class allocated.
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> BlockByName = BlockElements.GetAlternateLookup<ReadOnlySpan<char>>();

    public static string ToPlainText(string? html)
    {
        if (string.IsNullOrEmpty(html))
        {
            return string.Empty;
        }
        if (html.IndexOfAny(['<', '&']) < 0)
        {
            return html;
        }
        var text = ScratchBuilder.Rent(html.Length);
        int i = 0;
        while (i < html.Length)
        {
            char c = html[i];
            if (c != '<')
            {
                int next = html.IndexOf('<', i);
                if (next < 0)
                {
                    next = html.Length;
                }
                text.Append(html, i, next - i);
                i = next;
                continue;
            }
            if (string.CompareOrdinal(html, i, "<!--", 0, 4) == 0)
            {
                int end = html.IndexOf("-->", i + 4, StringComparison.Ordinal);
                i = end < 0 ? html.Length : end + 3;
                continue;
            }
            int close = html.IndexOf('>', i + 1);
            if (close < 0)
            {
                // No '>' anywhere after: the rest is text (searching again from every later '<' would be quadratic).
                text.Append(html, i, html.Length - i);
                break;
            }
            if (!IsTagStart(html, i + 1))
            {
                // A lone '<' in text ("a < b") is text, not a tag.
                text.Append(c);
                i++;
                continue;
            }
            ReadOnlySpan<char> name = TagName(html, i + 1);
            int skipped = html[i + 1] == '/' ? -1 : SkippedIndex(name);
            if (skipped >= 0)
            {
                int end = html.IndexOf(SkippedEnds[skipped], close, StringComparison.OrdinalIgnoreCase);
                int endClose = end < 0 ? -1 : html.IndexOf('>', end);
                i = endClose < 0 ? html.Length : endClose + 1;
                text.Append('\n');
                continue;
            }
            text.Append(BlockByName.Contains(name) ? '\n' : ' ');
            i = close + 1;
        }
        return WebUtility.HtmlDecode(ScratchBuilder.ToStringAndReturn(text));
    }

    private static bool IsTagStart(string html, int at) =>
        at < html.Length && (char.IsAsciiLetter(html[at]) || html[at] == '/' || html[at] == '!');

    /// <summary>The tag's name as written (ASCII letters and digits only, so case is all a lookup has to ignore).</summary>
    private static ReadOnlySpan<char> TagName(string html, int at)
    {
        if (at < html.Length && html[at] == '/')
        {
            at++;
        }
        int start = at;
        while (at < html.Length && char.IsAsciiLetterOrDigit(html[at]))
        {
            at++;
        }
        return html.AsSpan(start, at - start);
    }

    private static int SkippedIndex(ReadOnlySpan<char> name)
    {
        for (int i = 0; i < SkippedElements.Length; i++)
        {
            if (name.Equals(SkippedElements[i], StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }
        return -1;
    }
}
