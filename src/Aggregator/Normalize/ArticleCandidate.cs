using Aggregator.Model;

namespace Aggregator.Normalize;

/// <summary>
/// A normalized entry on its way into the store: the store decides whether it is new,
/// changed or unchanged, and assigns id, first-seen time and cluster.
/// </summary>
public sealed record ArticleCandidate
{
    public required string OutletId { get; init; }
    /// <summary>The source's own id (guid), when it gave one: the first identity inside an outlet.</summary>
    public string? SourceId { get; init; }
    /// <summary>The second identity inside an outlet, and the first across outlets.</summary>
    public required string CanonicalUrl { get; init; }
    public required Uri Link { get; init; }
    public required string Title { get; init; }
    public string? Summary { get; init; }
    public string? Content { get; init; }
    public string? Author { get; init; }
    public DateTimeOffset? Published { get; init; }
    public DateTimeOffset? Updated { get; init; }
    public IReadOnlyList<string> Categories { get; init; } = [];
    public IReadOnlyList<Enclosure> Enclosures { get; init; } = [];
    public Uri? ImageUrl { get; init; }
    /// <summary>
    /// The article's content is its own page's to give (fullText): fetched once, with its poll or later from the
    /// outlet's backlog, and until then the feed's. A later poll without content neither erases the stored one nor
    /// counts as a change.
    /// </summary>
    public bool ContentFromPage { get; init; }
    /// <summary>The topics this article belongs to, computed by the pipeline.</summary>
    public IReadOnlyList<string> Topics { get; init; } = [];
    /// <summary>The search index's text, when the pipeline folded it while matching topics (null: folded by the store's ingest).</summary>
    public FoldedSearchText? FoldedSearch { get; init; }
}
