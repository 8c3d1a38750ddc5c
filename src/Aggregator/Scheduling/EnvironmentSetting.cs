namespace Aggregator.Scheduling;

/// <summary>
/// The worker's settings that only the environment gives (AGGREGATOR_INGEST_PRIORITY, AGGREGATOR_INGEST_WHILE_SERVING,
/// AGGREGATOR_START_WINDOW): unset or blank means the default, anything else is parsed or refused with one line naming
/// the variable, so `run` stops before it builds a host.
/// </summary>
internal static class EnvironmentSetting
{
    public delegate T TryParse<T>(string text, out string problem);

    /// <param name="whenUnset">Asked only when the variable is unset (a default may cost something to find out).</param>
    public static T Read<T>(string variable, Func<T> whenUnset, TryParse<T> parse, out string problem)
    {
        var text = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(text))
        {
            problem = "";
            return whenUnset();
        }
        var parsed = parse(text, out problem);
        problem = parsed is null ? $"{variable}: {problem}" : "";
        return parsed;
    }
}
