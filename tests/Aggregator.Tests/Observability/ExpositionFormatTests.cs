using System.Diagnostics.Metrics;
using Aggregator.Observability;

namespace Aggregator.Tests.Observability;

/// <summary>The exact text of the Prometheus exposition, from instruments on a meter of the test's own.</summary>
public sealed class ExpositionFormatTests : IDisposable
{
    private readonly Meter meter = new("Aggregator.Tests." + Guid.NewGuid().ToString("N"));
    private readonly PrometheusExporter exporter;

    public ExpositionFormatTests() => exporter = new PrometheusExporter(i => ReferenceEquals(i.Meter, meter));

    public void Dispose()
    {
        exporter.Dispose();
        meter.Dispose();
    }

    [Fact]
    public void Counter_WithLabels_WritesHelpTypeAndTotalSortedByLabels()
    {
        var counter = meter.CreateCounter<long>("demo_polls", description: "Polls.");
        counter.Add(2, new("outlet", "b"), new("outcome", "ok"));
        counter.Add(1, new("outcome", "ok"), new("outlet", "a"));
        counter.Add(3, new("outlet", "b"), new("outcome", "ok"));

        Assert.Equal(
            "# HELP demo_polls_total Polls.\n" +
            "# TYPE demo_polls_total counter\n" +
            "demo_polls_total{outcome=\"ok\",outlet=\"a\"} 1\n" +
            "demo_polls_total{outcome=\"ok\",outlet=\"b\"} 5\n",
            exporter.Scrape());
    }

    [Fact]
    public void Counter_WithoutLabels_WritesBareSample()
    {
        meter.CreateCounter<double>("demo_work_total", description: "Work.").Add(1.5);

        Assert.Equal("# HELP demo_work_total Work.\n# TYPE demo_work_total counter\ndemo_work_total 1.5\n", exporter.Scrape());
    }

    [Fact]
    public void Histogram_Buckets_AreCumulativeWithInfSumAndCount()
    {
        var histogram = meter.CreateHistogram("demo_latency", "s", "Latency.",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 1, 10] });
        foreach (var sample in new[] { 0.05, 0.1, 0.5, 2, 100 })
        {
            histogram.Record(sample, new KeyValuePair<string, object?>("outlet", "x"));
        }

        Assert.Equal(
            "# HELP demo_latency_seconds Latency.\n" +
            "# TYPE demo_latency_seconds histogram\n" +
            "demo_latency_seconds_bucket{outlet=\"x\",le=\"0.1\"} 2\n" +
            "demo_latency_seconds_bucket{outlet=\"x\",le=\"1\"} 3\n" +
            "demo_latency_seconds_bucket{outlet=\"x\",le=\"10\"} 4\n" +
            "demo_latency_seconds_bucket{outlet=\"x\",le=\"+Inf\"} 5\n" +
            "demo_latency_seconds_sum{outlet=\"x\"} 102.65\n" +
            "demo_latency_seconds_count{outlet=\"x\"} 5\n",
            exporter.Scrape());
    }

    [Fact]
    public void Histogram_WithoutAdvice_UsesPrometheusDefaultBuckets()
    {
        meter.CreateHistogram<double>("demo_wait").Record(3);

        var lines = exporter.Scrape().Split('\n');

        Assert.Contains("demo_wait_bucket{le=\"0.005\"} 0", lines);
        Assert.Contains("demo_wait_bucket{le=\"2.5\"} 0", lines);
        Assert.Contains("demo_wait_bucket{le=\"5\"} 1", lines);
        Assert.Contains("demo_wait_bucket{le=\"+Inf\"} 1", lines);
        Assert.Contains("demo_wait_count 1", lines);
    }

    [Fact]
    public void LabelValues_EscapeBackslashQuoteAndNewline()
    {
        meter.CreateCounter<long>("demo_odd").Add(1, new KeyValuePair<string, object?>("outlet", "a\\b \"c\"\nd"));

        Assert.Contains("demo_odd_total{outlet=\"a\\\\b \\\"c\\\"\\nd\"} 1\n", exporter.Scrape(), StringComparison.Ordinal);
    }

    [Fact]
    public void Names_AreSanitizedAndHelpIsEscaped()
    {
        meter.CreateUpDownCounter<int>("demo.in-flight", description: "Line one\nback\\slash \"quoted\"")
            .Add(3, new KeyValuePair<string, object?>("http.route", "/x"));

        Assert.Equal(
            "# HELP demo_in_flight Line one\\nback\\\\slash \"quoted\"\n" +
            "# TYPE demo_in_flight gauge\n" +
            "demo_in_flight{http_route=\"/x\"} 3\n",
            exporter.Scrape());
    }

    [Fact]
    public void ObservableGauge_IsReadOnScrapeAndForgetsVanishedLabels()
    {
        var states = new List<Measurement<long>> { new(4, new KeyValuePair<string, object?>("state", "ok")), new(1, new KeyValuePair<string, object?>("state", "failing")) };
        meter.CreateObservableGauge("demo_outlets", () => states.ToArray());

        var first = exporter.Scrape();
        states = [new(5, new KeyValuePair<string, object?>("state", "ok"))];
        var second = exporter.Scrape();

        Assert.Contains("demo_outlets{state=\"failing\"} 1\n", first, StringComparison.Ordinal);
        Assert.Contains("demo_outlets{state=\"ok\"} 4\n", first, StringComparison.Ordinal);
        Assert.Equal("# HELP demo_outlets demo_outlets\n# TYPE demo_outlets gauge\ndemo_outlets{state=\"ok\"} 5\n", second);
    }

    [Fact]
    public void ObservableCounter_ReportsTheObservedTotalNotASum()
    {
        meter.CreateObservableCounter("demo_gc", () => 7L, "{collection}");

        exporter.Scrape();

        Assert.Contains("demo_gc_total 7\n", exporter.Scrape(), StringComparison.Ordinal);
    }

    [Fact]
    public void Families_AreWrittenInNameOrderAndEmptyOnesAreLeftOut()
    {
        meter.CreateCounter<long>("demo_b").Add(1);
        meter.CreateCounter<long>("demo_a").Add(1);
        meter.CreateCounter<long>("demo_never");

        var samples = exporter.Scrape().Split('\n').Where(l => l.Length > 0 && l[0] != '#').ToList();

        Assert.Equal(["demo_a_total 1", "demo_b_total 1"], samples);
    }

    [Fact]
    public async Task Counter_ConcurrentAdds_LoseNothing()
    {
        var counter = meter.CreateCounter<long>("demo_hits");

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                counter.Add(1, new KeyValuePair<string, object?>("route", "/"));
            }
        })));

        Assert.Contains("demo_hits_total{route=\"/\"} 80000\n", exporter.Scrape(), StringComparison.Ordinal);
    }
}
