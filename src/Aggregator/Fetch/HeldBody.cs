namespace Aggregator.Fetch;

/// <summary>
/// A fetched body, held so that its reader can let it go: every copy of a <see cref="FetchResult"/> (each async frame of
/// the fetch returns one, and records copy on <c>with</c>) shares this one holder, so one <see cref="Release"/> reaches all.
/// </summary>
/// <remarks>
/// The frames a fetch returns through (the body reader's, the fetcher's, the outlet reader's) are made when they first
/// wait, seconds before the body arrives, and a young collection by then has often promoted them. A young object written
/// into an old one is kept by the next young collections through the old object's card, whether that old object is still
/// reachable or not: bodies were 64% of the way into gen1 and 8% into gen2 though their poll had parsed them milliseconds
/// after they arrived (bench/alloc-profile.md, h52d). Those frames keep only this holder, which is empty once released.
/// </remarks>
internal sealed class HeldBody(byte[] bytes)
{
    /// <summary>The body, or null once <see cref="Release"/>d.</summary>
    public byte[]? Bytes { get; private set; } = bytes;

    public void Release() => Bytes = null;
}
