namespace Aggregator.Fetch;

/// <summary>Reads a (decompressed) body into memory, never holding more than the limit.</summary>
internal static class BodyReader
{
    private const int InitialCapacity = 64 * 1024;

    /// <summary>
    /// The whole body, or a null Body once it goes past <paramref name="maxBytes"/>; Read says how
    /// far it got. The buffer grows towards the limit but never past it, so a bomb costs at most
    /// the limit in memory.
    /// </summary>
    internal static async Task<(byte[]? Body, long Read)> ReadAsync(Stream stream, long maxBytes, long? contentLength, CancellationToken ct)
    {
        var limit = (int)Math.Clamp(maxBytes, 0, Array.MaxLength);
        // Trust Content-Length only as a first size guess: the stream may be decompressed or lie.
        var buffer = new byte[Math.Min(contentLength is > 0 ? contentLength.Value : InitialCapacity, limit)];
        var total = 0;
        var probe = new byte[1];
        while (true)
        {
            if (total == buffer.Length)
            {
                // Full: one more byte tells "done" (the usual case when Content-Length was right) from
                // "more", so the buffer grows only when it must, and never past the limit.
                var extra = await stream.ReadAsync(probe, ct);
                if (extra == 0)
                {
                    return (buffer, total);
                }

                if (total >= limit)
                {
                    return (null, total + extra);
                }

                Array.Resize(ref buffer, (int)Math.Min(Math.Max(buffer.Length * 2L, InitialCapacity), limit));
                buffer[total++] = probe[0];
                continue;
            }

            var read = await stream.ReadAsync(buffer.AsMemory(total), ct);
            if (read == 0)
            {
                return (total == buffer.Length ? buffer : buffer.AsSpan(0, total).ToArray(), total);
            }

            total += read;
        }
    }
}
