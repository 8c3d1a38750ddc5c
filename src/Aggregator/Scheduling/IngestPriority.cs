using System.Globalization;

namespace Aggregator.Scheduling;

/// <summary>How the Linux scheduler treats the ingest threads against the readers' (AGGREGATOR_INGEST_PRIORITY).</summary>
public enum IngestPolicy
{
    /// <summary>SCHED_OTHER, as every other thread of the worker.</summary>
    Normal,

    /// <summary>
    /// SCHED_BATCH: the same share of the cores, but a waking ingest thread never preempts a running one; a reader's
    /// thread that wakes still may preempt an ingest thread.
    /// </summary>
    Batch,

    /// <summary>SCHED_IDLE: only what the rest of the machine leaves over. A busy machine can starve the round.</summary>
    Idle,
}

/// <summary>
/// The ingest threads' scheduling policy and nice value, written <c>POLICY</c> or <c>POLICY+NICE</c>
/// (<c>batch</c>, <c>normal+5</c>, <c>idle</c>; NICE is added to the worker's own); the readers' threads keep the worker's.
/// </summary>
public sealed record IngestPriority(IngestPolicy Policy, int Nice)
{
    public const string EnvironmentVariable = "AGGREGATOR_INGEST_PRIORITY";

    public const int MaxNice = 19;

    /// <summary>
    /// Polls below the readers by 10 nice steps: when both are busy a reader's thread gets about nine tenths of a core
    /// against an ingest thread (CFS weights 1024 and 110), and a round alone still has every core. In quiet pairs
    /// (bench/README.md, 2026-12-07) p99 of `/feeds/all.atom` during round 1 fell from 11.8-17.6 ms to 7.6-8.8 ms while
    /// 40% fewer polls were stored in wrk's saturating window.
    /// </summary>
    public static IngestPriority YieldToReaders { get; } = new(IngestPolicy.Normal, 10);

    /// <summary>The worker's own policy and nice value.</summary>
    public static IngestPriority WorkerOwn { get; } = new(IngestPolicy.Normal, 0);

    private static readonly Lazy<IngestPriority> s_default = new(() => ThreadScheduling.CanPutBackRaisedNice() ? YieldToReaders : WorkerOwn);

    /// <summary>
    /// What an unset AGGREGATOR_INGEST_PRIORITY means: <see cref="YieldToReaders"/> where this process may put a
    /// thread's nice value back, else <see cref="WorkerOwn"/>. Linux gives a thread its creator's nice value, and the
    /// thread pool may start a worker from an ingest thread; if that worker could not be put back (no CAP_SYS_NICE, an
    /// RLIMIT_NICE below 20, a system call filter), it would serve readers at the round's priority, the opposite of
    /// the point (Hosting.ReaderThreadPriority). So the default is probed once, on a thread of its own.
    /// </summary>
    public static IngestPriority Default => s_default.Value;

    /// <summary>The environment's setting, <see cref="Default"/> when unset; null with a one-line problem naming the variable.</summary>
    public static IngestPriority? FromEnvironment(out string problem) =>
        EnvironmentSetting.Read<IngestPriority?>(EnvironmentVariable, () => Default, TryParse, out problem);

    /// <summary>Parses <c>normal</c>, <c>batch</c> or <c>idle</c>, the first two optionally followed by <c>+NICE</c> (0-19).</summary>
    public static IngestPriority? TryParse(string text, out string problem)
    {
        var trimmed = text.Trim();
        var plus = trimmed.IndexOf('+', StringComparison.Ordinal);
        var name = plus < 0 ? trimmed : trimmed[..plus];
        IngestPolicy? policy = name.ToLowerInvariant() switch
        {
            "normal" => IngestPolicy.Normal,
            "batch" => IngestPolicy.Batch,
            "idle" => IngestPolicy.Idle,
            _ => null,
        };
        if (policy is null)
        {
            problem = $"'{text}' is not normal, batch or idle (optionally +NICE, 0-{MaxNice}: e.g. batch+5)";
            return null;
        }
        var nice = 0;
        if (plus >= 0)
        {
            if (policy == IngestPolicy.Idle)
            {
                problem = $"'{text}': idle takes no nice value (SCHED_IDLE ignores it)";
                return null;
            }
            if (!int.TryParse(trimmed[(plus + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out nice) || nice > MaxNice)
            {
                problem = $"'{text}': the nice value after + must be a whole number from 0 to {MaxNice}";
                return null;
            }
        }
        problem = "";
        return new IngestPriority(policy.Value, nice);
    }

    public override string ToString() =>
        (Policy switch { IngestPolicy.Batch => "batch", IngestPolicy.Idle => "idle", _ => "normal" }) + (Nice > 0 ? $"+{Nice.ToString(CultureInfo.InvariantCulture)}" : "");
}
