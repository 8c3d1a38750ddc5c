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

        // The threads start with the first poll, somewhere in the worker's start window.
        var threads = new Dictionary<string, int>();
        for (var i = 0; i < 900 && !worker.HasExited && !threads.Keys.Any(n => n.StartsWith("ingest ", StringComparison.Ordinal)); i++)
        {
            await Task.Delay(100);
            threads = PoliciesByThreadName(worker.Id);
        }
        worker.Signal("TERM");
        await worker.WaitAsync(TimeSpan.FromSeconds(60));

        var ingest = threads.Where(t => t.Key.StartsWith("ingest ", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(ingest);
        Assert.All(ingest, t => Assert.Equal(3, t.Value));
        // The main thread (which started the ingest threads) as the worker was started. A thread started from an ingest
        // thread inherits its nice value; ReaderThreadPriorityTests covers putting a reader's thread back. Found by its
        // id, the process's own, since its name is the executable's ("dotnet", or "aggregator" for a native build).
        Assert.Equal(0, Assert.Single(threads, t => t.Key.EndsWith($" {worker.Id}", StringComparison.Ordinal)).Value);
    }

    /// <summary>Each thread's name and scheduling policy (field 41 of /proc/PID/task/TID/stat), keyed by name and id.</summary>
    private static Dictionary<string, int> PoliciesByThreadName(int pid)
    {
        var policies = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            try
            {
                var name = File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n');
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                policies[$"{name} {Path.GetFileName(task)}"] = int.Parse(fields[41 - 3], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // A thread that ended meanwhile.
            }
        }
        return policies;
    }
}
