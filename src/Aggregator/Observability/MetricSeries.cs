namespace Aggregator.Observability;

/// <summary>The cumulative state of one instrument for one label set.</summary>
/// <param name="outlet">The value of its `outlet` label, if it has one: the series goes when that outlet leaves feeds.json.</param>
public sealed class MetricSeries(string labels, int bucketCount, string? outlet = null)
{
    private readonly Lock gate = new();
    // Per-bucket (not yet cumulative) counts; the last slot is the +Inf overflow.
    private readonly long[] buckets = new long[bucketCount + 1];
    private double value;
    private long count;

    /// <summary>Rendered `name="value",…` pairs without braces; also the series' key.</summary>
    public string Labels { get; } = labels;

    public string? Outlet { get; } = outlet;

    public void Add(double increment)
    {
        lock (gate)
        {
            value += increment;
        }
    }

    public void Set(double current)
    {
        lock (gate)
        {
            value = current;
        }
    }

    /// <summary>A histogram observation: `le` is inclusive, as Prometheus defines it.</summary>
    public void Observe(double sample, double[] bounds)
    {
        var index = bounds.Length;
        for (var i = 0; i < bounds.Length; i++)
        {
            if (sample <= bounds[i])
            {
                index = i;
                break;
            }
        }
        lock (gate)
        {
            buckets[index]++;
            value += sample;
            count++;
        }
    }

    public double Value
    {
        get
        {
            lock (gate)
            {
                return value;
            }
        }
    }

    /// <summary>A consistent copy: cumulative bucket counts (last is +Inf), sum and count.</summary>
    public (long[] Cumulative, double Sum, long Count) HistogramSnapshot()
    {
        lock (gate)
        {
            var cumulative = new long[buckets.Length];
            long running = 0;
            for (var i = 0; i < buckets.Length; i++)
            {
                running += buckets[i];
                cumulative[i] = running;
            }
            return (cumulative, value, count);
        }
    }
}
