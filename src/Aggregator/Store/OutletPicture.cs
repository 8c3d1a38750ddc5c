using Aggregator.Model;

namespace Aggregator.Store;

/// <summary>What the /outlets page draws for one outlet: its state, articles per day, and its recent polls.</summary>
/// <param name="DailyArticles">Articles first seen on each of the last <see cref="Days"/> days, oldest first.</param>
/// <param name="Polls">Polls of the last <see cref="PollHours"/> hours, oldest first.</param>
public sealed record OutletPicture(OutletHealth Health, IReadOnlyList<int> DailyArticles, IReadOnlyList<PollMark> Polls)
{
    public const int Days = 30;
    public const int PollHours = 48;

    /// <summary>The start of the first day counted: whole UTC days, today the last of them.</summary>
    public static DateTimeOffset DaysSince(DateTimeOffset now) =>
        new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddDays(1 - Days);

    /// <summary>From the JSON both providers aggregate: [[day, count], …] and [[at, failed, new], …].</summary>
    internal static OutletPicture From(OutletHealth health, string? days, string? polls)
    {
        var daily = new int[Days];
        foreach (var pair in Parse(days))
        {
            if (pair.Length == 2 && pair[0] is >= 0 and < Days)
            {
                daily[pair[0]] = (int)pair[1];
            }
        }
        var marks = Parse(polls)
            .Where(p => p.Length == 3)
            .Select(p => new PollMark(DateTimeOffset.FromUnixTimeMilliseconds(p[0]),
                p[1] != 0 ? PollOutcome.Failed : p[2] > 0 ? PollOutcome.New : PollOutcome.Unchanged))
            .OrderBy(p => p.At)
            .ToList();
        return new OutletPicture(health, daily, marks);
    }

    private static long[][] Parse(string? json) =>
        string.IsNullOrEmpty(json) ? [] : System.Text.Json.JsonSerializer.Deserialize(json, StoreJson.Default.Int64ArrayArray) ?? [];
}

/// <summary>One poll: when, and what it brought.</summary>
public sealed record PollMark(DateTimeOffset At, PollOutcome Outcome);

public enum PollOutcome
{
    Unchanged,
    New,
    Failed,
}
