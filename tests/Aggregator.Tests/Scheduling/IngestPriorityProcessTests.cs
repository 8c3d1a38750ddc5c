using System.Globalization;
using Aggregator.Scheduling;
using Aggregator.Tests.Cli;
using Aggregator.Tests.Fixtures;

namespace Aggregator.Tests.Scheduling;

/// <summary>Issue 23: the real worker's ingest threads at the priority AGGREGATOR_INGEST_PRIORITY asks for, and a bad setting refused.</summary>
public sealed class IngestPriorityProcessTests
{
    [Fact]
    public async Task Run_WithAnInvalidIngestPriority_StopsWithOneLineNamingTheVariable()
    {
        await using var world = await OutletsWorld.StartAsync();
        var line = await world.RunRefusingAsync(IngestPriority.EnvironmentVariable, "fast");

        Assert.StartsWith("AGGREGATOR_INGEST_PRIORITY: 'fast' is not normal, batch or idle", line, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Run_WithBatch_IngestThreadsAreSchedBatch_TheMainThreadKeepsTheWorkersPolicy()
    {
        await using var world = await OutletsWorld.StartAsync();
        using var worker = AggregatorProcess.Start(new Dictionary<string, string> { [IngestPriority.EnvironmentVariable] = "batch" },
            ["run", .. world.Args(), "--urls", $"http://127.0.0.1:{FreePort.Next()}"]);

        var (threads, _) = await ThreadsOnceIngestStartsAsync(worker, PolicyField);
        var ingest = IngestThreads(threads);
        Assert.NotEmpty(ingest);
        Assert.All(ingest, t => Assert.Equal(3, t.Value));
        // The main thread (which started the ingest threads) as the worker was started. A thread started from an ingest
        // thread inherits its nice value; ReaderThreadPriorityTests covers putting a reader's thread back. Found by its
        // id, the process's own, since its name is the executable's ("dotnet", or "aggregator" for a native build).
        Assert.Equal(0, Assert.Single(threads, t => t.Key.EndsWith($" {worker.Id}", StringComparison.Ordinal)).Value);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Run_WithThePriorityUnset_PollsYieldToReadersWhereThatCanBeUndone()
    {
        await using var world = await OutletsWorld.StartAsync();
        // Empty counts as unset: the test run itself sets "normal" for every other worker (TestRunIngestPriority).
        using var worker = AggregatorProcess.Start(new Dictionary<string, string> { [IngestPriority.EnvironmentVariable] = "" },
            ["run", .. world.Args(), "--urls", $"http://127.0.0.1:{FreePort.Next()}"]);

        var (threads, output) = await ThreadsOnceIngestStartsAsync(worker, NiceField);
        var ingest = IngestThreads(threads);
        Assert.NotEmpty(ingest);
        Assert.Equal(0, Assert.Single(threads, t => t.Key.EndsWith($" {worker.Id}", StringComparison.Ordinal)).Value);
        if (ThisProcessCanPutBackARaisedNice())
        {
            Assert.All(ingest, t => Assert.Equal(IngestPriority.YieldToReaders.Nice, t.Value));
            Assert.DoesNotContain("Polls run at the worker's priority", output, StringComparison.Ordinal);
        }
        else
        {
            Assert.All(ingest, t => Assert.Equal(0, t.Value));
            Assert.Contains("Polls run at the worker's priority", output, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// Each thread's <paramref name="field"/> once the ingest threads exist (they start with the first poll, somewhere in
    /// the worker's start window), and the worker's output after it is stopped.
    /// </summary>
    private static async Task<(Dictionary<string, int> Threads, string Output)> ThreadsOnceIngestStartsAsync(AggregatorProcess worker, int field)
    {
        var threads = new Dictionary<string, int>();
        for (var i = 0; i < 900 && !worker.HasExited && IngestThreads(threads).Count == 0; i++)
        {
            await Task.Delay(100);
            threads = ByThreadName(worker.Id, field);
        }
        worker.Signal("TERM");
        var (_, stdout, stderr) = await worker.WaitAsync(TimeSpan.FromSeconds(60));
        return (threads, stdout + stderr);
    }

    private static List<KeyValuePair<string, int>> IngestThreads(Dictionary<string, int> threads) =>
        threads.Where(t => t.Key.StartsWith("ingest ", StringComparison.Ordinal)).ToList();

    /// <summary>What the worker's probe finds, asked the same way from a thread of the test process (same user, limits).</summary>
    private static bool ThisProcessCanPutBackARaisedNice()
    {
        var result = false;
        var probe = new Thread(() => result = ThreadScheduling.CanPutBackRaisedNice());
        probe.Start();
        probe.Join();
        return result;
    }

    private const int PolicyField = 41;
    private const int NiceField = 19;

    /// <summary>Each thread's field of /proc/PID/task/TID/stat (41 its scheduling policy, 19 its nice value), keyed by name and id.</summary>
    private static Dictionary<string, int> ByThreadName(int pid, int field)
    {
        var policies = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            try
            {
                var name = File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n');
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                policies[$"{name} {Path.GetFileName(task)}"] = int.Parse(fields[field - 3], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // A thread that ended meanwhile.
            }
        }
        return policies;
    }
}
