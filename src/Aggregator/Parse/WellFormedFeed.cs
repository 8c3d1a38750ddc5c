using System.Buffers;
using System.Text;
using System.Xml;
using Aggregator.Fetch;
using Aggregator.Model;
using Aggregator.Parse.Xml;

namespace Aggregator.Parse;

/// <summary>
/// The short road for the common case, a well-formed XML feed: the bytes go straight into the XML reader in the
/// charset <see cref="BodyDecoder"/> chose, without first becoming one string and then a repaired copy of it. UTF-8
/// within <see cref="Utf8FeedReader"/>'s subset, most feeds, is read by that reader from the bytes; the rest by
/// <see cref="XmlReader"/>. A document that is not well-formed pays for two reads, the failed one here and the
/// lenient road's: where the byte reader finds a fault, XmlReader would stop at it too and is not tried.
/// The result is the one the lenient road gives: the reader stops (and the caller takes the lenient road) at the
/// first thing <see cref="XmlRepair"/> would have changed other than C1 characters, which are mapped the same way.
/// </summary>
internal static class WellFormedFeed
{
    // Enough text to see past a usual prolog to the root element, and to hold the DOCTYPE hint (4,096 + 300 characters).
    private const int HeadBytes = 32 * 1024;

    // FeedParser.DoctypeHint looks for a DOCTYPE starting in the first 4,096 characters and keeps 300.
    private const int DoctypeReach = 4096 + 300;

