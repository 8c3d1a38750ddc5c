using System.Text;

namespace Aggregator.Normalize;

/// <summary>
/// Escaping for text that ends up inside XML (Atom, RSS) as well as HTML: only the four XML
/// entities are emitted, and characters XML 1.0 forbids (C0 controls, lone surrogates, U+FFFE/U+FFFF)
/// are dropped, because one such character makes a whole feed unreadable.
/// </summary>
internal static class XmlSafeWriter
{
    public static void AppendText(StringBuilder sb, string text) => Append(sb, text, escapeQuote: false);

    public static void AppendAttributeValue(StringBuilder sb, string value) => Append(sb, value, escapeQuote: true);

    private static void Append(StringBuilder sb, string text, bool escapeQuote)
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
                default: sb.Append(text, i, width); break;
            }

            i += width;
        }
    }

    /// <summary>XML 1.0 Char production; a surrogate pair counts as one character of width 2.</summary>
    private static bool IsValid(string text, int i, out int width)
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
