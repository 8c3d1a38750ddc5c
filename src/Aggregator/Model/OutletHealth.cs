namespace Aggregator.Model;

/// <summary>What the store remembers about polling one outlet.</summary>
public sealed record OutletHealth
{
    public required string OutletId { get; init; }
    public string? ETag { get; init; }
    public string? LastModified { get; init; }
    public DateTimeOffset? LastAttempt { get; init; }
    public DateTimeOffset? LastSuccess { get; init; }
    public int? LastStatusCode { get; init; }
    public int ConsecutiveFailures { get; init; }
    public DateTimeOffset? NextDue { get; init; }
    public string? LastError { get; init; }
    public int ItemCount { get; init; }
    /// <summary>When a feed was found through an HTML page's autodiscovery, the feed actually polled.</summary>
    public Uri? ResolvedFeedUrl { get; init; }
    /// <summary>Something the operator should act on though polling works ("moved permanently to …").</summary>
    public string? Notice { get; init; }
    /// <summary>The URL that answered 410 Gone; polling stops until feeds.json names another.</summary>
    public Uri? GoneUrl { get; init; }
    /// <summary>For HTML listings: what the scraper read the page as, e.g. "detected 10 items via article.post h2 a".</summary>
    public string? Structure { get; init; }
    /// <summary>For adaptive outlets: the current interval and why ("every 3.5h (auto: 24 articles in 7 days…)").</summary>
    public string? IntervalNote { get; init; }
    /// <summary>The longest interval the feed last asked for (ttl, sy:updatePeriod), kept through 304 answers.</summary>
    public TimeSpan? FeedHint { get; init; }
    /// <summary>The WebSub hub and topic the feed last advertised.</summary>
    public Uri? WebSubHub { get; init; }
    public Uri? WebSubTopic { get; init; }
    /// <summary>Our HMAC secret for this outlet's subscription, and when to renew it (before the hub's lease runs out).</summary>
    public string? WebSubSecret { get; init; }
    public DateTimeOffset? WebSubExpires { get; init; }
}
