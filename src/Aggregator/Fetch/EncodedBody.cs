using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Net.Http.Headers;

namespace Aggregator.Fetch;

/// <summary>
/// A gzip, deflate or br body, decoded here rather than by the handler: GZipStream, ZLibStream, DeflateStream
/// and BrotliStream all end quietly where the bytes end, so a body cut inside its compressed stream would
/// come out as a shorter document, parse, and be stored as if whole. <see cref="Incomplete"/> tells a
/// stream that reached its end marker from one that did not.
/// </summary>
internal sealed class EncodedBody : IAsyncDisposable
{
    private readonly WireStream wire;

    private EncodedBody(string name, WireStream wire, Stream decoder)
    {
        Name = name;
        this.wire = wire;
        Decoded = new OutputMarkingStream(decoder, wire);
    }

    /// <summary>The Accept-Encoding sent: the codings <see cref="OpenAsync"/> decodes.</summary>
    internal const string AcceptEncoding = "gzip, deflate, br";

    /// <summary>The coding as the header named it: gzip, deflate or br.</summary>
    public string Name { get; }

    /// <summary>The decoded body, to be read to its end before <see cref="Incomplete"/> is asked.</summary>
    public Stream Decoded { get; }

    /// <summary>
    /// Bytes after a whole gzip body's last member, which the decoder skipped (a proxy's or server's junk: gzip(1) and
    /// browsers ignore it too); known once <see cref="Incomplete"/> found the body whole. Exact, in any framing, up to
    /// <see cref="JunkReadLimit"/>; longer junk is counted as that limit and the rest is left unread.
    /// </summary>
    /// <remarks>
    /// Counted from where the trailer ends on the wire to the last byte received. A count frozen from the tail when the
    /// body was found whole fell short by whatever <see cref="SkipJunkAsync"/> read next into that tail rather than
    /// after it (its whole first read whenever the decoder had stopped within a trailer's reach of its last output).
    /// </remarks>
    public long IgnoredBytes => junkStart < 0 ? 0 : wire.BytesRead - junkStart;

    /// <summary>How much junk is counted at most: enough to count what proxies append, not to read a stream.</summary>
    internal const int JunkReadLimit = 256 * 1024;

    /// <summary>Where on the wire the junk after the last member's trailer starts, or -1 until the body is found whole.</summary>
    private long junkStart = -1;

    /// <summary>
    /// A decoder for the one coding the response names, or null for an identity body. A coding we do
    /// not know (or several stacked) is handed on undecoded, as the handler did.
    /// </summary>
    public static async ValueTask<EncodedBody?> OpenAsync(HttpContentHeaders headers, Stream body, CancellationToken ct)
    {
        var codings = headers.ContentEncoding.Where(c => !c.Equals("identity", StringComparison.OrdinalIgnoreCase)).ToList();
        if (codings.Count != 1)
        {
            return null;
        }

        var name = codings[0].ToLowerInvariant();
        var wire = new WireStream(body);
        switch (name)
        {
            case "gzip" or "x-gzip":
                return new EncodedBody("gzip", wire, new GZipStream(wire, CompressionMode.Decompress));
            case "br":
                return new EncodedBody(name, wire, new BrotliStream(wire, CompressionMode.Decompress));
            case "deflate":
                // RFC 9110 says zlib, but servers send raw DEFLATE too: a zlib header is recognisable.
                var start = await wire.PeekAsync(2, ct);
                Stream decoder = IsZlibHeader(start.Span)
                    ? new ZLibStream(wire, CompressionMode.Decompress)
                    : new DeflateStream(wire, CompressionMode.Decompress);
                return new EncodedBody(name, wire, decoder);
            default:
                return null;
        }
    }

    /// <summary>
    /// Null when the compressed stream ended where its format says it ends, else the one-line reason.
    /// An empty body is not a cut one: nothing was sent, so nothing is taken for a document.
    /// </summary>
    public string? Incomplete(ReadOnlySpan<byte> decoded)
    {
        if (wire.BytesRead == 0)
        {
            return null;
        }

        if (Name != "gzip")
        {
            return wire.ReachedEnd ? FetchErrors.EndedEarly(Name, wire.BytesRead) : null;
        }

        var tail = wire.Tail;
        var trailerEnd = GzipTrailerEnd(tail, decoded);
        if (trailerEnd < 0)
        {
            return FetchErrors.EndedEarly(Name, wire.BytesRead);
        }

        junkStart = wire.TailEnd - (tail.Length - trailerEnd);
        return null;
    }

    /// <summary>
    /// Reads the rest of a whole gzip body's junk (GZipStream stops at the first bytes that cannot start a member),
    /// until <see cref="IgnoredBytes"/> reaches <see cref="JunkReadLimit"/>, so it counts the junk.
    /// </summary>
    public async ValueTask SkipJunkAsync(CancellationToken ct)
    {
        if (IgnoredBytes == 0 || wire.ReachedEnd)
        {
            return;
        }

        var scratch = new byte[16 * 1024];
        // Each read asks for no more than the limit leaves, so junk longer than the limit is counted as the limit itself.
        while (IgnoredBytes < JunkReadLimit
            && await wire.ReadAsync(scratch.AsMemory(0, (int)Math.Min(scratch.Length, JunkReadLimit - IgnoredBytes)), ct) > 0)
        {
        }
    }

    public async ValueTask DisposeAsync() => await Decoded.DisposeAsync();

    /// <summary>CMF says deflate with a window of at most 32 KiB, and CMF·256+FLG is a multiple of 31 (RFC 1950 §2.2).</summary>
    private static bool IsZlibHeader(ReadOnlySpan<byte> start) =>
        start.Length == 2 && (start[0] & 0x0F) == 8 && (start[0] >> 4) <= 7 && ((start[0] << 8) | start[1]) % 31 == 0;

    /// <summary>
    /// GZipStream reads past a member's end to look for another, so reaching the end of the wire says
    /// nothing; the trailer does. A complete body ends with CRC-32 and length of its last member's output
    /// (the last ISIZE decoded bytes, whether one member or several), possibly followed by junk that
    /// GZipStream skips. A cut body's last bytes are compressed data, matching by chance one time in 2^32.
    /// </summary>
    /// <returns>Where in <paramref name="tail"/> the last member's trailer ends, or -1 when there is none.</returns>
    private static int GzipTrailerEnd(ReadOnlySpan<byte> tail, ReadOnlySpan<byte> decoded)
    {
        for (var end = tail.Length; end >= 8; end--)
        {
            var trailer = tail[(end - 8)..end];
            var size = BinaryPrimitives.ReadUInt32LittleEndian(trailer[4..]);
            // A zero size only where nothing was decoded: eight zero bytes (junk, or a stored block cut short) would
            // otherwise pass for the trailer of an empty member.
            if ((size > 0 || decoded.IsEmpty) && size <= decoded.Length
                && Crc32.HashToUInt32(decoded[^(int)size..]) == BinaryPrimitives.ReadUInt32LittleEndian(trailer))
            {
                return end;
            }
        }

        return -1;
    }
}
