namespace Aggregator.Model;

/// <summary>
/// What a feed says about how often it changes: RSS ttl, the syndication module's updatePeriod and
/// updateFrequency, and the hours and days it asks not to be polled (RSS skipHours, skipDays; GMT).
/// </summary>
public sealed record PublishingHints
{
    public static PublishingHints None { get; } = new();

    public TimeSpan? Ttl { get; init; }
    /// <summary>sy:updatePeriod divided by sy:updateFrequency.</summary>
    public TimeSpan? UpdateEvery { get; init; }
    public IReadOnlySet<int> SkipHours { get; init; } = new HashSet<int>();
    public IReadOnlySet<DayOfWeek> SkipDays { get; init; } = new HashSet<DayOfWeek>();
}
