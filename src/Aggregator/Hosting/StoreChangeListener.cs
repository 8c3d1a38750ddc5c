using Aggregator.Publish;
using Aggregator.Store;
using Microsoft.Extensions.Hosting;

namespace Aggregator.Hosting;

/// <summary>
/// On a store shared by several workers, drops this worker's rendered feeds whenever any worker
/// stores a change, so every instance serves the same feeds. (With SQLite the only writer is this
/// process, whose own polls already invalidate the cache.)
/// </summary>
public sealed class StoreChangeListener(IAggregatorStore store, FeedCache feeds) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        store is IStoreChangeSource shared ? shared.ListenAsync(feeds.Invalidate, stoppingToken) : Task.CompletedTask;
}
