using Aggregator.Bench.Shared;
using Aggregator.Model;
using Aggregator.Normalize;
using BenchmarkDotNet.Attributes;

namespace Aggregator.Benchmarks;

/// <summary>Canonicalizing 100 article URLs (tracking parameters, upper-case hosts, default ports, fragments); per-URL time is Mean / 100.</summary>
[MemoryDiagnoser]
public class UrlCanonicalizeBenchmarks
{
    private IReadOnlyList<Uri> _urls = [];

    [GlobalSetup]
    public void Setup() => _urls = BenchInputs.Instance.Urls;

    [Benchmark(OperationsPerInvoke = 100)]
    public int Canonicalize100()
    {
        var length = 0;
        foreach (var url in _urls)
        {
            length += UrlCanonicalizer.Canonicalize(url).Length;
        }
        return length;
    }
}
