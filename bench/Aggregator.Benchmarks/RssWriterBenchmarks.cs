using Aggregator.Bench.Shared;
using Aggregator.Model;
using Aggregator.Publish.Rss;
using BenchmarkDotNet.Attributes;

namespace Aggregator.Benchmarks;

/// <summary>Rendering a 50-item topic feed to RSS 2.0 (done once per change, then served from memory).</summary>
[MemoryDiagnoser]
public class RssWriterBenchmarks
{
    private TopicFeed _feed = null!;

    [GlobalSetup]
    public void Setup() => _feed = BenchInputs.Instance.FeedOf50;

    [Benchmark]
    public int Write50Items() => RssFeedWriter.Write(_feed).Length;
}
