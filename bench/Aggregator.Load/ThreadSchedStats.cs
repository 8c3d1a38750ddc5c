using System.Globalization;

namespace Aggregator.Load;

/// <summary>
/// A child's threads' CPU time and run delay (time runnable but waiting for a core), from
/// /proc/PID/task/TID/schedstat, summed by kind of thread: the ingest threads ("ingest N"), the thread pool's
/// workers (".NET TP Worker", where requests run) and the rest. Taken before and after wrk's window during round 1,
/// it says whether the readers' threads waited for a core behind the round (issue 23).
/// </summary>
internal sealed class ThreadSchedStats
{
    private readonly Dictionary<int, (string Kind, long RunNs, long DelayNs, long Slices)> _threads = [];

    public static ThreadSchedStats Read(int pid)
    {
        var stats = new ThreadSchedStats();
        foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            try
            {
                var comm = File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n');
                var fields = File.ReadAllText(Path.Combine(task, "schedstat")).Split(' ', StringSplitOptions.RemoveEmptyEntries);
                stats._threads[int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture)] = (KindOf(comm) + PolicySuffix(task),
                    long.Parse(fields[0], CultureInfo.InvariantCulture), long.Parse(fields[1], CultureInfo.InvariantCulture),
                    long.Parse(fields[2], CultureInfo.InvariantCulture));
            }
            catch (IOException)
            {
                // The thread ended between listing and reading: what it did is lost to both snapshots alike.
            }
        }
        return stats;
    }

    /// <summary>
    /// "" for SCHED_OTHER at nice 0, else " batch", " idle" or " policy N" (field 41 of the thread's stat) and " nice N"
    /// (field 19): a kind is split by both so a window shows whether readers' threads ran at the ingest's priority.
    /// Read at the later snapshot.
    /// </summary>
    private static string PolicySuffix(string task)
    {
        var stat = File.ReadAllText(Path.Combine(task, "stat"));
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var (policy, nice) = (fields[41 - 3], fields[19 - 3]);
        return (policy switch { "0" => "", "3" => " batch", "5" => " idle", _ => " policy " + policy }) + (nice == "0" ? "" : " nice " + nice);
    }

    private static string KindOf(string comm) =>
        comm.StartsWith("ingest ", StringComparison.Ordinal) ? "ingest"
        : comm.StartsWith(".NET TP Worker", StringComparison.Ordinal) ? "pool"
        : comm.StartsWith(".NET Sockets", StringComparison.Ordinal) ? "sockets"
        : "other";

    /// <summary>Per kind: threads, CPU seconds, run-delay seconds and delay per slice (ms) between two snapshots.</summary>
    public static Dictionary<string, object?> Since(ThreadSchedStats before, ThreadSchedStats after)
    {
        var sums = new Dictionary<string, (int Threads, long RunNs, long DelayNs, long Slices)>(StringComparer.Ordinal);
        foreach (var (tid, now) in after._threads)
        {
            // A thread whose policy changed between the snapshots (put back by its first request) counts under its later one.
            var then = before._threads.GetValueOrDefault(tid);
            var sum = sums.GetValueOrDefault(now.Kind);
            sums[now.Kind] = (sum.Threads + 1, sum.RunNs + now.RunNs - then.RunNs, sum.DelayNs + now.DelayNs - then.DelayNs, sum.Slices + now.Slices - then.Slices);
        }
        return sums.ToDictionary(s => s.Key, s => (object?)new Dictionary<string, object?>
        {
            ["threads"] = s.Value.Threads,
            ["cpu_s"] = LoadReport.Round(s.Value.RunNs / 1e9),
            ["run_delay_s"] = LoadReport.Round(s.Value.DelayNs / 1e9),
            ["delay_per_slice_ms"] = s.Value.Slices == 0 ? 0 : LoadReport.Round(s.Value.DelayNs / 1e6 / s.Value.Slices, 3),
        });
    }
}
