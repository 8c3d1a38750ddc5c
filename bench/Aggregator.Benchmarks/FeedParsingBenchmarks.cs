using Aggregator.Bench.Shared;
using Aggregator.Parse;
using BenchmarkDotNet.Attributes;

namespace Aggregator.Benchmarks;

/// <summary>
/// FeedParser.Parse against a bare XmlReader pass over the same bytes (the baseline, so the Ratio
/// column reads "times the floor"; parse_ratio in latest.json is its inverse).
/// </summary>
[MemoryDiagnoser]
public class FeedParsingBenchmarks
{
    private static readonly Uri BaseUri = new("https://popularresistance.example/feed/");
    private byte[] _body = [];

    [Params("rss-50", "atom-50", "rss-5mb")]
    public string Feed { get; set; } = "rss-50";

    [GlobalSetup]
    public void Setup()
    {
        var inputs = BenchInputs.Instance;
        _body = Feed switch
        {
            "atom-50" => inputs.Atom50,
            "rss-5mb" => inputs.Rss5MB,
            _ => inputs.Rss50,
        };
        if (FeedParser.Parse(_body, BaseUri, "application/rss+xml").Feed is not { Entries.Count: > 0 })
        {
            throw new InvalidOperationException($"bench: the {Feed} input does not parse");
        }
    }

    [Benchmark(Baseline = true)]
    public long XmlReaderScan() => XmlScan.Scan(_body);

    [Benchmark]
    public int Parse() => FeedParser.Parse(_body, BaseUri, "application/rss+xml").Feed!.Entries.Count;
}
