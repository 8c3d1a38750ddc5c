using Aggregator.Store;
using Microsoft.Extensions.Hosting;

namespace Aggregator.Observability;

/// <summary>
/// Counts the store's articles and tombstones and reads its size every half minute, for /metrics: a
/// scrape reads the last sample instead of querying a store that may hold millions of rows.
/// </summary>
public sealed class StoreStatsSampler(IAggregatorStore store, TimeProvider time) : BackgroundService
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(30);

    private volatile StoreStats? _latest;

    public StoreStats? Latest => _latest;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                _latest = await store.GetStatsAsync(stoppingToken);
            }
            catch (StoreException)
            {
                // The store's trouble shows in /healthz and the poll log; the gauges keep their last sample.
            }
            await Task.Delay(Period, time, stoppingToken);
        }
    }
}
