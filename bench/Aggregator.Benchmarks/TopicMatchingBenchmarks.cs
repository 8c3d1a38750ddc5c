using Aggregator.Bench.Shared;
using Aggregator.Model;
using Aggregator.Topics;
using BenchmarkDotNet.Attributes;

namespace Aggregator.Benchmarks;

/// <summary>One ~2 KB article against 100 compiled topics (words, prefixes, phrases, excludes, outlet limits).</summary>
[MemoryDiagnoser]
public class TopicMatchingBenchmarks
{
    private TopicMatcher _matcher = new([]);
    private Article _article = null!;

    [GlobalSetup]
    public void Setup()
    {
        _matcher = new TopicMatcher(BenchInputs.Instance.Topics);
        _article = BenchInputs.Instance.Article;
    }

    [Benchmark]
    public int Match100Topics() => _matcher.Match(_article).Count;
}
