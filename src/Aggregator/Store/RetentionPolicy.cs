using Aggregator.Model;

namespace Aggregator.Store;

/// <summary>
/// What the store keeps: each outlet's articles younger than its retention (by their date: published,
/// else first seen), and its newest <see cref="KeepPerOutlet"/> whatever their age. Outlets no longer
/// configured keep theirs for the default retention.
/// </summary>
public sealed record RetentionPolicy(TimeSpan Default, int KeepPerOutlet, IReadOnlyDictionary<string, TimeSpan> PerOutlet)
{
    /// <summary>Articles deleted per transaction: small enough that a poll waiting for the writer waits milliseconds.</summary>
    public const int BatchSize = 500;

    public TimeSpan For(string outletId) => PerOutlet.TryGetValue(outletId, out var retention) ? retention : Default;

    public static RetentionPolicy From(AggregatorConfig config) => new(
        config.Defaults.Retention,
        config.Defaults.KeepPerOutlet,
        config.Outlets.ToDictionary(o => o.Id, o => o.Retention, StringComparer.Ordinal));
}
