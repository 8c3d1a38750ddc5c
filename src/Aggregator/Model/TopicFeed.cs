namespace Aggregator.Model;

/// <summary>
/// A topic feed ready to render: the writers in Publish turn this into Atom, RSS or JSON Feed,
/// deriving each format's own URL from <see cref="FeedBaseUrl"/>.
/// </summary>
public sealed record TopicFeed
{
    public required TopicDefinition Topic { get; init; }
    /// <summary>Absolute base for the feeds, e.g. http://host/feeds/ ; a writer appends "{topic}.atom".</summary>
    public required Uri FeedBaseUrl { get; init; }
    /// <summary>The aggregator's home page (the HTML index).</summary>
    public required Uri HomePage { get; init; }
    /// <summary>The latest change to anything in this feed; Atom feed-level updated.</summary>
    public required DateTimeOffset Updated { get; init; }
    public required IReadOnlyList<TopicFeedItem> Items { get; init; }
    /// <summary>Links to older and newer pages of the same feed (RFC 5005).</summary>
    public FeedPaging Paging { get; init; } = FeedPaging.FirstPageOnly;
    /// <summary>The WebSub hub readers may subscribe at for pushed updates, when one is configured.</summary>
    public Uri? Hub { get; init; }
    /// <summary>The reader's narrowing query string ("q=…"), kept on every self and paging link; null for the whole topic.</summary>
    public string? Filter { get; init; }
}
