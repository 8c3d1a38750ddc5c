using System.Globalization;
using System.Text;

namespace Aggregator.Tests.Parse;

/// <summary>
/// The inline text conversion exactly as Parse had it before the two HtmlText classes became one module
/// (a frozen copy, kept only as the oracle): stored titles and feed fields were made with it, so the module's
/// <see cref="Aggregator.Parse.TextLayout.Inline"/> must keep giving the same bytes.
/// </summary>
internal static class LegacyInlineText
{
    public static string ToPlainText(string html) => CollapseWhitespace(Decode(StripTags(html)));

    /// <summary>Decodes HTML character references (all HTML5 names, decimal and hex); unknown ones stay as written.</summary>
    private static string Decode(string text)
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
                value = name[0] == '#' ? DecodeNumber(name[1..]) : Lookup(name);
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
        return ok && Rune.IsValid(cp) && cp != 0 ? char.ConvertFromUtf32(Aggregator.Parse.XmlRepair.MapC1(cp)) : null;
    }

    /// <summary>Collapses runs of whitespace to one space and trims; no-break spaces are meant, so they stay.</summary>
    internal static string CollapseWhitespace(string text)
    {
        if (IsCollapsed(text))
        {
            return text;
        }

        var sb = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) && c is not '\u00A0' and not '\u2007' and not '\u202F')
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

    // Most titles, names and dates are already collapsed: no whitespace at the ends and only single spaces between words.
    private static bool IsCollapsed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == ' ' ? i == 0 || i == text.Length - 1 || text[i + 1] == ' ' : char.IsWhiteSpace(c) && c is not '\u00A0' and not '\u2007' and not '\u202F')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Removes tags, comments and the content of script and style elements.</summary>
    private static string StripTags(string html)
    {
        if (!html.Contains('<', StringComparison.Ordinal))
        {
            return html;
        }

        var sb = new StringBuilder(html.Length);
        var i = 0;
        while (i < html.Length)
        {
            var c = html[i];
            var next = i + 1 < html.Length ? html[i + 1] : '\0';
            if (c != '<' || !(char.IsAsciiLetter(next) || next is '/' or '!' or '?'))
            {
                sb.Append(c);
                i++;
                continue;
            }

            if (string.CompareOrdinal(html, i, "<!--", 0, 4) == 0)
            {
                var endComment = html.IndexOf("-->", i + 4, StringComparison.Ordinal);
                i = endComment < 0 ? html.Length : endComment + 3;
                continue;
            }

            var end = TagEnd(html, i + 1);
            if (end < 0)
            {
                break;
            }

            var tag = html[(i + 1)..end].TrimStart('/');
            var nameLength = 0;
            while (nameLength < tag.Length && char.IsAsciiLetterOrDigit(tag[nameLength]))
            {
                nameLength++;
            }

            var tagName = tag[..nameLength];
            var isOpening = html[i + 1] != '/' && html[end - 1] != '/';
            i = end + 1;
            if (isOpening && (tagName.Equals("script", StringComparison.OrdinalIgnoreCase) || tagName.Equals("style", StringComparison.OrdinalIgnoreCase)))
            {
                var close = html.IndexOf("</" + tagName, i, StringComparison.OrdinalIgnoreCase);
                var closeEnd = close < 0 ? -1 : html.IndexOf('>', close);
                i = closeEnd < 0 ? html.Length : closeEnd + 1;
            }
            else if (tagName.Length > 0 && IsBlock(tagName))
            {
                sb.Append(' ');
            }
        }

        return sb.ToString();
    }

    // The ">" that closes a tag, skipping any inside quoted attribute values (alt="a<br>b").
    private static int TagEnd(string html, int i)
    {
        var quote = '\0';
        for (; i < html.Length; i++)
        {
            var c = html[i];
            if (quote != '\0')
            {
                quote = c == quote ? '\0' : quote;
            }
            else if (c is '"' or '\'' && i > 0 && html[i - 1] == '=')
            {
                quote = c;
            }
            else if (c == '>')
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsBlock(string tag) => tag.ToUpperInvariant() is "BR" or "P" or "DIV" or "LI" or "TR" or "TD" or "H1" or "H2" or "H3" or "H4" or "H5" or "H6" or "BLOCKQUOTE";

    private static string? Lookup(string name)
    {
        var symbol = AngleSharp.Html.HtmlEntityProvider.Resolver.GetSymbol(name + ";");
        if (!string.IsNullOrEmpty(symbol))
        {
            return symbol;
        }

        var decoded = System.Net.WebUtility.HtmlDecode("&" + name + ";");
        return decoded.Length > 0 && decoded[0] != '&' ? decoded : null;
    }
}
