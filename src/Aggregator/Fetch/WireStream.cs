namespace Aggregator.Fetch;

/// <summary>
/// The compressed side of an encoded body, as the decoder reads it: counts the bytes received, notes
/// whether the decoder asked for more after the last one (zlib, raw deflate and Brotli decoders never do once
/// their stream has ended, so asking means it was cut short), keeps the last bytes (where a gzip trailer
/// stands) and lets the first bytes be looked at before a decoder is chosen.
/// </summary>
internal sealed class WireStream(Stream inner) : Stream
{
    /// <summary>A gzip trailer is 8 bytes; the rest leaves room for the junk some servers append after it.</summary>
    internal const int TailLength = 64;

    private readonly byte[] tail = new byte[TailLength];
    private int tailFilled;
    private byte[] peeked = [];
    private int peekedServed;

    /// <summary>Compressed bytes received so far.</summary>
    public long BytesRead { get; private set; }

    /// <summary>True once a read found the body's end.</summary>
    public bool ReachedEnd { get; private set; }

    /// <summary>The last bytes received (up to <see cref="TailLength"/>), oldest first.</summary>
    public ReadOnlySpan<byte> Tail => tail.AsSpan(TailLength - tailFilled);

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
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

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (ServePeeked(buffer) is var served and > 0)
        {
            return served;
        }

        var read = inner.Read(buffer);
        Note(buffer[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ServePeeked(buffer.Span) is var served and > 0 ? ValueTask.FromResult(served) : ReceiveAsync(buffer, cancellationToken);

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private async ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken ct)
    {
        var read = await inner.ReadAsync(buffer, ct);
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

        BytesRead += received.Length;
        if (received.Length >= TailLength)
        {
            received[^TailLength..].CopyTo(tail);
        }
        else
        {
            // Shift the kept bytes left and append: at most 64 bytes moved per read.
            tail.AsSpan(received.Length).CopyTo(tail);
            received.CopyTo(tail.AsSpan(TailLength - received.Length));
        }

        tailFilled = (int)Math.Min(TailLength, tailFilled + (long)received.Length);
    }
}
