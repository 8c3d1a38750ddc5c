using Aggregator.Model;
using Aggregator.Store;

namespace Aggregator.Hosting;

/// <summary>
/// The store's counts and size for /metrics. A scrape reads the last sample and, when it is older than
/// <see cref="MaxAge"/>, starts a new one in the background: scrapes never wait on a store that may hold
/// millions of rows, and a worker nobody scrapes never counts them.
/// </summary>
public sealed class StoreStatsSampler(IAggregatorStore store, TimeProvider time)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(10);

    private volatile StoreStats? _latest;
    private DateTimeOffset _sampledAt = DateTimeOffset.MinValue;
    private int _sampling;

    public StoreStats? Latest
    {
        get
        {
            if (time.GetUtcNow() - _sampledAt > MaxAge && Interlocked.Exchange(ref _sampling, 1) == 0)
            {
                _ = SampleAsync();
            }
            return _latest;
        }
    }

    private async Task SampleAsync()
    {
        try
        {
            _latest = await store.GetStatsAsync(CancellationToken.None);
            _sampledAt = time.GetUtcNow();
        }
        catch (StoreException)
        {
            // The store's trouble shows in /healthz and the poll log; the gauges keep their last sample.
        }
        finally
        {
            Volatile.Write(ref _sampling, 0);
        }
    }
}
