using Aggregator.Bench.Shared;
using Aggregator.Dedup;
using Aggregator.Model;
using BenchmarkDotNet.Attributes;

namespace Aggregator.Benchmarks;

/// <summary>What every new article pays before the near-duplicate lookup: its 24-byte signature from title and ~2 KB of body HTML.</summary>
[MemoryDiagnoser]
public class SignatureBenchmarks
{
    private Article _article = null!;

    [GlobalSetup]
    public void Setup() => _article = BenchInputs.Instance.Article;

    [Benchmark]
    public ulong Compute() => NearDuplicateSignature.Compute(_article.Title, _article.Content).Text;
}
