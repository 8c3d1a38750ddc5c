using Aggregator.Configuration;

namespace Aggregator.Scheduling;

/// <summary>
/// How long `run` takes to start the outlets that are due (never polled, or overdue): each starts at its own offset
/// inside it (<see cref="OutletTriggers.FirstFire"/>), so hundreds of outlets do not fire in the same second.
/// AGGREGATOR_START_WINDOW sets it: a first run whose results are wanted at once, or a test deployment, can start every
/// due outlet together with <c>0</c>.
/// </summary>
public sealed record StartWindow(TimeSpan Length)
{
    public const string EnvironmentVariable = "AGGREGATOR_START_WINDOW";

    /// <summary>What an unset variable means.</summary>
    public static StartWindow Default { get; } = new(TimeSpan.FromSeconds(30));

    /// <summary>Every due outlet at once.</summary>
    public static StartWindow None { get; } = new(TimeSpan.Zero);

    /// <summary>
    /// A day: no outlet polled less often than daily gains from a longer one, and the window is cut to each outlet's own
    /// interval anyway; a longer value is more likely a typo (minutes for seconds) than a wish.
    /// </summary>
    public static TimeSpan Longest { get; } = TimeSpan.FromDays(1);

    /// <summary>The environment's window, <see cref="Default"/> when unset; null with a one-line problem naming the variable.</summary>
    public static StartWindow? FromEnvironment(out string problem) =>
        EnvironmentSetting.Read<StartWindow?>(EnvironmentVariable, () => Default, TryParse, out problem);

    /// <summary>Parses <c>0</c> (<see cref="None"/>) or a duration as feeds.json writes one (<c>90s</c>, <c>2m</c>) up to <see cref="Longest"/>.</summary>
    public static StartWindow? TryParse(string text, out string problem)
    {
        var trimmed = text.Trim();
        problem = "";
        // feeds.json's durations are positive; zero is this setting's meaning of "at once", in either spelling.
        if (trimmed is "0" or "0s")
        {
            return None;
        }
        if (!DurationParser.TryParse(trimmed, out var length, out var error))
        {
            problem = $"'{text}' is not a start window: {error} (0 starts every due outlet at once; default 30s)";
            return null;
        }
        if (length > Longest)
        {
            problem = $"'{text}' is longer than the longest start window, 1d (default 30s)";
            return null;
        }
        return new StartWindow(length);
    }
}
