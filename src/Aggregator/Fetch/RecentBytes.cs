namespace Aggregator.Fetch;

/// <summary>The last bytes appended, up to a capacity given with each append, oldest first.</summary>
internal sealed class RecentBytes
{
    private byte[] buffer = [];
    private int length;

    public ReadOnlySpan<byte> Span => buffer.AsSpan(0, length);

    public void Append(ReadOnlySpan<byte> bytes, int capacity)
    {
        if (buffer.Length < capacity)
        {
            Array.Resize(ref buffer, capacity);
        }

        if (bytes.Length >= capacity)
        {
            bytes[^capacity..].CopyTo(buffer);
            length = capacity;
            return;
        }

        var drop = Math.Max(0, length + bytes.Length - capacity);
        if (drop > 0)
        {
            buffer.AsSpan(drop, length - drop).CopyTo(buffer);
            length -= drop;
        }

        bytes.CopyTo(buffer.AsSpan(length));
        length += bytes.Length;
    }

    public void Clear() => length = 0;
}
