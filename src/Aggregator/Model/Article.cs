namespace Aggregator.Model;

/// <summary>
/// A stored article. Summary and Content are sanitized HTML with absolute URLs; Title is plain text.
/// <see cref="Id"/> never changes once assigned, across re-polls and restarts.
/// </summary>
public sealed record Article
{
    public required string Id { get; init; }
    public required string OutletId { get; init; }
    /// <summary>The source's own id, when it gave one.</summary>
    public string? SourceId { get; init; }
    public required string CanonicalUrl { get; init; }
    public required Uri Link { get; init; }
    public required string Title { get; init; }
    public string? Summary { get; init; }
    public string? Content { get; init; }
    public string? Author { get; init; }
    public DateTimeOffset? Published { get; init; }
    public DateTimeOffset? Updated { get; init; }
    public required DateTimeOffset FirstSeen { get; init; }
    public IReadOnlyList<string> Categories { get; init; } = [];
    public IReadOnlyList<Enclosure> Enclosures { get; init; } = [];
    public Uri? ImageUrl { get; init; }
    /// <summary>The id of the first-seen copy of this story across outlets (itself when it is the first).</summary>
    public required string ClusterId { get; init; }

    /// <summary>Order of topic feeds: published time, else first seen.</summary>
    public DateTimeOffset SortTime => Published ?? FirstSeen;
}
