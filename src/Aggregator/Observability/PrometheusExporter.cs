using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;

namespace Aggregator.Observability;

/// <summary>
/// Keeps cumulative values of the selected instruments and writes them as Prometheus text
/// exposition 0.0.4. Hand-written over a <see cref="MeterListener"/> because no Prometheus
/// exporter package (prometheus-net, OpenTelemetry.Exporter.Prometheus.AspNetCore) is in the
/// package set we build from; the format is small and fully specified.
/// </summary>
public sealed class PrometheusExporter : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly ConcurrentDictionary<Instrument, MetricFamily> families = new();
    // One scrape at a time: observable instruments are cleared and re-observed during a scrape.
    private readonly Lock scrapeGate = new();

    /// <summary>Exposes exactly the instruments of this <see cref="AggregatorMetrics"/> (not every "Aggregator" meter in the process).</summary>
    public PrometheusExporter(AggregatorMetrics metrics)
        : this(instrument => ReferenceEquals(instrument.Meter, metrics.Meter))
    {
        metrics.OutletsKept += KeepOutlets;
    }

    public PrometheusExporter(Func<Instrument, bool> include)
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (include(instrument) && MetricFamily.For(instrument) is { } family)
            {
                families[instrument] = family;
                l.EnableMeasurementEvents(instrument, family);
            }
        };
        listener.MeasurementsCompleted = (instrument, _) => families.TryRemove(instrument, out MetricFamily? _);
        listener.SetMeasurementEventCallback<long>((_, value, tags, state) => ((MetricFamily)state!).Record(value, tags));
        listener.SetMeasurementEventCallback<int>((_, value, tags, state) => ((MetricFamily)state!).Record(value, tags));
        listener.SetMeasurementEventCallback<short>((_, value, tags, state) => ((MetricFamily)state!).Record(value, tags));
        listener.SetMeasurementEventCallback<byte>((_, value, tags, state) => ((MetricFamily)state!).Record(value, tags));
        listener.SetMeasurementEventCallback<double>((_, value, tags, state) => ((MetricFamily)state!).Record(value, tags));
        listener.SetMeasurementEventCallback<float>((_, value, tags, state) => ((MetricFamily)state!).Record(value, tags));
        listener.SetMeasurementEventCallback<decimal>((_, value, tags, state) => ((MetricFamily)state!).Record((double)value, tags));
        // Start() also publishes instruments created before the exporter.
        listener.Start();
    }

    /// <summary>Observes the observable instruments now, then writes every family that has a series.</summary>
    public void WriteTo(TextWriter writer)
    {
        lock (scrapeGate)
        {
            foreach (var family in families.Values.Where(f => f.Instrument.IsObservable))
            {
                family.Clear();
            }
            listener.RecordObservableInstruments();
            var written = new HashSet<string>(StringComparer.Ordinal);
            foreach (var family in families.Values.OrderBy(f => f.Name, StringComparer.Ordinal))
            {
                // Two instruments with one exposed name would make the whole scrape invalid; keep the first.
                if (written.Add(family.Name))
                {
                    family.WriteTo(writer);
                }
            }
        }
    }

    /// <summary>Forgets every series labelled with an outlet that is not configured any more (see <see cref="MetricFamily.KeepOutlets"/>).</summary>
    public void KeepOutlets(IReadOnlySet<string> configured)
    {
        lock (scrapeGate)
        {
            foreach (var family in families.Values)
            {
                family.KeepOutlets(configured);
            }
        }
    }

    public string Scrape()
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        WriteTo(writer);
        return writer.ToString();
    }

    public void Dispose() => listener.Dispose();
}
