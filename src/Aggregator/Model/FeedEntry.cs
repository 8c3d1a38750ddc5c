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
    public string? Summary
    {
        get => _summary ?? _utf8Summary?.ToString();
        init => (_summary, _utf8Summary) = (value, null);
    }

    /// <summary>HTML.</summary>
    public string? Content
    {
        get => _content ?? _utf8Content?.ToString();
        init => (_content, _utf8Content) = (value, null);
    }

    /// <summary>
    /// <see cref="Summary"/> as the UTF-8 it was read from, or null when it was given as a string (or is absent).
    /// Setting a non-null one replaces the string; set after <see cref="Summary"/> in an initializer.
    /// </summary>
    internal Utf8Text? Utf8Summary
    {
        get => _utf8Summary;
        init
        {
            if (value is not null)
            {
                (_summary, _utf8Summary) = (null, value);
            }
        }
    }

    /// <summary><see cref="Content"/> as the UTF-8 it was read from, as <see cref="Utf8Summary"/>.</summary>
    internal Utf8Text? Utf8Content
    {
        get => _utf8Content;
        init
        {
            if (value is not null)
            {
                (_content, _utf8Content) = (null, value);
            }
        }
    }

    // A body is a string or its UTF-8 (decoded on the first get, by the Utf8Text, which keeps it), never both: the
    // parser hands over a body whose bytes are its text as UTF-8, and most are never read as a string before
    // normalizing, some never (an unchanged entry of a re-poll is only fingerprinted: Pipeline/SeenEntries).
    // Equality compares these fields: an entry given a body as a string and one given it as UTF-8 are not equal,
    // as two entries with distinct but equal category lists are not.
    private readonly string? _summary;
    private readonly Utf8Text? _utf8Summary;
    private readonly string? _content;
    private readonly Utf8Text? _utf8Content;
    public IReadOnlyList<string> Categories { get; init; } = [];
    public IReadOnlyList<Enclosure> Enclosures { get; init; } = [];
    public Uri? ImageUrl { get; init; }
    /// <summary>Where relative URLs inside Summary and Content resolve (xml:base, else the entry link, else the feed).</summary>
    public Uri? BaseUri { get; init; }

    /// <summary>The first author's display name.</summary>
    public string? Author => Authors.Count > 0 ? Authors[0].Display : null;
}
