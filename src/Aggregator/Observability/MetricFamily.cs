using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Aggregator.Observability;

/// <summary>One instrument as a Prometheus metric family: its exposed name, type and series.</summary>
public sealed class MetricFamily
{
    // Prometheus' own client defaults, for histograms whose instrument gives no bucket advice.
    private static readonly double[] DefaultBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly ConcurrentDictionary<string, MetricSeries> series = new(StringComparer.Ordinal);
    private readonly double[] bounds;

    private MetricFamily(Instrument instrument, MetricKind kind, double[] bounds)
    {
        Instrument = instrument;
        Kind = kind;
        this.bounds = bounds;
        Name = ExposedName(instrument, kind);
    }

    public Instrument Instrument { get; }

    public MetricKind Kind { get; }

    /// <summary>The sample name: counters end in `_total`; histograms add `_bucket`/`_sum`/`_count` to it.</summary>
    public string Name { get; }

    /// <summary>Null for instrument kinds this exporter does not know.</summary>
    public static MetricFamily? For(Instrument instrument)
    {
        if (!instrument.GetType().IsGenericType)
        {
            return null;
        }
        var shape = instrument.GetType().GetGenericTypeDefinition();
        MetricKind? kind =
            shape == typeof(Counter<>) ? MetricKind.Counter
            : shape == typeof(ObservableCounter<>) ? MetricKind.ObservedCounter
            : shape == typeof(UpDownCounter<>) ? MetricKind.UpDownCounter
            : shape == typeof(ObservableUpDownCounter<>) || shape == typeof(ObservableGauge<>) || shape == typeof(Gauge<>) ? MetricKind.Gauge
            : shape == typeof(Histogram<>) ? MetricKind.Histogram
            : null;
        return kind is { } known ? new MetricFamily(instrument, known, known == MetricKind.Histogram ? BucketsOf(instrument) : []) : null;
    }

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var target = series.TryGetValue(PrometheusText.Labels(tags), out var known) ? known : Add(PrometheusText.Labels(tags), tags);
        switch (Kind)
        {
            case MetricKind.Counter or MetricKind.UpDownCounter:
                target.Add(value);
                break;
            case MetricKind.Histogram:
                target.Observe(value, bounds);
                break;
            default:
                target.Set(value);
                break;
        }
    }

    private MetricSeries Add(string labels, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        string? outlet = null;
        foreach (var tag in tags)
        {
            if (tag.Key == OutletLabel)
            {
                outlet = tag.Value?.ToString();
            }
        }
        return series.GetOrAdd(labels, new MetricSeries(labels, bounds.Length, outlet));
    }

    /// <summary>The label naming an outlet of feeds.json.</summary>
    public const string OutletLabel = "outlet";

    /// <summary>
    /// Drops the series labelled with an outlet not in <paramref name="configured"/>: over a year of edits to feeds.json the
    /// outlets removed or renamed would otherwise each keep a dozen series in every scrape, for ever.
    /// </summary>
    public void KeepOutlets(IReadOnlySet<string> configured)
    {
        foreach (var (labels, one) in series)
        {
            if (one.Outlet is { } outlet && !configured.Contains(outlet))
            {
                series.TryRemove(labels, out _);
            }
        }
    }

    /// <summary>Observable instruments report what exists now; a label set that stopped reporting must vanish.</summary>
    public void Clear() => series.Clear();

    public void WriteTo(TextWriter writer)
    {
        if (series.IsEmpty)
        {
            return;
        }
        var type = Kind switch
        {
            MetricKind.Counter or MetricKind.ObservedCounter => "counter",
            MetricKind.Histogram => "histogram",
            _ => "gauge",
        };
        writer.Write($"# HELP {Name} {PrometheusText.Help(Instrument.Description ?? Instrument.Name)}\n");
        writer.Write($"# TYPE {Name} {type}\n");
        foreach (var one in series.Values.OrderBy(s => s.Labels, StringComparer.Ordinal))
        {
            if (Kind == MetricKind.Histogram)
            {
                WriteHistogram(writer, one);
            }
            else
            {
                writer.Write($"{Name}{Braced(one.Labels)} {PrometheusText.Number(one.Value)}\n");
            }
        }
    }

    private void WriteHistogram(TextWriter writer, MetricSeries one)
    {
        var (cumulative, sum, count) = one.HistogramSnapshot();
        var prefix = one.Labels.Length == 0 ? string.Empty : one.Labels + ",";
        for (var i = 0; i < bounds.Length; i++)
        {
            writer.Write($"{Name}_bucket{{{prefix}le=\"{PrometheusText.Number(bounds[i])}\"}} {cumulative[i]}\n");
        }
        writer.Write($"{Name}_bucket{{{prefix}le=\"+Inf\"}} {count}\n");
        writer.Write($"{Name}_sum{Braced(one.Labels)} {PrometheusText.Number(sum)}\n");
        writer.Write($"{Name}_count{Braced(one.Labels)} {count}\n");
    }

    private static string Braced(string labels) => labels.Length == 0 ? string.Empty : "{" + labels + "}";

    private static string ExposedName(Instrument instrument, MetricKind kind)
    {
        var name = PrometheusText.MetricName(instrument.Name);
        // The unit suffix convention of Prometheus (and of OpenTelemetry's Prometheus exporter).
        var unitSuffix = instrument.Unit switch
        {
            "s" => "_seconds",
            "By" => "_bytes",
            _ => null,
        };
        if (unitSuffix is not null && !name.EndsWith(unitSuffix, StringComparison.Ordinal))
        {
            name += unitSuffix;
        }
        if (kind is MetricKind.Counter or MetricKind.ObservedCounter && !name.EndsWith("_total", StringComparison.Ordinal))
        {
            name += "_total";
        }
        return name;
    }

    private static double[] BucketsOf(Instrument instrument)
    {
        var advised = instrument switch
        {
            Histogram<double> h => h.Advice?.HistogramBucketBoundaries?.ToArray(),
            Histogram<float> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            Histogram<long> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            Histogram<int> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            _ => null,
        };
        return advised is { Length: > 0 } ? [.. advised.Order()] : DefaultBuckets;
    }
}
