namespace Aggregator.Publish;

/// <summary>
/// A per-thread MemoryStream the writers render into and reuse. A topic feed is often over 85 KB, so a fresh
/// stream per request would land on the large object heap each time and force gen 2 collections under load.
/// (Microsoft.IO.RecyclableMemoryStream would be the packaged route.)
/// </summary>
internal static class OutputBuffer
{
    private const int InitialCapacity = 64 * 1024;
    // Past this, let the stream go rather than pin a huge buffer to the thread forever.
    private const int MaxRetainedCapacity = 8 * 1024 * 1024;

    [ThreadStatic]
    private static MemoryStream? cached;

    public static MemoryStream Rent()
    {
        MemoryStream stream = cached ?? new MemoryStream(InitialCapacity);
        cached = null; // a nested Rent on this thread gets its own stream
        stream.SetLength(0);
        return stream;
    }

    /// <summary>The rendered bytes; the stream goes back for the next call on this thread.</summary>
    public static byte[] ToArrayAndReturn(MemoryStream stream)
    {
        byte[] bytes = stream.ToArray();
        if (stream.Capacity <= MaxRetainedCapacity)
        {
            stream.SetLength(0);
            cached = stream;
        }

        return bytes;
    }
}
