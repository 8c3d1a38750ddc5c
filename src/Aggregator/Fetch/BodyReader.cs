using System.Buffers;

namespace Aggregator.Fetch;

/// <summary>Reads a (decompressed) body into memory, never holding more than the limit.</summary>
internal static class BodyReader
{
    private const int InitialCapacity = 64 * 1024;

    // A body is read into a buffer of this pool and copied out at its exact length once it is whole. Read into the array
    // the poll then parsed, a body lived as long as its download (under load, seconds), long enough for young collections
    // to promote it: fetched bodies were half of what reached gen2 in a bulk round (bench/alloc-profile.md, h45g). The
    // copy is made right before the body is parsed, so it dies young, and the pooled buffers are never garbage. The
    // fetcher downloads DownloadConcurrency (16) bodies at once; a larger body than the pool keeps gets an array of its own.
    private const int MaxPooledBytes = 256 * 1024;
    private static readonly ArrayPool<byte> Pool = ArrayPool<byte>.Create(maxArrayLength: MaxPooledBytes, maxArraysPerBucket: 16);

    /// <summary>
    /// The whole body, or a null Body once it goes past <paramref name="maxBytes"/>; Read says how
    /// far it got. The buffer grows towards the limit but never past it, so a bomb costs at most
    /// the limit in memory (and the body's copy, once it is whole and within it).
    /// </summary>
    /// <remarks>The body comes in a <see cref="HeldBody"/>: this method's frame is older than the body it returns, see there.</remarks>
    internal static async Task<(HeldBody? Body, long Read)> ReadAsync(Stream stream, long maxBytes, long? contentLength, CancellationToken ct)
    {
        var limit = (int)Math.Clamp(maxBytes, 0, Array.MaxLength);
        // Trust Content-Length only as a first size guess: the stream may be decompressed or lie.
        var buffer = Pool.Rent((int)Math.Min(contentLength is > 0 ? contentLength.Value : InitialCapacity, limit));
        try
        {
            // The pool rounds a rent up: what is used of it still stops at the limit.
            var capacity = Math.Min(buffer.Length, limit);
            var total = 0;
            var probe = new byte[1];
            while (true)
            {
                if (total == capacity)
                {
                    // Full: one more byte tells "done" (the usual case when Content-Length was right) from
                    // "more", so the buffer grows only when it must, and never past the limit.
                    var extra = await stream.ReadAsync(probe, ct);
                    if (extra == 0)
                    {
                        return (new HeldBody(Whole(ref buffer, total)), total);
                    }

                    if (total >= limit)
                    {
                        return (null, total + extra);
                    }

                    var larger = Pool.Rent((int)Math.Min(Math.Max(capacity * 2L, InitialCapacity), limit));
                    buffer.AsSpan(0, total).CopyTo(larger);
                    Pool.Return(buffer);
                    buffer = larger;
                    capacity = Math.Min(buffer.Length, limit);
                    buffer[total++] = probe[0];
                    continue;
                }

                var read = await stream.ReadAsync(buffer.AsMemory(total, capacity - total), ct);
                if (read == 0)
                {
                    return (new HeldBody(Whole(ref buffer, total)), total);
                }

                total += read;
            }
        }
        finally
        {
            Pool.Return(buffer);
        }
    }

    // The body at its exact length. A buffer larger than the pool keeps was made for this body alone, at its Content-Length:
    // when the body fills it, it is handed over, not copied (a feed of megabytes would otherwise be two large objects).
    private static byte[] Whole(ref byte[] buffer, int total)
    {
        if (buffer.Length > MaxPooledBytes && total == buffer.Length)
        {
            var own = buffer;
            buffer = [];
            return own;
        }
        return buffer.AsSpan(0, total).ToArray();
    }
}
