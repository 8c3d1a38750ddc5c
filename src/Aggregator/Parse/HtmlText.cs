using System.Buffers;
using System.Globalization;
using System.Text;

namespace Aggregator.Parse;

/// <summary>
/// The one module between HTML and plain text (Parse, Normalize, Topics and Publish all use it); pure and culture-free.
/// Dedup's TagStripper is not this: its folded text is stored as the articles' identity, so it keeps its own rules.
/// </summary>
public static class HtmlText
{
    private static readonly HashSet<string> VoidElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
    };

    public static bool IsVoidElement(string name) => VoidElements.Contains(name);

    /// <summary>Decodes HTML character references (all HTML5 names, decimal and hex); unknown ones stay as written.</summary>
    public static string Decode(string text)
    {
        if (!text.Contains('&', StringComparison.Ordinal))
        {
            return text;
        }

        var sb = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            var amp = text.IndexOf('&', i);
            if (amp < 0)
            {
                sb.Append(text, i, text.Length - i);
                break;
            }

            sb.Append(text, i, amp - i);
            var semi = text.IndexOf(';', amp + 1, Math.Min(40, text.Length - amp - 1));
            string? value = null;
            if (semi > amp + 1)
            {
                var name = text[(amp + 1)..semi];
                value = name[0] == '#' ? DecodeNumber(name[1..]) : CharacterReferences.Lookup(name);
            }

            if (value is null)
            {
                sb.Append('&');
                i = amp + 1;
            }
            else
            {
                sb.Append(value);
                i = semi + 1;
            }
        }

        return sb.ToString();
    }

    private static string? DecodeNumber(string digits)
    {
        var hex = digits.Length > 0 && digits[0] is 'x' or 'X';
        var span = hex ? digits[1..] : digits;
        var ok = int.TryParse(span, hex ? NumberStyles.AllowHexSpecifier : NumberStyles.None, CultureInfo.InvariantCulture, out var cp);
        return ok && Rune.IsValid(cp) && cp != 0 ? char.ConvertFromUtf32(XmlRepair.MapC1(cp)) : null;
    }

    /// <summary>Collapses runs of whitespace to one space and trims; no-break spaces are meant, so they stay.</summary>
    public static string CollapseWhitespace(string text)
    {
        if (IsCollapsed(text))
        {
            return text;
        }

        var sb = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (Collapses(c))
            {
                pendingSpace = sb.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                sb.Append(' ');
                pendingSpace = false;
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    // Most titles, names and dates are already collapsed: no whitespace at the ends and only single spaces between
    // words. Looked at in three vectorized searches, not character by character (which was 2-3% of parsing a feed).
    private static bool IsCollapsed(string text) =>
        text.Length == 0
        || (text[0] != ' ' && text[^1] != ' ' && !text.AsSpan().ContainsAny(CollapsedOtherThanSpace) && !text.Contains("  ", StringComparison.Ordinal));

    // No-break spaces are meant, so they stay.
    private static bool Collapses(char c) => char.IsWhiteSpace(c) && c is not '\u00A0' and not '\u2007' and not '\u202F';

    // Every character Collapses but the space, taken from the same rule so the two cannot disagree.
    private static readonly SearchValues<char> CollapsedOtherThanSpace =
        SearchValues.Create([.. Enumerable.Range(0, char.MaxValue + 1).Select(i => (char)i).Where(c => c != ' ' && Collapses(c))]);

    private const string Ellipsis = "…";

    /// <summary>
    /// HTML to display text, laid out as the caller needs: <see cref="TextLayout.Inline"/> on one line (what titles
    /// and feed-level values have always stored), or <see cref="TextLayout.Blocks"/> one line per block.
    /// </summary>
    public static string ToPlainText(string? html, TextLayout layout) => layout switch
    {
        _ when string.IsNullOrEmpty(html) => "",
        // Inline decodes after the scan, as titles always have been: "&amp;lt;b&amp;gt;" is text, never a tag.
        TextLayout.Inline => CollapseWhitespace(Decode(HtmlScanner.Scan(html, layout))),
        TextLayout.Blocks => HtmlScanner.Scan(html, layout),
        _ => throw new ArgumentOutOfRangeException(nameof(layout), layout, "unknown text layout"),
    };

    /// <summary>
    /// At most <paramref name="maxChars"/> characters, cut at a word boundary and ending in "…"
    /// when anything was cut.
    /// </summary>
    public static string Truncate(string text, int maxChars)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxChars, 1);
        if (text.Length <= maxChars)
        {
            return text;
        }

        var limit = maxChars - Ellipsis.Length;
        var cut = limit;
        // Prefer the last space before the limit, unless that throws away most of the text.
        while (cut > 0 && !char.IsWhiteSpace(text[cut]))
        {
            cut--;
        }

        if (cut < limit / 2)
        {
            cut = limit;
        }

        if (cut > 0 && char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        var head = text.AsSpan(0, cut).TrimEnd();
        head = head.TrimEnd(",;:-–—");
        return head.ToString() + Ellipsis;
    }


    /// <summary>True when the text looks like it carries markup or character references.</summary>
    public static bool LooksLikeHtml(string text)
    {
        for (var i = 0; i < text.Length - 1; i++)
        {
            if (text[i] == '<' && (char.IsAsciiLetter(text[i + 1]) || text[i + 1] is '/' or '!'))
            {
                return true;
            }

            if (text[i] == '&' && (char.IsAsciiLetter(text[i + 1]) || text[i + 1] == '#'))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether <see cref="UndoDoubleEscape"/> could change the text of these UTF-8 bytes: only one that starts with
    /// "&amp;lt;", ends with "&amp;gt;" and holds no "&lt;"; false says it returns its input.
    /// </summary>
    public static bool MayBeDoubleEscaped(ReadOnlySpan<byte> html) =>
        html.StartsWith("&lt;"u8) && html.EndsWith("&gt;"u8) && !html.Contains((byte)'<');

    /// <summary>
    /// HTML escaped twice by its publisher ("&amp;lt;p&amp;gt;Hello&amp;lt;/p&amp;gt;" arriving as "&lt;p&gt;Hello&lt;/p&gt;"):
    /// when the whole value is one escaped element and holds no real tag, it is unescaped once. Text that merely
    /// mentions a tag ("the &lt;blink&gt; tag") does not start and end that way, and stays as it is.
    /// </summary>
    public static string UndoDoubleEscape(string html)
    {
        if (!html.StartsWith("&lt;", StringComparison.Ordinal) || !html.EndsWith("&gt;", StringComparison.Ordinal) || html.Contains('<', StringComparison.Ordinal))
        {
            return html;
        }

        var afterLt = html.AsSpan(4);
        var nameLength = 0;
        while (nameLength < afterLt.Length && char.IsAsciiLetterOrDigit(afterLt[nameLength]))
        {
            nameLength++;
        }

        var name = afterLt[..nameLength];
        var closes = html.EndsWith(string.Concat("&lt;/", name, "&gt;"), StringComparison.OrdinalIgnoreCase);
        if (nameLength == 0 || !char.IsAsciiLetter(name[0]) || !(closes || IsVoidElement(name.ToString())))
        {
            return html;
        }

        return html.Replace("&lt;", "<", StringComparison.Ordinal).Replace("&gt;", ">", StringComparison.Ordinal)
            .Replace("&quot;", "\"", StringComparison.Ordinal).Replace("&#39;", "'", StringComparison.Ordinal)
            .Replace("&amp;", "&", StringComparison.Ordinal);
    }

    /// <summary>Plain text as HTML: escaped, with line breaks kept.</summary>
    public static string TextToHtml(string text) => HtmlEscape.Text(text.Trim()).ReplaceLineEndings("<br>");
}
