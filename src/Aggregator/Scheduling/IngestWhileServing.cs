using System.Globalization;

namespace Aggregator.Scheduling;

/// <summary>
/// How many ingest work items may run at once while a request is in flight (AGGREGATOR_INGEST_WHILE_SERVING), so a
/// reader always finds a core the round does not hold (issue 23). Off unless set: in the one quiet pair measured
/// (bench/README.md, h55d's section; the same Native AOT build, 2,000 outlets) the limit at the cores − 1 gave a worse
/// p99 during ingest (11.7 ms against 9.7 off) and a longer round 1 (39.2 s against 35.7).
/// </summary>
public static class IngestWhileServing
{
    public const string EnvironmentVariable = "AGGREGATOR_INGEST_WHILE_SERVING";

    /// <summary>What <c>off</c> means: no limit beyond the ingest threads' own number.</summary>
    public const int Off = 0;

    /// <summary>What an unset variable means: <see cref="Off"/>.</summary>
    public static int Default => Off;

    /// <summary>
    /// A suggested setting where it is tried: the cores − 1, at least one (on a single core a lower limit would stop the
    /// round for as long as readers keep coming).
    /// </summary>
    public static int CoresLessOne => Math.Max(1, Environment.ProcessorCount - 1);

    /// <summary>The environment's setting, <see cref="Default"/> when unset; null with a one-line problem naming the variable.</summary>
    public static int? FromEnvironment(out string problem) =>
        EnvironmentSetting.Read<int?>(EnvironmentVariable, () => Default, TryParse, out problem);

    /// <summary>Parses <c>off</c> (<see cref="Off"/>) or a whole number of work items from 1 up.</summary>
    public static int? TryParse(string text, out string problem)
    {
        var trimmed = text.Trim();
        problem = "";
        if (trimmed.Equals("off", StringComparison.OrdinalIgnoreCase))
        {
            return Off;
        }
        if (int.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var items) && items >= 1)
        {
            return items;
        }
        problem = $"'{text}' is neither off nor a whole number of work items from 1 up (default off; the cores - 1 is {CoresLessOne.ToString(CultureInfo.InvariantCulture)} here)";
        return null;
    }
}
