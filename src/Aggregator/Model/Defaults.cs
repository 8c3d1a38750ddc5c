namespace Aggregator.Model;

/// <summary>The "defaults" block of feeds.json.</summary>
public sealed record Defaults
{
    public TimeSpan Interval { get; init; } = TimeSpan.FromMinutes(30);
    /// <summary>`"interval": "auto"` in defaults: outlets without an interval of their own poll adaptively.</summary>
    public bool AutoInterval { get; init; }
    /// <summary>The floor and ceiling of adaptive intervals.</summary>
    public TimeSpan MinInterval { get; init; } = TimeSpan.FromMinutes(15);
    public TimeSpan MaxInterval { get; init; } = TimeSpan.FromHours(24);
    public int MaxItemsPerFeed { get; init; } = 50;
    public string? UserAgent { get; init; }
    /// <summary>Total time one fetch may take, connect to last byte.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>Largest body accepted, counted after decompression.</summary>
    public long MaxBodyBytes { get; init; } = 10 * 1024 * 1024;
    /// <summary>The absolute URL readers reach this instance by (behind a proxy, say); self links use it.</summary>
    public Uri? PublicUrl { get; init; }
    /// <summary>A WebSub hub to advertise in every feed and to ping when a topic feed changes.</summary>
    public Uri? WebSubHub { get; init; }
    /// <summary>Let links found in pages (redirects, autodiscovery, full text) reach private addresses.</summary>
    public bool AllowPrivateNetworks { get; init; }
    /// <summary>Matching the same story across outlets by its text.</summary>
    public DuplicateThresholds Duplicates { get; init; } = DuplicateThresholds.Default;
    /// <summary>A cap on the database's size; past it polls fail with "database is full" instead of filling the disk.</summary>
    public long? MaxDatabaseBytes { get; init; }
    /// <summary>How long an article is kept after its date (published, else first seen); outlets may override it.</summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromDays(180);
    /// <summary>An outlet's newest articles kept whatever their age, so a quiet outlet never empties.</summary>
    public int KeepPerOutlet { get; init; } = 50;
    /// <summary>How long one search (a /search page, a search feed, a topic's ?q=) may run before it is stopped with a 503.</summary>
    public TimeSpan SearchTimeout { get; init; } = TimeSpan.FromSeconds(2);
}
