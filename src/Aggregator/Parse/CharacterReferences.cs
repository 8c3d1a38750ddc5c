using AngleSharp.Html;

namespace Aggregator.Parse;

/// <summary>HTML character references ("&amp;amp;", "&amp;#8217;", "&amp;copy") decoded as the HTML5 tokenizer does in text: the one entity table (the HTML5 one AngleSharp carries).</summary>
internal static class CharacterReferences
{
    /// <summary>The longest entity name in the HTML5 table is 31 characters plus ';'.</summary>
    private const int MaxNameLength = 32;

    /// <summary>
    /// The characters a name without "&amp;" and ";" stands for ("nbsp" → U+00A0), or null: the strict form
    /// the inline text and XML repair use, where only terminated names count.
    /// </summary>
    public static string? Lookup(string name)
    {
        var symbol = HtmlEntityProvider.Resolver.GetSymbol(name + ";");
        if (!string.IsNullOrEmpty(symbol))
        {
            return symbol;
        }

        // WebUtility knows the HTML 4 names; a second opinion costs nothing.
        var decoded = System.Net.WebUtility.HtmlDecode("&" + name + ";");
        return decoded.Length > 0 && decoded[0] != '&' ? decoded : null;
    }

    /// <summary>Appends what the reference at s[start] == '&amp;' stands for (a bare '&amp;' when it is none) and returns where text resumes.</summary>
    public static int Decode(string s, int start, PlainTextBuilder text)
    {
        var i = start + 1;
        if (i < s.Length && s[i] == '#')
        {
            return DecodeNumeric(s, start, text);
        }

        var nameEnd = i;
        while (nameEnd < s.Length && char.IsAsciiLetterOrDigit(s[nameEnd]) && nameEnd - i < MaxNameLength)
        {
            nameEnd++;
        }

        var resolver = HtmlEntityProvider.Resolver;
        if (nameEnd > i && nameEnd < s.Length && s[nameEnd] == ';' && resolver.GetSymbol(s.Substring(i, nameEnd - i + 1)) is { } symbol)
        {
            text.Append(symbol);
            return nameEnd + 1;
        }

        // Legacy entities also work without ';' ("&copy 2024", "&notit" is "¬it"): the longest one that fits.
        for (var end = nameEnd; end > i + 1; end--)
        {
            if (resolver.GetSymbol(s[i..end]) is { } legacy)
            {
                text.Append(legacy);
                return end;
            }
        }

        text.Append('&');
        return i;
    }

    private static int DecodeNumeric(string s, int start, PlainTextBuilder text)
    {
        var i = start + 2;
        var hex = i < s.Length && s[i] is 'x' or 'X';
        if (hex)
        {
            i++;
        }

        var digitsStart = i;
        var value = 0;
        while (i < s.Length && (hex ? char.IsAsciiHexDigit(s[i]) : char.IsAsciiDigit(s[i])))
        {
            // Saturate: "&#99999999999;" is one replacement character, not an overflow.
            value = Math.Min(value * (hex ? 16 : 10) + DigitValue(s[i]), 0x110000);
            i++;
        }

        if (i == digitsStart)
        {
            text.Append('&');
            return start + 1;
        }

        if (i < s.Length && s[i] == ';')
        {
            i++;
        }

        text.Append(FromCodePoint(value));
        return i;
    }

    private static int DigitValue(char c) => char.IsAsciiDigit(c) ? c - '0' : (c | 0x20) - 'a' + 10;

    private static string FromCodePoint(int value)
    {
        if (value == 0 || value > 0x10FFFF || value is >= 0xD800 and <= 0xDFFF)
        {
            return "\uFFFD";
        }

        // References to the C1 range show the windows-1252 characters authors meant, as the inline decoding maps them.
        return char.ConvertFromUtf32(XmlRepair.MapC1(value));
    }
}
