using System.Globalization;
using Aggregator.Model;

namespace Aggregator.Pipeline;

/// <summary>When an `"interval": "auto"` outlet is polled next, and why in words for `status`.</summary>
public sealed record IntervalChoice(TimeSpan Interval, DateTimeOffset NextDue, string Reason);

/// <summary>
/// Adaptive polling (as Miniflux does, plus the feed's own hints): poll at half the outlet's mean
/// gap between articles over the last week, never more often than the feed or server asks
/// (ttl, sy:updatePeriod, Cache-Control max-age), clamped to the configured floor and ceiling,
/// and outside the hours and days the feed asks to be skipped.
/// </summary>
public static class AdaptiveInterval
{
    public static readonly TimeSpan Window = TimeSpan.FromDays(7);

    public static IntervalChoice Choose(
        IEnumerable<DateTimeOffset> published, PublishingHints hints, TimeSpan? freshFor,
        TimeSpan floor, TimeSpan ceiling, DateTimeOffset now)
    {
        var count = published.Count(t => t > now - Window && t <= now);
        TimeSpan interval;
        string why;
        if (count == 0)
        {
            interval = ceiling;
            why = "no articles in the last 7 days";
        }
        else
        {
            var gap = Window / count;
            // Half the mean gap: a new article waits on average a quarter of the gap, not half of it.
            interval = gap / 2;
            why = string.Create(CultureInfo.InvariantCulture, $"{count} articles in 7 days, one every {Words(gap)}");
        }

        foreach (var (hint, source) in new (TimeSpan? Hint, string Source)[] { (hints.Ttl, "ttl"), (hints.UpdateEvery, "sy:updatePeriod"), (freshFor, "Cache-Control") })
        {
            if (hint is { } h && h > interval)
            {
                interval = h;
                why += $"; {source} asks for at least {Words(h)}";
            }
        }
        if (interval < floor)
        {
            interval = floor;
            why += $"; held at the floor of {Words(floor)}";
        }
        else if (interval > ceiling)
        {
            interval = ceiling;
            why += $"; held at the ceiling of {Words(ceiling)}";
        }

        var next = now + interval;
        if (hints.SkipHours.Count > 0 || hints.SkipDays.Count > 0)
        {
            // RSS skipHours and skipDays are in GMT; a week of hours is enough to leave any skipped span.
            var moved = false;
            for (var i = 0; i < 7 * 24 && (hints.SkipHours.Contains(next.UtcDateTime.Hour) || hints.SkipDays.Contains(next.UtcDateTime.DayOfWeek)); i++)
            {
                next = new DateTimeOffset(next.UtcDateTime.Date.AddHours(next.UtcDateTime.Hour + 1), TimeSpan.Zero);
                moved = true;
            }
            if (moved)
            {
                why += "; moved past the feed's skipHours/skipDays";
            }
        }
        return new IntervalChoice(interval, next, $"every {Words(interval)} (auto: {why})");
    }

    private static string Words(TimeSpan span) =>
        span.TotalDays >= 1 && span.TotalHours % 24 == 0 ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalDays:0}d")
        : span.TotalHours >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalHours:0.#}h")
        : string.Create(CultureInfo.InvariantCulture, $"{span.TotalMinutes:0}m");
}
