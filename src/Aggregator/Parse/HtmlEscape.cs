using System.Text;

namespace Aggregator.Parse;

/// <summary>
/// The one escaper for HTML, whoever writes it: the parser serializing XHTML content, the sanitizer,
/// the feed writers' own markup and the index page. Only &amp;, &lt;, &gt; (and " in attribute values)
/// are escaped, so accented letters stay readable, and characters XML 1.0 forbids (C0 controls, lone
/// surrogates, U+FFFE/U+FFFF) are dropped, because the HTML ends up inside Atom and RSS too, where one
/// such character makes a whole feed unreadable.
/// </summary>
public static class HtmlEscape
{
    public static StringBuilder AppendText(this StringBuilder sb, string text)
    {
        Append(sb, text, escapeQuote: false);
        return sb;
    }

    /// <summary>A slice of a larger text, escaped without making a string of it (the sanitizer's simple-markup road).</summary>
    public static StringBuilder AppendText(this StringBuilder sb, ReadOnlySpan<char> text)
    {
        Append(sb, text, escapeQuote: false);
        return sb;
    }

    /// <summary>For a double-quoted attribute value.</summary>
    public static StringBuilder AppendAttributeValue(this StringBuilder sb, string value)
    {
        Append(sb, value, escapeQuote: true);
        return sb;
    }

    public static string Text(string text) => Escape(text, escapeQuote: false);

    /// <summary>For a double-quoted attribute value.</summary>
    public static string AttributeValue(string value) => Escape(value, escapeQuote: true);

    // Most text needs nothing escaped or dropped: it is returned as it is, without a copy.
    private static string Escape(string text, bool escapeQuote)
    {
        for (var i = 0; i < text.Length;)
        {
            var c = text[i];
            if (!IsValid(text, i, out var width) || c is '&' or '<' or '>' || (escapeQuote && c == '"'))
            {
                var sb = new StringBuilder(text.Length + 16).Append(text, 0, i);
                Append(sb, text.AsSpan(i), escapeQuote);
                return sb.ToString();
            }
            i += width;
        }
        return text;
    }

    private static void Append(StringBuilder sb, ReadOnlySpan<char> text, bool escapeQuote)
    {
        for (var i = 0; i < text.Length;)
        {
            if (!IsValid(text, i, out var width))
            {
                i++;
                continue;
            }

            var c = text[i];
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '"' when escapeQuote: sb.Append("&quot;"); break;
                default: sb.Append(text.Slice(i, width)); break;
            }

            i += width;
        }
    }

    /// <summary>XML 1.0 Char production; a surrogate pair counts as one character of width 2.</summary>
    private static bool IsValid(ReadOnlySpan<char> text, int i, out int width)
    {
        var c = text[i];
        width = 1;
        if (c >= 0x20 && c < 0xD800)
        {
            return true;
        }

        if (c < 0x20)
        {
            return c is '\t' or '\n' or '\r';
        }

        if (char.IsHighSurrogate(c))
        {
            if (i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                width = 2;
                return true;
            }

            return false;
        }

        return c >= 0xE000 && c <= 0xFFFD;
    }
}
