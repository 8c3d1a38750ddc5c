using System.IO.Pipelines;

namespace Aggregator.Publish.Http;

/// <summary>
/// Writes a cached document into the response in <see cref="ChunkSize"/> pieces, each asked of the pipe by size, so a
/// connection pool that keeps blocks of that size (<c>Hosting/HeapBlockMemoryPool</c>) hands the body a few large blocks
/// instead of the 4 KB ones Kestrel's own writer takes one after another.
/// </summary>
/// <remarks>
/// Per block, Kestrel's pipe rents, links a segment, takes the pipe's lock and the socket sender pins and lists it: a
/// 67 KB feed crossed the pipe as 17 blocks (bench/README.md, issue 23). Asked for more than 4 KB, the pipe rents by the
/// size asked; asked for more than the pool's largest block, it would fall back to <c>ArrayPool</c> arrays, which past
/// 85,000 bytes land on the large-object heap: so a piece never exceeds <see cref="ChunkSize"/>.
/// </remarks>
internal static class LargeBlockBody
{
    /// <summary>32 KB: a typical feed in two or three blocks; smaller than the large-object threshold.</summary>
    public const int ChunkSize = 32 * 1024;

    /// <summary>Copies <paramref name="body"/> into <paramref name="writer"/> without flushing.</summary>
    public static void Write(PipeWriter writer, ReadOnlySpan<byte> body)
    {
        while (!body.IsEmpty)
        {
            var destination = writer.GetSpan(Math.Min(body.Length, ChunkSize));
            var count = Math.Min(destination.Length, body.Length);
            body[..count].CopyTo(destination);
            writer.Advance(count);
            body = body[count..];
        }
    }
}
