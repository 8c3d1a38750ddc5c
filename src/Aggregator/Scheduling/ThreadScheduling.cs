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
        // A new thread starts at its creator's policy and nice value, and the creator may itself be a pool thread
        // an ingest thread started: so both are set from what is wanted, never kept or added to what was inherited.
        var param = 0;
        if (CurrentThreadPolicy() != policy && sched_setscheduler(0, policy, ref param) != 0)
        {
            return $"sched_setscheduler({priority.Policy}) failed: errno {Marshal.GetLastPInvokeError()}";
        }
        // Relative to the worker's own (its main thread's): a worker started under `nice 10` keeps its ingest below
        // its readers, and an unprivileged process may not lower a nice value, which an absolute one could ask for.
        // An inherited value above the one wanted may stay if the system refuses to lower it: the thread then runs
        // further below the readers than asked, which is the side this setting errs to anyway.
        var nice = Math.Min(IngestPriority.MaxNice, WorkerNice() + priority.Nice);
        var inherited = CurrentThreadNice();
        if (inherited != nice && setpriority(PrioProcess, 0, nice) != 0 && inherited < nice)
        {
            return $"setpriority(nice {nice}) failed: errno {Marshal.GetLastPInvokeError()}";
        }
        return null;
    }

    /// <summary>
    /// Puts the calling thread back at the worker's own policy and nice value (its main thread's) if it runs at
    /// another; null when it already did, was put back (or not Linux), else what the system refused. Linux gives a
    /// new thread its creator's priority, so a thread the pool starts from an ingest thread runs at the ingest's.
    /// </summary>
    /// <remarks>
    /// Unprivileged, a thread may leave SCHED_BATCH but not SCHED_IDLE, nor lower a nice value, unless RLIMIT_NICE
    /// allows it (sched(7)); that is why the ingest priority is a policy by default, not a nice value.
    /// </remarks>
    public static string? RestoreWorkerPriorityOnCurrentThread()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }
        var worker = Environment.ProcessId;
        // The "reset on fork" flag rides in the same word; only the policy is compared.
        var policy = sched_getscheduler(0) & ~SchedResetOnFork;
        var workerPolicy = sched_getscheduler(worker) & ~SchedResetOnFork;
        if (policy < 0 || workerPolicy < 0)
        {
            return $"sched_getscheduler failed: errno {Marshal.GetLastPInvokeError()}";
        }
        var param = 0;
        if (policy != workerPolicy && (workerPolicy is SchedOther or SchedBatch or SchedIdle) && sched_setscheduler(0, workerPolicy, ref param) != 0)
        {
            return $"sched_setscheduler(0 -> {workerPolicy}) from policy {policy} failed: errno {Marshal.GetLastPInvokeError()}";
        }
        // PRIO_PROCESS names one thread on Linux: "0" this one, the process id the main thread.
        var nice = getpriority(PrioProcess, 0);
        var workerNice = getpriority(PrioProcess, worker);
        if (nice > workerNice && setpriority(PrioProcess, 0, workerNice) != 0)
        {
            return $"setpriority(nice {nice} -> {workerNice}) failed: errno {Marshal.GetLastPInvokeError()}";
        }
        return null;
    }

    /// <summary>
    /// Whether a thread of this process may raise its nice value by one and lower it back: false where Linux refuses the
    /// second (unprivileged with RLIMIT_NICE below 20 - nice, sched(7)) or a filter refuses either. Probed on a short-lived
    /// thread of its own, so no thread that serves anything is left changed.
    /// </summary>
    public static bool CanPutBackRaisedNice()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }
        var worker = WorkerNice();
        var putBack = false;
        var probe = new Thread(() =>
            putBack = worker < IngestPriority.MaxNice
                && setpriority(PrioProcess, 0, worker + 1) == 0
                && setpriority(PrioProcess, 0, worker) == 0)
        {
            IsBackground = true,
            Name = "nice probe",
        };
        probe.Start();
        probe.Join();
        return putBack;
    }

    /// <summary>The calling thread's Linux scheduling policy (0 SCHED_OTHER, 3 SCHED_BATCH, 5 SCHED_IDLE); -1 elsewhere.</summary>
    public static int CurrentThreadPolicy() => OperatingSystem.IsLinux() ? sched_getscheduler(0) & ~SchedResetOnFork : -1;

    /// <summary>The calling thread's nice value (0 elsewhere than Linux).</summary>
    public static int CurrentThreadNice() => OperatingSystem.IsLinux() ? getpriority(PrioProcess, 0) : 0;

    /// <summary>The worker's own nice value: its main thread's.</summary>
    public static int WorkerNice() => OperatingSystem.IsLinux() ? getpriority(PrioProcess, Environment.ProcessId) : 0;

    private const int SchedResetOnFork = 0x40000000;

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int sched_setscheduler(int pid, int policy, ref int param);

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int sched_getscheduler(int pid);

    // SetLastError clears errno before the call, which tells getpriority's -1 (nice -1) from its failure.
    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int getpriority(int which, int who);

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int setpriority(int which, int who, int prio);
}
