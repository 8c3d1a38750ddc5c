namespace Aggregator.Model;

/// <summary>One configured source, with defaults already applied.</summary>
public sealed record Outlet
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required Uri Url { get; init; }
    public OutletType Type { get; init; } = OutletType.Feed;
    /// <summary>Poll every Interval, unless Cron is set.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromMinutes(30);
    /// <summary>A Quartz cron expression; wins over Interval.</summary>
    public string? Cron { get; init; }
    /// <summary>`"interval": "auto"`: the interval follows the outlet's publishing rate (Interval is then the floor).</summary>
    public bool AutoInterval { get; init; }
    public bool Enabled { get; init; } = true;
    public ScrapeRules? Scrape { get; init; }
    public bool FullText { get; init; }
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
    public string? UserAgent { get; init; }
    /// <summary>Outlets sharing a service (many subdomains of one host) share its limits and its Retry-After.</summary>
    public string? RateGroup { get; init; }
    /// <summary>How long its articles are kept (defaults.retention unless the outlet sets its own).</summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromDays(180);
}
