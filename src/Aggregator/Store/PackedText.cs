using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Aggregator.Store;

/// <summary>
/// An article's summary or content as SQLite stores it (issue 23): a text of some length is kept as a blob, one format
/// byte, its UTF-8 length and the UTF-8 bytes Brotli-compressed (quality 2 for a short text, 1 for a longer one), so every
/// page a row fills is written half as often. A stored value's type is its format flag: text (every row written before, and texts too short to gain) is
/// read as it is. Readers of both providers go through <see cref="StoredRows.Text"/>.
/// </summary>
public static class PackedText
{
    /// <summary>
    /// The one format so far; another compression would take another byte. The quality is not part of the format: any
    /// Brotli stream decodes the same way, so every build reads what any other build packed.
    /// </summary>
    private const byte BrotliFormat = 0xB1;

    private const int HeaderBytes = 5;

    /// <summary>
    /// Below this many characters a text stays text: Brotli's own framing eats what it would save. On real article text
    /// (bench/cpu-profile.md, h52b) texts of 120-160 characters came out 3-6% smaller for 2.6-3.3 µs each, and half of
    /// those of 120 characters not smaller at all, so the CPU was spent for nothing.
    /// </summary>
    internal const int MinLength = 160;

    // Brotli's quality 1 sets up a two-pass compressor whose fixed cost is most of the time on a short text; quality 2
    // (one pass with a small hash table) packs texts of up to about 1.5 KB both faster (25-35% under 1 KB) and a few
    // bytes smaller, and grows slower than quality 1 past 2 KB. Higher qualities cost several times the CPU for a few
    // percent more. Measured on two halves of the readability corpus: bench/cpu-profile.md, h52b.
    private const int ShortQuality = 2;
    private const int LongQuality = 1;

    /// <summary>Up to this many UTF-8 bytes a text is packed at <see cref="ShortQuality"/>.</summary>
    internal const int ShortBytes = 1024;

    // Window 18 (256 KB) covers any article body the pipeline keeps; a text smaller than the window gets one its size.
    private const int Window = 18;

    /// <summary>The Brotli quality a text of <paramref name="utf8Bytes"/> UTF-8 bytes is packed at.</summary>
    internal static int QualityFor(int utf8Bytes) => utf8Bytes <= ShortBytes ? ShortQuality : LongQuality;

    /// <summary>What to bind for <paramref name="text"/>: null, the text itself, or its packed bytes when smaller.</summary>
    public static object? Pack(string? text)
    {
        if (text is null || !TryPack(text, out var packed, out var length))
        {
            return text;
        }
        try
        {
            return packed.AsSpan(0, length).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(packed);
        }
    }

    /// <summary>
    /// The packed bytes of <paramref name="text"/> in a buffer rented from the shared pool (the caller returns it), or
    /// false when the text is to be stored as it is. For a binder that copies the bytes at once, so no array is made per text.
    /// </summary>
    internal static bool TryPack(string text, out byte[] packed, out int length)
    {
        packed = [];
        length = 0;
        if (!Packable(text))
        {
            return false;
        }
        var utf8Length = Encoding.UTF8.GetByteCount(text);
        var utf8 = ArrayPool<byte>.Shared.Rent(utf8Length);
        try
        {
            Encoding.UTF8.GetBytes(text, utf8);
            return TryPack(utf8.AsSpan(0, utf8Length), out packed, out length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(utf8);
        }
    }

    /// <summary>Whether a text is long enough to be tried packed at all (<see cref="MinLength"/>, in characters).</summary>
    internal static bool Packable(string text) => text.Length >= MinLength;

    /// <summary>
    /// <see cref="TryPack(string, out byte[], out int)"/> for a text already in UTF-8 that is <see cref="Packable"/>: the
    /// same bytes, from wherever the text waits (a poll's rows, <see cref="Sqlite.PackedArticleRows"/>).
    /// </summary>
    internal static bool TryPack(ReadOnlySpan<byte> utf8, out byte[] packed, out int length)
    {
        packed = [];
        length = 0;
        var buffer = ArrayPool<byte>.Shared.Rent(HeaderBytes + BrotliEncoder.GetMaxCompressedLength(utf8.Length));
        try
        {
            if (!BrotliEncoder.TryCompress(utf8, buffer.AsSpan(HeaderBytes), out var written, QualityFor(utf8.Length), Window)
                || HeaderBytes + written >= utf8.Length)
            {
                ArrayPool<byte>.Shared.Return(buffer);
                return false;
            }
            buffer[0] = BrotliFormat;
            BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(1), utf8.Length);
            (packed, length) = (buffer, HeaderBytes + written);
            return true;
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    /// <summary>The text of a stored value: a string as it is, packed bytes unpacked.</summary>
    public static string? Unpack(object? stored) => stored switch
    {
        null or DBNull => null,
        string text => text,
        byte[] packed => Unpack(packed),
        _ => throw new InvalidDataException($"stored text of unexpected type {stored.GetType().Name}"),
    };

    private static string Unpack(byte[] packed)
    {
        if (packed.Length < HeaderBytes || packed[0] != BrotliFormat)
        {
            throw new InvalidDataException($"stored text in an unknown format (first byte 0x{(packed.Length > 0 ? packed[0] : 0):x2}, {packed.Length} bytes)");
        }
        var length = BinaryPrimitives.ReadInt32LittleEndian(packed.AsSpan(1));
        if (length < 0)
        {
            throw new InvalidDataException($"stored text damaged: {packed.Length} packed bytes record a length of {length}");
        }
        if (length > TrustedLength)
        {
            return UnpackLarge(packed, length);
        }
        var utf8 = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            if (!BrotliDecoder.TryDecompress(packed.AsSpan(HeaderBytes), utf8.AsSpan(0, length), out var written) || written != length)
            {
                throw new InvalidDataException($"stored text damaged: {packed.Length} packed bytes do not unpack to the {length} bytes recorded");
            }
            return Encoding.UTF8.GetString(utf8, 0, length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(utf8);
        }
    }

    /// <summary>Up to this recorded length the buffer is taken at once; a damaged or hostile header must not make a read take gigabytes.</summary>
    private const int TrustedLength = 1024 * 1024;

    /// <summary>A long text unpacked into a buffer that grows only as the packed bytes really give it text.</summary>
    private static string UnpackLarge(byte[] packed, int length)
    {
        using var output = new MemoryStream();
        try
        {
            Inflate(packed, length, output);
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidDataException($"stored text damaged: {packed.Length} packed bytes are not Brotli ({e.Message})", e);
        }
        if (output.Length != length)
        {
            throw new InvalidDataException($"stored text damaged: {packed.Length} packed bytes do not unpack to the {length} bytes recorded");
        }
        return Encoding.UTF8.GetString(output.GetBuffer(), 0, length);
    }

    private static void Inflate(byte[] packed, int length, MemoryStream output)
    {
        using (var brotli = new BrotliStream(new MemoryStream(packed, HeaderBytes, packed.Length - HeaderBytes, writable: false), CompressionMode.Decompress))
        {
            var chunk = ArrayPool<byte>.Shared.Rent(81920);
            try
            {
                int read;
                while (output.Length <= length && (read = brotli.Read(chunk, 0, chunk.Length)) > 0)
                {
                    output.Write(chunk, 0, read);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(chunk);
            }
        }
    }
}
