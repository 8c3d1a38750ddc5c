namespace Aggregator.Model;

/// <summary>The "defaults" block of feeds.json.</summary>
public sealed record Defaults
{
    public TimeSpan Interval { get; init; } = TimeSpan.FromMinutes(30);
    public int MaxItemsPerFeed { get; init; } = 50;
    public string? UserAgent { get; init; }
}
