namespace Aggregator.Model;

/// <summary>
/// One entry as a parser or scraper read it, before identity and storage.
/// Title is plain text as a reader displays it; Summary and Content are HTML (not yet sanitized),
/// with relative URLs still to be resolved against <see cref="BaseUri"/>.
/// </summary>
public sealed record FeedEntry
{
    /// <summary>The source's own id (RSS guid, Atom id, JSON Feed id, RDF about), verbatim.</summary>
    public string? Id { get; init; }
    public string? Title { get; init; }
    /// <summary>Absolute link to the article page.</summary>
    public Uri? Link { get; init; }
    public DateTimeOffset? Published { get; init; }
    public DateTimeOffset? Updated { get; init; }
    public IReadOnlyList<Person> Authors { get; init; } = [];
    /// <summary>HTML.</summary>
    public string? Summary { get; init; }
    /// <summary>HTML.</summary>
    public string? Content { get; init; }
    public IReadOnlyList<string> Categories { get; init; } = [];
    public IReadOnlyList<Enclosure> Enclosures { get; init; } = [];
    public Uri? ImageUrl { get; init; }
    /// <summary>Where relative URLs inside Summary and Content resolve (xml:base, else the entry link, else the feed).</summary>
    public Uri? BaseUri { get; init; }

    /// <summary>The first author's display name.</summary>
    public string? Author => Authors.Count > 0 ? Authors[0].Display : null;
}
