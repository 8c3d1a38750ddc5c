using System.Net;
using System.Text;

namespace Aggregator.Publish;

/// <summary>
/// Sanitized HTML to the plain text a reader would show (JSON Feed summary, RSS excerpts).
/// Hand-written here because Normalize belongs to another stage; SmartReader/HtmlSanitizer would be the packaged route.
/// </summary>
public static class HtmlText
{
    // Tags that sit inside a run of text; every other tag separates words.
    private static readonly HashSet<string> InlineTags = new(StringComparer.OrdinalIgnoreCase)
    {
        "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "font", "i", "ins",
        "kbd", "mark", "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u", "var",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> InlineTagLookup =
        InlineTags.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly string[] SkippedContentTags = ["script", "style", "template"];

    /// <summary>Strips tags and comments, drops script/style bodies, decodes entities and collapses whitespace.</summary>
    public static string ToPlainText(string? html)
    {
        if (string.IsNullOrEmpty(html))
        {
            return string.Empty;
        }

        var sb = new StringBuilder(html.Length);
        bool pendingSpace = false;
        int i = 0;
        while (i < html.Length)
        {
            char c = html[i];
            if (c == '<' && i + 1 < html.Length && IsTagStart(html[i + 1]))
            {
                i = SkipTag(html, i, out bool separates);
                pendingSpace |= separates;
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                pendingSpace = true;
            }
            else
            {
                if (pendingSpace && sb.Length > 0)
                {
                    sb.Append(' ');
                }

                pendingSpace = false;
                sb.Append(c);
            }

            i++;
        }

        // Decode after stripping, so an escaped "&lt;b&gt;" stays visible text instead of being taken for a tag.
        string text = sb.ToString();
        if (!text.Contains('&', StringComparison.Ordinal))
        {
            return text;
        }

        // A decoded reference can be whitespace or a forbidden character (&#10;, &nbsp;, &#1;): clean and collapse again.
        return CollapseWhitespace(XmlSafe.Clean(WebUtility.HtmlDecode(text)));
    }

    /// <summary>Runs of whitespace (including no-break spaces) become one space; the ends are trimmed.</summary>
    public static string CollapseWhitespace(string text)
    {
        var sb = new StringBuilder(text.Length);
        bool pendingSpace = false;
        foreach (char c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = true;
                continue;
            }

            if (pendingSpace && sb.Length > 0)
            {
                sb.Append(' ');
            }

            pendingSpace = false;
            sb.Append(c);
        }

        return sb.ToString();
    }

    /// <summary>Cuts plain text at a word boundary to at most <paramref name="maxLength"/> characters plus an ellipsis.</summary>
    public static string Truncate(string text, int maxLength)
    {
        if (text.Length <= maxLength)
        {
            return text;
        }

        int cut = maxLength;
        int space = text.LastIndexOf(' ', maxLength);
        if (space > maxLength / 2)
        {
            cut = space;
        }
        else if (char.IsLowSurrogate(text[cut]))
        {
            cut--; // never split a surrogate pair
        }

        return string.Concat(text.AsSpan(0, cut).TrimEnd(" ,;:-"), "\u2026");
    }

    private static bool IsTagStart(char c) => char.IsAsciiLetter(c) || c is '/' or '!' or '?';

    private static int SkipTag(string html, int start, out bool separates)
    {
        if (string.CompareOrdinal(html, start, "<!--", 0, 4) == 0)
        {
            int endComment = html.IndexOf("-->", start + 4, StringComparison.Ordinal);
            separates = false;
            return endComment < 0 ? html.Length : endComment + 3;
        }

        int end = FindTagEnd(html, start + 1);
        bool closing = html[start + 1] == '/';
        int nameStart = closing ? start + 2 : start + 1;
        int nameEnd = nameStart;
        while (nameEnd < end && (char.IsAsciiLetterOrDigit(html[nameEnd]) || html[nameEnd] == '-'))
        {
            nameEnd++;
        }

        var name = html.AsSpan(nameStart, nameEnd - nameStart);
        separates = !InlineTagLookup.Contains(name);
        int next = end < html.Length ? end + 1 : html.Length;

        if (!closing)
        {
            foreach (string skipped in SkippedContentTags)
            {
                if (name.Equals(skipped, StringComparison.OrdinalIgnoreCase))
                {
                    int close = html.IndexOf("</" + skipped, next, StringComparison.OrdinalIgnoreCase);
                    return close < 0 ? html.Length : FindTagEnd(html, close + 2) + 1;
                }
            }
        }

        return Math.Min(next, html.Length);
    }

    // The closing '>' of a tag, ignoring any '>' inside quoted attribute values.
    private static int FindTagEnd(string html, int from)
    {
        char quote = '\0';
        for (int i = from; i < html.Length; i++)
        {
            char c = html[i];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '>')
            {
                return i;
            }
        }

        return html.Length;
    }
}
