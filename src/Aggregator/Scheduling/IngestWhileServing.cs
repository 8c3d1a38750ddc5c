using System.Globalization;

namespace Aggregator.Scheduling;

/// <summary>
/// How many ingest work items may run at once while a request is in flight (AGGREGATOR_INGEST_WHILE_SERVING): by
/// default one fewer than the cores, so a reader always finds a core the round does not hold (issue 23).
/// </summary>
public static class IngestWhileServing
{
    public const string EnvironmentVariable = "AGGREGATOR_INGEST_WHILE_SERVING";

    /// <summary>What <c>off</c> means: no limit beyond the ingest threads' own number.</summary>
    public const int Off = 0;

    /// <summary>
    /// Cores − 1, at least one: on a single core the round would otherwise stop for as long as readers keep coming.
    /// </summary>
    public static int Default => Math.Max(1, Environment.ProcessorCount - 1);

    /// <summary>The environment's setting, <see cref="Default"/> when unset; null with a one-line problem naming the variable.</summary>
    public static int? FromEnvironment(out string problem)
    {
        var text = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(text))
        {
            problem = "";
            return Default;
        }
        var parsed = TryParse(text, out problem);
        problem = parsed is null ? $"{EnvironmentVariable}: {problem}" : "";
        return parsed;
    }

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
        problem = $"'{text}' is neither off nor a whole number of work items from 1 up (default: the cores - 1, here {Default.ToString(CultureInfo.InvariantCulture)})";
        return null;
    }
}
