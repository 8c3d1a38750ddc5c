using System.Collections.Concurrent;
using Aggregator.Model;
using Aggregator.Store;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Pipeline;

/// <summary>
/// The outlets' stored holds (<see cref="PollHold"/>) as /healthz and the pages show them: each read from the store once
/// and then kept, since they ask for every outlet at every request. A poll reads its outlet's hold from the store afresh
/// (<see cref="ReadAsync"/>) and keeps what it read here, so what the pages show is at most one beat behind the store.
/// </summary>
/// <remarks>
/// The store stays the truth: a restarted worker reads the holds stored before it stopped, and a poll sees a hold that
/// another worker of a cluster, or a `poll` beside `run`, stored for its outlet.
/// </remarks>
public sealed class PollHolds(IAggregatorStore store)
{
    private readonly ConcurrentDictionary<string, PollHold?> _known = new(StringComparer.Ordinal);

    /// <summary>The outlet's last hold, whether or not a poll has been attempted since; null when it was never held.</summary>
    public async Task<PollHold?> GetAsync(string outletId, CancellationToken ct)
    {
        if (_known.TryGetValue(outletId, out var known))
        {
            return known;
        }
        // A hold stored meanwhile by this process wins over what was read before it.
        return _known.GetOrAdd(outletId, await StoredAsync(outletId, ct));
    }

    /// <summary>The outlet's last hold as the store has it now, kept for the pages.</summary>
    public async Task<PollHold?> ReadAsync(string outletId, CancellationToken ct) => _known[outletId] = await StoredAsync(outletId, ct);

    private async Task<PollHold?> StoredAsync(string outletId, CancellationToken ct) =>
        PollHold.Parse(await store.GetSettingAsync(PollHold.Key(outletId), ct));

    /// <summary>The outlet's hold if no poll was attempted since it (see <see cref="PollHold.IsCurrent"/>), else null.</summary>
    /// <param name="fresh">Read from the store, not from what was kept (a poll deciding whether to send).</param>
    public async Task<PollHold?> CurrentAsync(string outletId, OutletHealth? state, CancellationToken ct, bool fresh = false) =>
        await (fresh ? ReadAsync(outletId, ct) : GetAsync(outletId, ct)) is { } hold && hold.IsCurrent(state) ? hold : null;

    /// <summary>The current holds of the given outlets, by id (those not waiting are left out).</summary>
    public async Task<IReadOnlyDictionary<string, PollHold>> CurrentAsync(
        IEnumerable<string> outletIds, IReadOnlyDictionary<string, OutletHealth> states, CancellationToken ct)
    {
        var current = new Dictionary<string, PollHold>(StringComparer.Ordinal);
        foreach (var id in outletIds)
        {
            if (await CurrentAsync(id, states.GetValueOrDefault(id), ct) is { } hold)
            {
                current[id] = hold;
            }
        }
        return current;
    }

    /// <summary>
    /// The holds the worker's refresher keeps, when the caller runs in the worker; otherwise (a page rendered by a command)
    /// read afresh from the store.
    /// </summary>
    public static PollHolds Of(IServiceProvider services, IAggregatorStore store) =>
        services.GetService<OutletRefresher>()?.Holds ?? new PollHolds(store);

    /// <summary>Stores the hold (the store first: a hold only in memory would be lost by a restart) and keeps it.</summary>
    public async Task SetAsync(string outletId, PollHold hold, CancellationToken ct)
    {
        await store.SetSettingAsync(PollHold.Key(outletId), hold.ToSetting(), ct);
        _known[outletId] = hold;
    }
}
