using System.Diagnostics;
using Aggregator.Bench.Shared;
using Aggregator.Parse;

namespace Aggregator.Load;

/// <summary>
/// The few micro figures latest.json carries, measured in this process with a Stopwatch (median of
/// several runs after warm-up) so one command gives the whole file; BenchmarkDotNet
/// (bench/Aggregator.Benchmarks) remains the tool for detail and allocations.
/// </summary>
internal static class InProcessFigures
{
    private const double MiB = 1024 * 1024;

    public static (double ParseMbS, double ScanMbS, int Entries) Parse(byte[] feed, int runs)
    {
        var baseUri = new Uri("https://popularresistance.example/feed/");
        var entries = FeedParser.Parse(feed, baseUri, "application/rss+xml").Feed?.Entries.Count ?? 0;
        XmlScan.Scan(feed);
        var parse = Median(runs, () => FeedParser.Parse(feed, baseUri, "application/rss+xml"));
        var scan = Median(runs, () => XmlScan.Scan(feed));
        return (feed.Length / MiB / parse, feed.Length / MiB / scan, entries);
    }

    /// <returns>Median and 99th percentile of one Candidates call, in microseconds.</returns>
    public static (double MedianUs, double P99Us, int Articles) DedupLookup(int articles, int lookups)
    {
        using var population = SignaturePopulation.Build(articles, lookups);
        var index = population.Index;
        foreach (var query in population.Queries.Take(256))
        {
            index.Candidates(query);
        }
        var times = new double[population.Queries.Count];
        for (var i = 0; i < times.Length; i++)
        {
            var started = Stopwatch.GetTimestamp();
            index.Candidates(population.Queries[i]);
            times[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        }
        return (Percentiles.Of(times, 50), Percentiles.Of(times, 99), index.Count);
    }

    private static double Median(int runs, Action action)
    {
        // Tiered compilation needs dozens of calls (and its background compiles) before the code is final.
        var warm = Stopwatch.GetTimestamp();
        for (var i = 0; i < 30 || Stopwatch.GetElapsedTime(warm) < TimeSpan.FromSeconds(3); i++)
        {
            action();
        }
        var seconds = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var started = Stopwatch.GetTimestamp();
            action();
            seconds[i] = Stopwatch.GetElapsedTime(started).TotalSeconds;
        }
        return Percentiles.Of(seconds, 50);
    }
}