    private static readonly UTF8Encoding Utf8WithoutPreamble = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>
    /// The lenient road's reader settings, in the reader that can hand out values in chunks. It also checks
    /// namespaces, which only sends a feed with an undeclared prefix (dc: without xmlns:dc) the lenient way.
    /// </summary>
    internal static readonly XmlReaderSettings ReaderSettings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreWhitespace = false,
        IgnoreComments = false,
        CheckCharacters = true,
        CloseInput = false,
    };

    private static readonly SearchValues<byte> HexDigits = SearchValues.Create("0123456789abcdefABCDEF"u8);

    /// <summary>The feed, or null when the body must take the lenient road (not XML, not well-formed, or a charset not read here).</summary>
    /// <param name="byteReader">
    /// False leaves every document to XmlReader: what the byte reader gives must never depend on it, and the
    /// differential tests compare the two roads with this.
    /// </param>
    public static ParseResult? TryParse(byte[] body, BodyCharset charset, Uri baseUri, int maxEntries, bool byteReader = true) =>
        TryParse(body, charset, baseUri, maxEntries, out _, byteReader);

    /// <param name="entryTags">The item and entry start tags the byte reader counted as it read (see
    /// <see cref="EntryMarkup"/>); null when another reader read the feed.</param>
    internal static ParseResult? TryParse(byte[] body, BodyCharset charset, Uri baseUri, int maxEntries, out int? entryTags, bool byteReader = true)
    {
        entryTags = null;
        if (StreamingEncoding(charset) is not Encoding encoding)
        {
            return null;
        }

        if (!ShowsFeed(body, charset.Skip, encoding, out var doctypeHint))
        {
            return null;
        }

        var input = new Input(body, charset.Skip, encoding, ReaderDecodesAsChosen(body, charset.Skip, encoding));
        var streamed = new StreamedEntries(baseUri);
        var illFormed = false;
        var read = input.Bytes && byteReader ? FeedXmlReader.TryReadWellFormedUtf8(body, charset.Skip, charset.CheckedUtf8, maxEntries, streamed.Closed, out illFormed, streamed) : null;
        if (illFormed)
        {
            return null;
        }

        if (read is null)
        {
            // Whatever the byte reader left to XmlReader; what it mapped before it stopped is forgotten.
            streamed = new StreamedEntries(baseUri);
            read = Read(input, maxEntries, streamed.Closed);
        }

        if (read is not null && !streamed.StillHolds(read.Root))
        {
            // The feed said after its entries what they are read with: read it again, keeping every entry whole.
            streamed = null;
            read = Read(input, maxEntries, entryClosed: null);
        }

        entryTags = read?.EntryTags;
        return read is null ? null : FeedParser.FromTree(read, baseUri, doctypeHint, charset.Warnings, streamed);
    }

    /// <summary>
    /// Whether the head of the body shows a feed's root element, and the DOCTYPE hint it holds (see
    /// <see cref="FeedParser.DoctypeHint"/>). A short head first: it shows the root element and the DOCTYPE hint of
    /// almost every feed, for a seventh of the text; the long one only when the short one does not. The head is
    /// decoded into a rented buffer: as a string it was a third of what a small feed's parse allocated beyond its
    /// entries, read twice and dropped.
    /// </summary>
    private static bool ShowsFeed(byte[] body, int skip, Encoding encoding, out string? doctypeHint)
    {
        var chars = ArrayPool<char>.Shared.Rent(encoding.GetMaxCharCount(Math.Min(body.Length - skip, HeadBytes)));
        try
        {
            var head = FeedHead(body, skip, encoding, ShortHeadBytes(body, skip, encoding), chars);
            head = head >= 0 ? head : FeedHead(body, skip, encoding, HeadBytes, chars);
            doctypeHint = head >= 0 ? FeedParser.DoctypeHint(chars.AsSpan(0, head)) : null;
            return head >= 0;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>
    /// How many characters the first <paramref name="bytes"/> decode to in <paramref name="chars"/> when they show a
    /// feed's root element, else -1. A head that stops short of the DOCTYPE hint's reach (4,096 + 300 characters) is
    /// only trusted when it is the whole body.
    /// </summary>
    private static int FeedHead(byte[] body, int skip, Encoding encoding, int bytes, char[] chars)
    {
        var length = Math.Min(body.Length - skip, bytes);
        var head = chars.AsSpan(0, encoding.GetChars(body, skip, length, chars, 0));
        var isWhole = length == body.Length - skip;
        var trusted = isWhole || bytes == HeadBytes || head.Length >= DoctypeReach;
        return trusted && FormatDetector.DetectFeedFromHead(head, isWhole) is not null ? head.Length : -1;
    }

    /// <param name="Bytes">True when the XML reader may be given the bytes themselves (see <see cref="ReaderDecodesAsChosen"/>).</param>
    /// <summary>
    /// The bytes that decode to just enough characters for the DOCTYPE hint (and a few more, so a root name there is
    /// seen whole): a fixed 8 KB was twice that for an English feed and too few characters for a Cyrillic or Chinese
    /// one, which then decoded the 32 KB head as well. UTF-8 is counted by its lead bytes, one for each character
    /// (a four-byte one makes two UTF-16 characters, which only helps); the other streaming charsets are single-byte.
    /// </summary>
    internal static int ShortHeadBytes(byte[] body, int skip, Encoding encoding)
    {
        const int Characters = DoctypeReach + 8;
        if (encoding.CodePage != 65001)
        {
            return Characters;
        }

        // Most heads are ASCII to the reach, one character a byte: only the rest is counted byte by byte.
        var ascii = body.AsSpan(skip, Math.Min(body.Length - skip, Characters + 1)).IndexOfAnyExceptInRange((byte)0, (byte)0x7F);
        if (ascii < 0)
        {
            return Math.Min(Characters, body.Length - skip);
        }

        var characters = ascii;
        for (var i = skip + ascii; i < body.Length; i++)
        {
            if ((body[i] & 0xC0) != 0x80 && ++characters > Characters)
            {
                return i - skip;
            }
        }

        return body.Length - skip;
    }

    private sealed record Input(byte[] Body, int Skip, Encoding Encoding, bool Bytes);

    /// <summary>
    /// The document read by <see cref="XmlReader"/>, or null for a body with a long character reference, which it would
    /// read otherwise than the repair. Only this road looks: the byte reader refuses such a reference where it decodes
    /// one and leaves the body to the lenient road itself, and inside CDATA it is text on every road; so a body it
    /// reads costs no pass of its own for this.
    /// </summary>
    private static XmlReadResult? Read(Input input, int maxEntries, Func<FeedElement, bool>? entryClosed)
    {
        if (HasLongCharacterReference(input.Body.AsSpan(input.Skip)))
        {
            return null;
        }

        using var stream = new MemoryStream(input.Body, input.Skip, input.Body.Length - input.Skip, writable: false);
        using var text = input.Bytes ? null : new StreamReader(stream, input.Encoding, detectEncodingFromByteOrderMarks: false, bufferSize: 16 * 1024);
        return FeedXmlReader.TryReadWellFormed(() => text is null ? XmlReader.Create(stream, ReaderSettings) : XmlReader.Create(text, ReaderSettings), maxEntries, entryClosed);
    }

    /// <summary>
    /// True when an XML reader given the bytes decodes them exactly as the chosen charset does, which spares a
    /// TextReader between them: the charset is UTF-8, the text starts with "&lt;" (no second byte-order mark, no
    /// UTF-16 look-alike for the reader to sniff) and the declaration names no other encoding to switch to.
    /// </summary>
    internal static bool ReaderDecodesAsChosen(byte[] body, int skip, Encoding encoding) =>
        encoding.CodePage == 65001 && body.Length > skip + 1 && body[skip] == (byte)'<' && body[skip + 1] != 0
        && (DeclaredCharset.XmlDeclaration(body.AsSpan(skip)) ?? "utf-8").Equals("utf-8", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The encoding to stream the body with: UTF-8 or a single-byte charset that writes ASCII as ASCII (the check for
    /// long references below reads bytes). A reader must not skip a byte-order mark of its own: the charset's
    /// choice already did, and a second one is text.
    /// </summary>
    private static Encoding? StreamingEncoding(BodyCharset charset) => charset.Encoding switch
    {
        null => null,
        { CodePage: 65001 } => Utf8WithoutPreamble,
        { IsSingleByte: true } single when single.GetPreamble().Length == 0 && single.GetString("&#0123456789abcdefx;<>"u8) == "&#0123456789abcdefx;<>" => single,
        _ => null,
    };

    /// <summary>
    /// True when a "&amp;#" is followed by more than 8 digits: XML reads "&amp;#0000000065;" as "A", the repair
    /// reads only references of up to 8 digits and keeps a longer one as text. Bytes in CDATA count too, which
    /// only sends such a rare feed the long way.
    /// </summary>
    private static bool HasLongCharacterReference(ReadOnlySpan<byte> bytes)
    {
        int at;
        while ((at = bytes.IndexOf("&#"u8)) >= 0)
        {
            var digits = bytes[(at + 2)..];
            if (!digits.IsEmpty && digits[0] == (byte)'x')
            {
                digits = digits[1..];
            }

            var end = digits.IndexOfAnyExcept(HexDigits);
            if ((end < 0 ? digits.Length : end) > 8)
            {
                return true;
            }

            bytes = digits;
        }

        return false;
    }
}
