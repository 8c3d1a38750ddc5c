using System.Buffers;
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
        var first = IndexOfChange(text, escapeQuote);
        if (first < 0)
        {
            return text;
        }

        var sb = new StringBuilder(text.Length + 16).Append(text, 0, first);
        Append(sb, text.AsSpan(first), escapeQuote);
        return sb.ToString();
    }

    // The text between two characters to change is appended as one run: appended a character at a time, the escaper
    // was about a fifth of the sanitizer's time (issue 23, bench/cpu-profile.md, h52h).
    private static void Append(StringBuilder sb, ReadOnlySpan<char> text, bool escapeQuote)
    {
        while (true)
        {
            var at = IndexOfChange(text, escapeQuote);
            if (at < 0)
            {
                sb.Append(text);
                return;
            }

            sb.Append(text[..at]);
            switch (text[at])
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '"': sb.Append("&quot;"); break;
                default: break; // what XML forbids is dropped
            }

            text = text[(at + 1)..];
        }
    }

    /// <summary>Where the first character that is escaped or dropped lies, or -1; a surrogate pair is kept as it is.</summary>
    private static int IndexOfChange(ReadOnlySpan<char> text, bool escapeQuote)
    {
        var stops = escapeQuote ? AttributeStops : TextStops;
        for (var from = 0; ;)
        {
            var at = text[from..].IndexOfAny(stops);
            if (at < 0)
            {
                return -1;
            }

            at += from;
            if (!IsValid(text, at, out var width) || text[at] is '&' or '<' or '>' or '"')
            {
                return at;
            }

            from = at + width;
        }
    }

    /// <summary>What XML 1.0 forbids outside surrogates: C0 controls but tab, newline and carriage return; U+FFFE and U+FFFF.</summary>
    internal const string XmlForbidden = "\0\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000B\u000C\u000E\u000F\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F\uFFFE\uFFFF";

    private static readonly SearchValues<char> TextStops = Stops("&<>");

    private static readonly SearchValues<char> AttributeStops = Stops("&<>\"");

    // What the escaper must look at: what it escapes, what XML forbids, and surrogates (kept only in pairs). Anything
    // else is copied as it is.
    private static SearchValues<char> Stops(string escaped)
    {
        var surrogates = Enumerable.Range(0xD800, 0xE000 - 0xD800).Select(c => (char)c);
        return SearchValues.Create([.. escaped, .. XmlForbidden, .. surrogates]);
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
