using System.Buffers;
using System.Text;
using Aggregator.Fetch;
using Aggregator.Model;

namespace Aggregator.Parse;

/// <summary>
/// Whether a feed's bytes prove that none of its texts can hold the tell-tale <see cref="DoubleEncoding"/> looks
/// for, so its check of every field of every entry (a pass over all the text kept) can be left out.
/// </summary>
/// <remarks>
/// The tell-tale starts with a lead character U+00C2–U+00F4. In a body that is well-formed UTF-8 such a character
/// is written as 0xC3 and a second byte, and can otherwise only come from what is decoded after the bytes: character
/// references (numeric or named, escaped once more as "&amp;amp;", or without their ";" as HTML reads them), base64
/// (an Atom content element in an RSS item) and JSON escapes. The proof is conservative: it holds only for an RSS or
/// RDF feed of checked UTF-8 with no 0xC3, no Atom content element, and only references that cannot decode to such
/// a character; any other body keeps the check.
/// </remarks>
internal static class TellTaleFree
{
    private const int LongestName = 32;

    // References that are everywhere in feeds and decode to a character outside U+00C2–U+00F4 and other than "&".
    // Matched whole, so a longer name that starts with one of them ("&ltAtilde;") is not taken as safe.
    private static readonly string[] SafeNames =
        ["lt", "gt", "quot", "apos", "nbsp", "hellip", "mdash", "ndash", "rsquo", "lsquo", "ldquo", "rdquo",
         "laquo", "raquo", "copy", "reg", "trade", "bull", "middot", "shy", "zwj", "zwnj"];

    private static readonly SearchValues<byte> NameBytes =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"u8);

    private static readonly SearchValues<byte> TagNameEnds = SearchValues.Create(" \t\r\n/>"u8);

    public static bool Holds(ReadOnlySpan<byte> body, BodyCharset charset, FeedFormat format)
    {
        if (!charset.CheckedUtf8 || format is not (FeedFormat.Rss or FeedFormat.Rdf) || body.Contains((byte)0xC3)
            || MayHoldAtomContent(body))
        {
            return false;
        }

        int amp;
        while ((amp = body.IndexOf((byte)'&')) >= 0)
        {
            body = body[(amp + 1)..];
            if (!SafeReference(ref body))
            {
                return false;
            }
        }

        return true;
    }

    // RSS items read an Atom 1.0 content element through AtomText, which decodes base64 for a media type: any
    // element named "content" (the tag, not the prefix of content:encoded) in a body naming the Atom namespace.
    private static bool MayHoldAtomContent(ReadOnlySpan<byte> body)
    {
        if (body.IndexOf("www.w3.org/2005/Atom"u8) < 0)
        {
            return false;
        }

        var rest = body;
        int at;
        while ((at = rest.IndexOf("content"u8)) >= 0)
        {
            var before = at > 0 ? rest[at - 1] : (byte)0;
            rest = rest[(at + "content"u8.Length)..];
            if (before is (byte)'<' or (byte)':' && (rest.IsEmpty || TagNameEnds.Contains(rest[0])))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether the reference after an "&amp;" cannot decode to a lead character; one that decodes to "&amp;" is
    /// followed by what comes after it, which a second decoding would read as a reference.
    /// </summary>
    private static bool SafeReference(ref ReadOnlySpan<byte> rest)
    {
        while (true)
        {
            if (rest.IsEmpty)
            {
                return true;
            }

            int decoded;
            if (rest[0] == (byte)'#')
            {
                (decoded, var length) = Numeric(rest[1..]);
                if (length == 0)
                {
                    return true;
                }

                rest = rest[(1 + length)..];
            }
            else
            {
                var length = rest.IndexOfAnyExcept(NameBytes);
                length = length < 0 ? rest.Length : length;
                if (length == 0)
                {
                    return true;
                }

                // "&amp" with or without ";", any case, and whatever name follows it ("&ampAtilde;") as HTML's
                // legacy prefix matching reads it: an "&" once decoded.
                if (length >= 3 && Ascii.EqualsIgnoreCase(rest[..3], "amp"u8))
                {
                    decoded = '&';
                    rest = rest[3..];
                }
                else if (length <= LongestName && IsSafeName(rest[..length]))
                {
                    return true;
                }
                else
                {
                    return false;
                }
            }

            if (decoded is >= 0xC2 and <= 0xF4)
            {
                return false;
            }

            if (decoded != '&')
            {
                return true;
            }

            if (!rest.IsEmpty && rest[0] == (byte)';')
            {
                rest = rest[1..];
            }
        }
    }

    // The value of "#123" or "#x7B" (the bytes after "#"), saturated so leading zeros and overlong numbers stay
    // in range, and how many bytes it took; 0 when no digit follows.
    private static (int Value, int Length) Numeric(ReadOnlySpan<byte> digits)
    {
        var hex = !digits.IsEmpty && digits[0] is (byte)'x' or (byte)'X';
        var i = hex ? 1 : 0;
        var start = i;
        var value = 0;
        for (; i < digits.Length; i++)
        {
            int d = digits[i];
            var lower = d | 0x20;
            int digit;
            if (d >= '0' && d <= '9')
            {
                digit = d - '0';
            }
            else if (hex && lower >= 'a' && lower <= 'f')
            {
                digit = lower - 'a' + 10;
            }
            else
            {
                break;
            }

            value = Math.Min(value * (hex ? 16 : 10) + digit, 0x110000);
        }

        return i == start ? (0, 0) : (value, i);
    }

    private static bool IsSafeName(ReadOnlySpan<byte> name)
    {
        foreach (var safe in SafeNames)
        {
            if (Ascii.Equals(name, safe))
            {
                return true;
            }
        }

        return false;
    }
}
