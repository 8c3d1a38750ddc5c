using Aggregator.Model;

namespace Aggregator.Store;

/// <summary>
/// What the store keeps: each outlet's articles younger than its retention (by their date: published,
/// else first seen), and its newest <see cref="KeepPerOutlet"/> whatever their age. Outlets no longer
/// configured keep theirs for the default retention, and no newest ones beyond it (<see cref="KeepFor"/>).
/// </summary>
/// <param name="NamesEveryOutlet">
/// True when <see cref="PerOutlet"/> names every configured outlet (a policy read from feeds.json), so an outlet it does not
/// name has been removed: it keeps no newest articles and its state goes with its last article.
/// </param>
public sealed record RetentionPolicy(TimeSpan Default, int KeepPerOutlet, IReadOnlyDictionary<string, TimeSpan> PerOutlet, bool NamesEveryOutlet = false)
{
    /// <summary>Articles deleted per transaction: small enough that a poll waiting for the writer waits milliseconds.</summary>
    public const int BatchSize = 500;

    public TimeSpan For(string outletId) => PerOutlet.TryGetValue(outletId, out var retention) ? retention : Default;

    /// <summary>
    /// How many of the outlet's newest articles stay whatever their age: <see cref="KeepPerOutlet"/> for a configured outlet,
    /// none for one removed or renamed, whose feed nobody polls any more (kept, each would leave its newest in the store for
    /// ever, and a year of edits to feeds.json would add up).
    /// </summary>
    public int KeepFor(string outletId) => !IsRemoved(outletId) ? KeepPerOutlet : 0;

    /// <summary>True for an outlet feeds.json no longer names (never when the policy does not know them all).</summary>
    public bool IsRemoved(string outletId) => NamesEveryOutlet && !PerOutlet.ContainsKey(outletId);

    public static RetentionPolicy From(AggregatorConfig config) => new(
        config.Defaults.Retention,
        config.Defaults.KeepPerOutlet,
        config.Outlets.ToDictionary(o => o.Id, o => o.Retention, StringComparer.Ordinal),
        NamesEveryOutlet: true);
}
