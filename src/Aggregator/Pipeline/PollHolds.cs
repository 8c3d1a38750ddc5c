using Aggregator.Model;
using Aggregator.Store;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Pipeline;

/// <summary>
/// The outlets' stored holds (<see cref="PollHold"/>), always read from the store: a poll reads its outlet's, and
/// `status`, /healthz and the pages read every outlet's in one query at each request. Nothing is kept in memory, so
/// every worker of a cluster shows the same waiting list as soon as any of them stored a hold (a kept copy showed another
/// worker's hold only after this worker's next beat of the outlet).
/// </summary>
/// <remarks>
/// The store is the truth: a restarted worker reads the holds stored before it stopped, and a poll sees a hold that
/// another worker of a cluster, or a `poll` beside `run`, stored for its outlet.
/// </remarks>
public sealed class PollHolds(IAggregatorStore store)
{
    /// <summary>The outlet's hold if no poll was attempted since it (see <see cref="PollHold.IsCurrent"/>), else null.</summary>
    public async Task<PollHold?> CurrentAsync(string outletId, OutletHealth? state, CancellationToken ct) =>
        PollHold.Parse(await store.GetSettingAsync(PollHold.Key(outletId), ct)) is { } hold && hold.IsCurrent(state) ? hold : null;

    /// <summary>The current holds of the given outlets, by id (those not waiting are left out): one query for all of them.</summary>
    public async Task<IReadOnlyDictionary<string, PollHold>> CurrentAsync(
        IEnumerable<string> outletIds, IReadOnlyDictionary<string, OutletHealth> states, CancellationToken ct)
    {
        var stored = await store.GetSettingsAsync(PollHold.KeyPrefix, ct);
        var current = new Dictionary<string, PollHold>(StringComparer.Ordinal);
        foreach (var id in outletIds)
        {
            if (PollHold.Parse(stored.GetValueOrDefault(PollHold.Key(id))) is { } hold && hold.IsCurrent(states.GetValueOrDefault(id)))
            {
                current[id] = hold;
            }
        }
        return current;
    }

    /// <summary>The worker's refresher's, when the caller runs in the worker; otherwise (a page a command renders) its own.</summary>
    public static PollHolds Of(IServiceProvider services, IAggregatorStore store) =>
        services.GetService<OutletRefresher>()?.Holds ?? new PollHolds(store);

    public Task SetAsync(string outletId, PollHold hold, CancellationToken ct) =>
        store.SetSettingAsync(PollHold.Key(outletId), hold.ToSetting(), ct);
}
