using System.Runtime.InteropServices;

namespace Aggregator.Scheduling;

/// <summary>Sets the calling thread's Linux scheduling policy and nice value (not the process's: on Linux each thread has its own).</summary>
internal static class ThreadScheduling
{
    private const int SchedOther = 0;
    private const int SchedBatch = 3;
    private const int SchedIdle = 5;
    private const int PrioProcess = 0;

    /// <summary>Applies <paramref name="priority"/> to the calling thread; null when done (or not Linux), else what failed.</summary>
    public static string? ApplyToCurrentThread(IngestPriority priority)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }
        var policy = priority.Policy switch { IngestPolicy.Batch => SchedBatch, IngestPolicy.Idle => SchedIdle, _ => SchedOther };
        // Both calls name the calling thread by "0": Linux applies them to one thread, which is what is wanted here.
        var param = 0;
        if (policy != SchedOther && sched_setscheduler(0, policy, ref param) != 0)
        {
            return $"sched_setscheduler({priority.Policy}) failed: errno {Marshal.GetLastPInvokeError()}";
        }
        if (priority.Nice != 0)
        {
            // Relative to the worker's own: a worker started under `nice 10` keeps its ingest below its readers, and
            // an unprivileged process may not lower a nice value, which an absolute one could ask for.
            var current = getpriority(PrioProcess, 0);
            if (current == -1 && Marshal.GetLastPInvokeError() != 0)
            {
                return $"getpriority failed: errno {Marshal.GetLastPInvokeError()}";
            }
            var nice = Math.Min(IngestPriority.MaxNice, current + priority.Nice);
            if (setpriority(PrioProcess, 0, nice) != 0)
            {
                return $"setpriority(nice {nice}) failed: errno {Marshal.GetLastPInvokeError()}";
            }
        }
        return null;
    }

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int sched_setscheduler(int pid, int policy, ref int param);

    // SetLastError clears errno before the call, which tells getpriority's -1 (nice -1) from its failure.
    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int getpriority(int which, int who);

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int setpriority(int which, int who, int prio);
}
