namespace Aggregator.Fetch;

/// <summary>
/// The compressed side of an encoded body, as the decoder reads it: counts the bytes received, notes
/// whether the decoder asked for more after the last one (zlib, raw deflate and Brotli decoders never do once
/// their stream has ended, so asking means it was cut short), keeps the bytes where a gzip trailer can stand
/// and lets the first bytes be looked at before a decoder is chosen.
/// </summary>
/// <remarks>
/// GZipStream stops at the first bytes after a member that cannot start another, having read them in the same chunk
/// as the trailer, and says nothing of them. A fixed 64-byte tail of the wire lost the trailer behind more than 56
/// bytes of such junk, and a whole body was failed as cut. The trailer stands in the chunk the decoder had read when
/// it last produced output (<see cref="MarkOutput"/>), or within a few bytes after: the tail keeps the wire up to
/// there, and what is read further on with no output since is <see cref="LateBytes"/>, junk unless output follows.
/// </remarks>
internal sealed class WireStream(Stream inner) : ReadOnlyWrapperStream(inner)
{
    /// <summary>How far past the last output a trailer can end: its 8 bytes, after the last block's end code.</summary>
    private const int TrailerReach = 64;

    private readonly RecentBytes kept = new();
    private readonly RecentBytes late = new();
    private int largestChunk;
    private long outputMark;
    private byte[] peeked = [];
    private int peekedServed;

    /// <summary>Compressed bytes received so far.</summary>
    public long BytesRead { get; private set; }

    /// <summary>True once a read found the body's end.</summary>
    public bool ReachedEnd { get; private set; }

    /// <summary>
    /// The last bytes received up to a little past the decoder's last output (two chunks' worth), oldest first;
    /// <see cref="LateBytes"/> more came after them.
    /// </summary>
    public ReadOnlySpan<byte> Tail => kept.Span;

    /// <summary>Where on the wire <see cref="Tail"/> ends: the bytes received after it are <see cref="LateBytes"/>.</summary>
    public long TailEnd => BytesRead - LateBytes;

    /// <summary>Bytes received after <see cref="Tail"/> with no output from the decoder since.</summary>
    public long LateBytes { get; private set; }

    private int Window => 2 * (largestChunk + TrailerReach);

    /// <summary>The decoder produced output: what it read so far was compressed data, not junk.</summary>
    public void MarkOutput()
    {
        outputMark = BytesRead;
        if (LateBytes > 0)
        {
            kept.Append(late.Span, Window);
            late.Clear();
            LateBytes = 0;
        }
    }

    /// <summary>Up to <paramref name="count"/> first bytes (fewer if the body is shorter); later reads still return them.</summary>
    public async ValueTask<ReadOnlyMemory<byte>> PeekAsync(int count, CancellationToken ct)
    {
        var buffer = new byte[count];
        var filled = 0;
        while (filled < count)
        {
            var read = await ReceiveAsync(buffer.AsMemory(filled), ct);
            if (read == 0)
            {
                break;
            }

            filled += read;
        }

        peeked = buffer[..filled];
        return peeked;
    }

    public override int Read(Span<byte> buffer)
    {
        if (ServePeeked(buffer) is var served and > 0)
        {
            return served;
        }

        var read = Inner.Read(buffer);
        Note(buffer[..read]);
        return read;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ServePeeked(buffer.Span) is var served and > 0 ? ValueTask.FromResult(served) : ReceiveAsync(buffer, cancellationToken);

    private async ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken ct)
    {
        var read = await Inner.ReadAsync(buffer, ct);
        Note(buffer.Span[..read]);
        return read;
    }

    private int ServePeeked(Span<byte> buffer)
    {
        var left = peeked.Length - peekedServed;
        if (left == 0 || buffer.IsEmpty)
        {
            return 0;
        }

        var count = Math.Min(left, buffer.Length);
        peeked.AsSpan(peekedServed, count).CopyTo(buffer);
        peekedServed += count;
        return count;
    }

    private void Note(ReadOnlySpan<byte> received)
    {
        if (received.IsEmpty)
        {
            ReachedEnd = true;
            return;
        }

        var start = BytesRead;
        BytesRead += received.Length;
        largestChunk = Math.Max(largestChunk, received.Length);
        if (start >= outputMark + TrailerReach)
        {
            late.Append(received, Window);
            LateBytes += received.Length;
        }
        else
        {
            kept.Append(received, Window);
        }
    }
}
