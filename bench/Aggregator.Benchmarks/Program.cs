using Aggregator.Benchmarks;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// `--quick` (or AGGREGATOR_BENCH_QUICK=1): few iterations, in process (no per-benchmark project
// build), so the whole suite fits in a few minutes on 2 cores. Without it: BenchmarkDotNet's
// default job in separate processes. Any other argument goes to BenchmarkDotNet (--filter, --list, --job).
var quick = args.Contains("--quick") || Environment.GetEnvironmentVariable("AGGREGATOR_BENCH_QUICK") == "1";
var rest = args.Where(a => a != "--quick").ToArray();
// Building each benchmark's process takes minutes on a busy 2-core machine; BenchmarkDotNet's default is 120 s.
IConfig config = ManualConfig.Create(DefaultConfig.Instance).WithBuildTimeout(TimeSpan.FromMinutes(10));
if (quick)
{
    config = config.AddJob(Job.ShortRun
        .WithLaunchCount(1)
        .WithWarmupCount(2)
        .WithIterationCount(5)
        .WithToolchain(InProcessEmitToolchain.Instance)
        .WithId("Quick"));
}
if (!rest.Any(a => a.StartsWith("--filter", StringComparison.Ordinal) || a == "-f" || a.StartsWith("--list", StringComparison.Ordinal)))
{
    rest = [.. rest, "--filter", "*"];
}
BenchmarkSwitcher.FromAssembly(typeof(FeedParsingBenchmarks).Assembly).Run(rest, config);
