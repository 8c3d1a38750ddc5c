using Aggregator.Store;
using Microsoft.Extensions.Logging;

namespace Aggregator.Pipeline;

/// <summary>
/// Applies the running configuration's retention to the store: what `aggregator prune` runs once and the
/// scheduled prune job runs hourly. One prune at a time per store.
/// </summary>
/// <param name="policy">The running configuration's retention, read at each prune (a reload may change it).</param>
/// <param name="backlog">Clears the full-text backlog of outlets that no longer fetch pages (null: left as it is).</param>
public sealed partial class Pruner(
    IAggregatorStore store, Func<RetentionPolicy> policy, TimeProvider time, ILogger<Pruner> logger, BacklogCleanup? backlog = null)
{
    public async Task<PruneResult> PruneAsync(CancellationToken ct)
    {
        await using var exclusive = await store.ExclusiveAsync("prune", ct);
        var result = await store.PruneAsync(policy(), time.GetUtcNow(), ct);
        LogPruned(result.Pruned, result.TombstonesDropped, result.FreedBytes);
        if (backlog is not null)
        {
            // Retention deletes articles with their rows; an outlet that left feeds.json keeps articles, and its waiting pages would stay forever.
            await backlog.CleanAsync(ct);
        }
        return result;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention applied: pruned {Pruned} articles, dropped {Tombstones} tombstones, freed {Freed} bytes")]
    private partial void LogPruned(int pruned, int tombstones, long freed);
}
