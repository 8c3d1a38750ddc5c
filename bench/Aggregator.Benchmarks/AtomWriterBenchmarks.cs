using Aggregator.Bench.Shared;
using Aggregator.Model;
using Aggregator.Publish.Atom;
using BenchmarkDotNet.Attributes;

namespace Aggregator.Benchmarks;

/// <summary>Rendering a 50-item topic feed to Atom (done once per change, then served from memory).</summary>
[MemoryDiagnoser]
public class AtomWriterBenchmarks
{
    private TopicFeed _feed = null!;

    [GlobalSetup]
    public void Setup() => _feed = BenchInputs.Instance.FeedOf50;

    [Benchmark]
    public int Write50Items() => AtomFeedWriter.Write(_feed).Length;
}
