using System.Runtime.InteropServices;

namespace Aggregator.ParseGc;

/// <summary>
/// This thread's processor time to the nanosecond (clock_gettime(CLOCK_THREAD_CPUTIME_ID)), and its minor page faults
/// (getrusage(RUSAGE_THREAD), whose user and kernel times are only counted in scheduler ticks of 4 ms, too coarse for a
/// block of feeds): cheap enough to read after every block. Workstation, non-concurrent collections run on the
/// thread that allocates, so their work is in these figures too; a minor fault is a page the heap touches first.
/// </summary>
internal static partial class ThreadClock
{
    private const int RusageThread = 1;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeVal
    {
        public long Seconds;
        public long Microseconds;
    }

    // struct rusage on 64-bit Linux: two timevals, then fourteen longs (maxrss, ixrss, idrss, isrss, minflt, ...).
    [StructLayout(LayoutKind.Sequential)]
    private struct Usage
    {
        public TimeVal User;
        public TimeVal System;
        public long MaxRss, Ixrss, Idrss, Isrss, MinorFaults, MajorFaults, Swaps, InBlocks, OutBlocks, MsgSent, MsgReceived,
            Signals, VoluntarySwitches, InvoluntarySwitches;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    private const int ThreadCpuTimeClock = 3;

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    [LibraryImport("libc", EntryPoint = "getrusage")]
    private static partial int GetRusage(int who, out Usage usage);

    public static ThreadTimes Now()
    {
        if (GetRusage(RusageThread, out var usage) != 0 || ClockGetTime(ThreadCpuTimeClock, out var cpu) != 0)
        {
            throw new InvalidOperationException("getrusage or clock_gettime failed for this thread");
        }
        return new ThreadTimes((cpu.Seconds * 1_000_000_000) + cpu.Nanoseconds, usage.MinorFaults);
    }
}

/// <summary>Processor nanoseconds and minor faults of one thread, or the difference of two readings.</summary>
internal readonly record struct ThreadTimes(long CpuNs, long MinorFaults)
{
    public double Us => CpuNs / 1e3;

    public static ThreadTimes operator -(ThreadTimes after, ThreadTimes before) =>
        new(after.CpuNs - before.CpuNs, after.MinorFaults - before.MinorFaults);
}
