using Aggregator.Store;
using Microsoft.Extensions.Logging;

namespace Aggregator.Hosting;

/// <summary>
/// Applies the running configuration's retention to the store: what `aggregator prune` runs once and the
/// scheduled <see cref="Scheduling.PruneJob"/> runs hourly. One prune at a time per store.
/// </summary>
public sealed partial class Pruner(IAggregatorStore store, ActiveConfig config, TimeProvider time, ILogger<Pruner> logger)
{
    public async Task<PruneResult> PruneAsync(CancellationToken ct)
    {
        await using var exclusive = await store.ExclusiveAsync("prune", ct);
        var result = await store.PruneAsync(RetentionPolicy.From(config.Current.Config), time.GetUtcNow(), ct);
        LogPruned(result.Pruned, result.TombstonesDropped, result.FreedBytes);
        return result;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention applied: pruned {Pruned} articles, dropped {Tombstones} tombstones, freed {Freed} bytes")]
    private partial void LogPruned(int pruned, int tombstones, long freed);
}
