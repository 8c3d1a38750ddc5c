using System.Collections.Concurrent;

namespace Aggregator.Observability;

/// <summary>One outlet's WebSub subscription that is not working: why, since when, and how many tries failed.</summary>
public sealed record SubscriptionFailure(string OutletId, string Reason, string Error, int Failures, DateTimeOffset Since)
{
    /// <summary>The one line `status` shows, also kept in the store for it (status runs in another process).</summary>
    public string Line => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"websub: {Error} ({Reason}, {Failures} failed since {Since.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}; polling goes on)");
}

/// <summary>
/// The WebSub subscriptions failing now, per outlet, for /healthz: a failure only costs freshness (polling goes on),
/// so it is a warning there, never unhealthy. Cleared when the hub confirms a subscription.
/// </summary>
public sealed class SubscriptionFailures
{
    private readonly ConcurrentDictionary<string, SubscriptionFailure> _failing = new(StringComparer.Ordinal);

    public SubscriptionFailure Record(string outletId, string reason, string error, DateTimeOffset at) =>
        _failing.AddOrUpdate(outletId,
            _ => new SubscriptionFailure(outletId, reason, error, 1, at),
            (_, previous) => previous with { Reason = reason, Error = error, Failures = previous.Failures + 1 });

    public bool Clear(string outletId) => _failing.TryRemove(outletId, out _);

    /// <summary>The outlet's failing subscription, if it is failing now.</summary>
    public SubscriptionFailure? For(string outletId) => _failing.GetValueOrDefault(outletId);

    /// <summary>Forgets the failures of outlets not named (gone from feeds.json).</summary>
    public void KeepOnly(Func<string, bool> isConfigured)
    {
        // Enumerated as it is, not through Keys (a locked copy): this runs after every poll, and is most often empty.
        foreach (var (outletId, _) in _failing)
        {
            if (!isConfigured(outletId))
            {
                _failing.TryRemove(outletId, out _);
            }
        }
    }

    public IReadOnlyList<SubscriptionFailure> Current => [.. _failing.Values.OrderBy(f => f.OutletId, StringComparer.Ordinal)];
}
