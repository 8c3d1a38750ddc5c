namespace Aggregator.Fetch;

/// <summary>A decoder's output, telling its <see cref="WireStream"/> each time it produced some.</summary>
internal sealed class OutputMarkingStream(Stream decoder, WireStream wire) : ReadOnlyWrapperStream(decoder)
{
    public override int Read(Span<byte> buffer) => Marked(Inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Marked(await Inner.ReadAsync(buffer, cancellationToken));

    private int Marked(int read)
    {
        if (read > 0)
        {
            wire.MarkOutput();
        }

        return read;
    }
}
