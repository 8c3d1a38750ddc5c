namespace Aggregator.Model;

/// <summary>A media file attached to an entry (RSS enclosure, Atom rel="enclosure", media:content, JSON attachment).</summary>
public sealed record Enclosure(Uri Url, string? MediaType = null, long? Length = null);
