using Aggregator.Pipeline;
using Aggregator.Store;
using Microsoft.Extensions.Hosting;

namespace Aggregator.Hosting;

/// <summary>
/// On a store shared by several workers, raises this worker's <see cref="StoreChangeSignal"/> whenever
/// any worker stores a change, so every instance serves (and announces) the same feeds. (With SQLite
/// the only writer is this process, whose own polls raise the signal.)
/// </summary>
public sealed class StoreChangeListener(IAggregatorStore store, StoreChangeSignal changes) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        store is IStoreChangeSource shared ? shared.ListenAsync(changes.Raise, stoppingToken) : Task.CompletedTask;
}
