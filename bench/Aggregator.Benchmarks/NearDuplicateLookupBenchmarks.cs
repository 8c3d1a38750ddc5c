using Aggregator.Bench.Shared;
using Aggregator.Dedup;
using BenchmarkDotNet.Attributes;

namespace Aggregator.Benchmarks;

/// <summary>
/// NearDuplicateIndex.Candidates at 10k, 100k and 1M stored articles; each invocation asks 1,024
/// signatures (half near copies of stored ones, half new), so Mean is per lookup.
/// </summary>
[MemoryDiagnoser]
public class NearDuplicateLookupBenchmarks
{
    private const int Queries = 1024;
    private SignaturePopulation? _population;

    [Params(10_000, 100_000, 1_000_000)]
    public int Articles { get; set; }

    [GlobalSetup]
    public void Setup() => _population = SignaturePopulation.Build(Articles, Queries);

    [GlobalCleanup]
    public void Cleanup() => _population?.Dispose();

    [Benchmark(OperationsPerInvoke = Queries)]
    public int Candidates()
    {
        var index = _population!.Index;
        var found = 0;
        foreach (var signature in _population.Queries)
        {
            found += index.Candidates(signature).Count;
        }
        return found;
    }
}
