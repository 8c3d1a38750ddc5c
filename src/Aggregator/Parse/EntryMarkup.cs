using System.Text;
using Aggregator.Fetch;

namespace Aggregator.Parse;

/// <summary>
/// Counts the item and entry start tags in a body, prefixed or not, outside comments and CDATA: what a reader
/// that lost none would return. The count is the yardstick of "no entry lost silently", so it is approximate
/// on purpose (a "~" in the warning) and cheap: one pass over the bytes, looking only at each "&lt;".
/// </summary>
public static class EntryMarkup
{
    /// <summary>The bytes that end a tag's name for this count (unlike the byte reader's, "=" does not).</summary>
    internal static readonly System.Buffers.SearchValues<byte> NameEnds = System.Buffers.SearchValues.Create(" \t\r\n/>"u8);

    public static int Count(byte[] body, BodyCharset charset)
    {
        // "<" is byte 0x3C in UTF-8, the single-byte charsets and the CJK multi-byte ones (never a trail byte);
        // only UTF-16 and UTF-32 need the text.
        ReadOnlySpan<byte> bytes = charset.Encoding is UnicodeEncoding or UTF32Encoding
            ? Encoding.UTF8.GetBytes(charset.GetString(body))
            : body.AsSpan(charset.Skip);
        var count = 0;
        int lt;
        while ((lt = bytes.IndexOf((byte)'<')) >= 0)
        {
            bytes = bytes[(lt + 1)..];
            if (bytes.StartsWith("!--"u8))
            {
                bytes = Past(bytes, "-->"u8);
                continue;
            }

            if (bytes.StartsWith("![CDATA["u8))
            {
                bytes = Past(bytes, "]]>"u8);
                continue;
            }

            if (IsEntryName(bytes))
            {
                count++;
            }
        }

        return count;
    }

    private static ReadOnlySpan<byte> Past(ReadOnlySpan<byte> bytes, ReadOnlySpan<byte> end)
    {
        var at = bytes.IndexOf(end);
        return at < 0 ? [] : bytes[(at + end.Length)..];
    }

    /// <summary>
    /// Whether the bytes after a "&lt;" start an item or entry tag: "item" or "entry", any case, after an optional
    /// "prefix:", then the end of the name. The byte reader counts its start tags by this same rule.
    /// </summary>
    internal static bool IsEntryName(ReadOnlySpan<byte> bytes)
    {
        var nameEnd = bytes.IndexOfAny(NameEnds);
        return nameEnd > 0 && IsEntryTagName(bytes[..nameEnd]);
    }

    /// <summary>
    /// <see cref="IsEntryName"/>'s answer for a tag whose name is <paramref name="name"/> whole (the byte after it
    /// ends a name here): a property of the name alone, so a reader that knows its names can keep it with them.
    /// </summary>
    internal static bool IsEntryTagName(ReadOnlySpan<byte> name)
    {
        if (name.IsEmpty || name.Length > 64)
        {
            return false;
        }

        var colon = name.LastIndexOf((byte)':');
        var local = colon < 0 ? name : name[(colon + 1)..];
        return Ascii.EqualsIgnoreCase(local, "item"u8) || Ascii.EqualsIgnoreCase(local, "entry"u8);
    }
}
