using System.Globalization;

namespace Aggregator.Load;

/// <summary>
/// One timed pass of the parse figures, with what else happened in it: the collections that landed in it (by the
/// oldest generation each reached), the bytes it allocated, and this thread's time on a core and waiting for one
/// (/proc/thread-self/schedstat), so a pass that lost its wall-clock time to a collection or to the machine says so.
/// </summary>
internal readonly record struct ParsePass(string Figure, string Side, int Turn, double Seconds, double CpuSeconds,
    double WaitSeconds, int Gen0, int Gen1, int Gen2, long Bytes)
{
    public static string Header => "figure,side,turn,seconds,cpu_s,wait_s,gen0,gen1,gen2,bytes";

    public string Csv => string.Create(CultureInfo.InvariantCulture,
        $"{Figure},{Side},{Turn},{Seconds:F6},{CpuSeconds:F6},{WaitSeconds:F6},{Gen0},{Gen1},{Gen2},{Bytes}");

    public static ParsePass Time(string figure, string side, int turn, Action action)
    {
        var (gen0, gen1, gen2) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var bytes = GC.GetAllocatedBytesForCurrentThread();
        var (run, wait) = SchedStat();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        action();
        var seconds = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds;
        var (runAfter, waitAfter) = SchedStat();
        var g2 = GC.CollectionCount(2) - gen2;
        var g1 = GC.CollectionCount(1) - gen1 - g2;
        var g0 = GC.CollectionCount(0) - gen0 - g1 - g2;
        return new ParsePass(figure, side, turn, seconds, (runAfter - run) / 1e9, (waitAfter - wait) / 1e9, g0, g1, g2,
            GC.GetAllocatedBytesForCurrentThread() - bytes);
    }

    /// <summary>
    /// One line beside a figure's wall-clock ratio: the same ratio by this thread's processor time, the collections
    /// per pass on each side, and how much of the wall time the thread spent waiting for a core (on a busy machine
    /// most of it, and then the wall-clock ratio says more about the machine than about the parse).
    /// </summary>
    public static string Summary(IReadOnlyList<ParsePass> passes, string figure) => ParseFigure.Of(passes, figure).Line;

    private static (long RunNs, long WaitNs) SchedStat()
    {
        var fields = File.ReadAllText("/proc/thread-self/schedstat").Split(' ');
        return (long.Parse(fields[0], CultureInfo.InvariantCulture), long.Parse(fields[1], CultureInfo.InvariantCulture));
    }
}
