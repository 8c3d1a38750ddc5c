using System.Buffers;
using System.Text;

namespace Aggregator.Fetch;

/// <summary>
/// The charset a document names for itself, read from its bytes: the XML declaration's encoding, an HTML
/// &lt;meta charset&gt;. Both are ASCII wherever they are legal, so no text is made to find them; a body's head
/// turned into a string (two bytes a character) cost every poll tens of kilobytes, on the large-object heap
/// once the window passed 42 KB.
/// </summary>
public static class DeclaredCharset
{
    /// <summary>
    /// How much of the body is searched: far past where a declaration or a meta charset stands (HTML's own prescan
    /// stops at 1,024 bytes), bounded for a huge page.
    /// </summary>
    public const int HeadWindow = 40 * 1024;

    // .NET's \s over Latin-1 text (the bytes as characters): ASCII whitespace, NEL and no-break space.
    private static readonly SearchValues<byte> Space = SearchValues.Create([(byte)'\t', (byte)'\n', 0x0B, 0x0C, (byte)'\r', (byte)' ', 0x85, 0xA0]);

    private static readonly SearchValues<byte> LabelBytes = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:-"u8);

    /// <summary>The encoding the XML declaration at the very start names (after any whitespace), or null.</summary>
    public static string? XmlDeclaration(ReadOnlySpan<byte> body)
    {
        var rest = SkipSpace(body[..Math.Min(body.Length, HeadWindow)]);
        if (!rest.StartsWith("<?xml"u8))
        {
            return null;
        }

        // The declaration ends at the first '>': each "encoding" before it is tried in turn.
        var end = rest.IndexOf((byte)'>');
        var declaration = end < 0 ? rest : rest[..end];
        for (var at = declaration.IndexOf("encoding"u8); at >= 0; at = Next(declaration, at))
        {
            var value = SkipSpace(declaration[(at + "encoding".Length)..]);
            if (value.IsEmpty || value[0] != (byte)'=')
            {
                continue;
            }

            value = SkipSpace(value[1..]);
            if (value.IsEmpty || value[0] is not ((byte)'"' or (byte)'\''))
            {
                continue;
            }

            value = value[1..];
            // The label must be closed by a quote inside the declaration.
            var length = value.IndexOfAnyExcept(LabelBytes);
            if (length > 0 && value[length] is (byte)'"' or (byte)'\'')
            {
                return Encoding.ASCII.GetString(value[..length]);
            }
        }

        return null;
    }

    /// <summary>The charset of the first &lt;meta … charset=…&gt; in the head of an HTML body, or null.</summary>
    public static string? HtmlMeta(ReadOnlySpan<byte> body)
    {
        var head = body[..Math.Min(body.Length, HeadWindow)];
        if (IndexOfIgnoreCase(head, "<html"u8) < 0)
        {
            return null;
        }

        for (var start = IndexOfIgnoreCase(head, "<meta"u8); start >= 0; start = Following(head, start, "<meta"u8))
        {
            // The tag runs to its '>' (or the window's end); the last "charset=" in it with a label wins.
            var tag = head[(start + "<meta".Length)..];
            var end = tag.IndexOf((byte)'>');
            if (end >= 0)
            {
                tag = tag[..end];
            }

            for (var at = LastIndexOfIgnoreCase(tag, "charset"u8); at >= 1; at = LastIndexOfIgnoreCase(tag[..at], "charset"u8))
            {
                var value = SkipSpace(tag[(at + "charset".Length)..]);
                if (value.IsEmpty || value[0] != (byte)'=')
                {
                    continue;
                }

                value = SkipSpace(value[1..]);
                if (!value.IsEmpty && value[0] is (byte)'"' or (byte)'\'')
                {
                    value = value[1..];
                }

                var length = value.IndexOfAnyExcept(LabelBytes);
                length = length < 0 ? value.Length : length;
                if (length > 0)
                {
                    return Encoding.ASCII.GetString(value[..length]);
                }
            }
        }

        return null;
    }

    private static ReadOnlySpan<byte> SkipSpace(ReadOnlySpan<byte> bytes)
    {
        var first = bytes.IndexOfAnyExcept(Space);
        return first < 0 ? [] : bytes[first..];
    }

    private static int Next(ReadOnlySpan<byte> declaration, int at)
    {
        var after = declaration[(at + 1)..].IndexOf("encoding"u8);
        return after < 0 ? -1 : at + 1 + after;
    }

    private static int Following(ReadOnlySpan<byte> head, int start, ReadOnlySpan<byte> value)
    {
        var after = IndexOfIgnoreCase(head[(start + 1)..], value);
        return after < 0 ? -1 : start + 1 + after;
    }

    private static int IndexOfIgnoreCase(ReadOnlySpan<byte> bytes, ReadOnlySpan<byte> lowerAscii)
    {
        // The first byte in either case, then a case-blind compare of the rest.
        var first = lowerAscii[0];
        var upper = (byte)char.ToUpperInvariant((char)first);
        for (var offset = 0; ;)
        {
            var i = bytes[offset..].IndexOfAny(first, upper);
            if (i < 0)
            {
                return -1;
            }

            var at = offset + i;
            if (bytes.Length - at >= lowerAscii.Length && Ascii.EqualsIgnoreCase(bytes.Slice(at, lowerAscii.Length), lowerAscii))
            {
                return at;
            }

            offset = at + 1;
        }
    }

    private static int LastIndexOfIgnoreCase(ReadOnlySpan<byte> bytes, ReadOnlySpan<byte> lowerAscii)
    {
        for (var end = bytes.Length; end >= lowerAscii.Length;)
        {
            var i = bytes[..end].LastIndexOfAny(lowerAscii[0], (byte)char.ToUpperInvariant((char)lowerAscii[0]));
            if (i < 0)
            {
                return -1;
            }

            if (bytes.Length - i >= lowerAscii.Length && Ascii.EqualsIgnoreCase(bytes.Slice(i, lowerAscii.Length), lowerAscii))
            {
                return i;
            }

            end = i;
        }

        return -1;
    }
}
