namespace Aggregator.Fetch;

/// <summary>
/// The first <paramref name="limit"/> bytes of <paramref name="inner"/>, then the end: a body read only so far (see
/// <see cref="FetchRequest.KeepFirstBytes"/>). <see cref="Cut"/> tells whether the body went on past it. Disposing it
/// disposes the inner stream, which streams allow twice, so its opener's own disposal stays as it was.
/// </summary>
internal sealed class FirstBytesStream(Stream inner, long limit) : ReadOnlyWrapperStream(inner)
{
    private long remaining = limit;

    /// <summary>The body had more than the limit: known once a read has returned the end.</summary>
    public bool Cut { get; private set; }

    public override int Read(Span<byte> buffer)
    {
        if (remaining == 0)
        {
            // One byte past the limit tells a body that ends there from one that goes on.
            Cut |= Inner.Read(stackalloc byte[1]) > 0;
            return 0;
        }

        return Counted(Inner.Read(buffer[..Allowed(buffer.Length)]));
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (remaining == 0)
        {
            Cut |= await Inner.ReadAsync(new byte[1], cancellationToken) > 0;
            return 0;
        }

        return Counted(await Inner.ReadAsync(buffer[..Allowed(buffer.Length)], cancellationToken));
    }

    private int Allowed(int wanted) => (int)Math.Min(wanted, remaining);

    private int Counted(int read)
    {
        remaining -= read;
        return read;
    }
}
