using System.Diagnostics;
using System.ServiceModel.Syndication;
using System.Xml;
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

    /// <summary>
    /// Parse and scan timed in turns, one run of each after the other, and the median of each kept: on a shared
    /// machine whose speed drifts over seconds, timing all parses and then all scans let the drift land on one side
    /// of the ratio.
    /// </summary>
    public static (double ParseMbS, double ScanMbS, int Entries) Parse(byte[] feed, int runs)
    {
        var baseUri = new Uri("https://popularresistance.example/feed/");
        var entries = FeedParser.Parse(feed, baseUri, "application/rss+xml").Feed?.Entries.Count ?? 0;
        var (parse, scan) = MediansInTurn("large", runs, () => FeedParser.Parse(feed, baseUri, "application/rss+xml"), () => XmlScan.Scan(feed));
        return (feed.Length / MiB / parse, feed.Length / MiB / scan, entries);
    }

    /// <summary>
    /// The same turns over a set of feeds: one run parses (or scans) every feed once, so a run of the
    /// ordinary ~110 KB feeds a poll meets times the per-feed costs (charset sniff, detection, set-up)
    /// a single 5 MB feed hides.
    /// </summary>
    public static (double ParseMbS, double ScanMbS) ParseAll(IReadOnlyList<(byte[] Body, string ContentType)> feeds, int runs)
    {
        var baseUri = new Uri("https://popularresistance.example/feed/");
        var bytes = feeds.Sum(f => (long)f.Body.Length);
        var (parse, scan) = MediansInTurn("small", runs,
            () =>
            {
                foreach (var (body, type) in feeds)
                {
                    FeedParser.Parse(body, baseUri, type);
                }
            },
            () =>
            {
                foreach (var (body, _) in feeds)
                {
                    XmlScan.Scan(body);
                }
            });
        return (bytes / MiB / parse, bytes / MiB / scan);
    }

    /// <summary>
    /// Our parse against <c>SyndicationFeed.Load</c> over the same bytes, in turns as above, over only the feeds it reads:
    /// it rejects some (RSS 0.9x and RDF, dates outside RFC 822), and a feed it throws on part-way would time its giving
    /// up. Those are counted and skipped, never timed on either side.
    /// </summary>
    public static (double ParseMbS, double SyndicationMbS, int Read, int Rejected) BesideSyndication(
        IReadOnlyList<(byte[] Body, string ContentType)> feeds, int runs)
    {
        var baseUri = new Uri("https://popularresistance.example/feed/");
        var read = feeds.Where(f => SyndicationLoad(f.Body) is not null).ToList();
        if (read.Count == 0)
        {
            return (double.NaN, double.NaN, 0, feeds.Count);
        }

        var bytes = read.Sum(f => (long)f.Body.Length);
        var (parse, syndication) = MediansInTurn("syndication", runs,
            () =>
            {
                foreach (var (body, type) in read)
                {
                    FeedParser.Parse(body, baseUri, type);
                }
            },
            () =>
            {
                foreach (var (body, _) in read)
                {
                    SyndicationLoad(body);
                }
            });
        return (bytes / MiB / parse, bytes / MiB / syndication, read.Count, feeds.Count - read.Count);
    }

    // As tests/.../SyndicationLoadComparison gives it: internal DTDs parsed, nothing outside the document fetched.
    private static readonly XmlReaderSettings SyndicationSettings = new()
    {
        DtdProcessing = DtdProcessing.Parse,
        XmlResolver = null,
        MaxCharactersFromEntities = 1_000_000,
    };

    private static SyndicationFeed? SyndicationLoad(byte[] body)
    {
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(body), SyndicationSettings);
            return SyndicationFeed.Load(reader);
        }
#pragma warning disable CA1031 // Whatever it throws on a feed, the feed counts as rejected: that is the figure.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
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

    /// <summary>Every timed pass of the parse figures, in order, for `parse --passes FILE`.</summary>
    public static List<ParsePass> Passes { get; } = [];

    private static (double First, double Second) MediansInTurn(string figure, int runs, Action first, Action second)
    {
        // Tiered compilation needs dozens of calls (and its background compiles) before the code is final.
        var warm = Stopwatch.GetTimestamp();
        for (var i = 0; i < 30 || Stopwatch.GetElapsedTime(warm) < TimeSpan.FromSeconds(3); i++)
        {
            first();
            second();
        }

        var firstSeconds = new double[runs];
        var secondSeconds = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            firstSeconds[i] = Timed(figure, "ours", i, first);
            secondSeconds[i] = Timed(figure, "theirs", i, second);
        }

        return (Percentiles.Of(firstSeconds, 50), Percentiles.Of(secondSeconds, 50));
    }

    /// <summary>
    /// One timed pass, after a full collection. Without it the two sides shared one heap's collections: the parse
    /// promotes its half-built feeds, and the collection of the older generation that then came due landed in
    /// whichever pass crossed its budget, often the scan, whose own garbage dies young (issue 23, h53c: the scan
    /// took 6 to 28 of those per 41 passes from run to run, and a parse that promoted less sped up the scan and so
    /// lowered the ratio). From a collected heap, each pass meets only the collections its own allocations cause.
    /// </summary>
    private static double Timed(string figure, string side, int turn, Action action)
    {
        GC.Collect();
        var pass = ParsePass.Time(figure, side, turn, action);
        Passes.Add(pass);
        return pass.Seconds;
    }
}
