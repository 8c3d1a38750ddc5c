using System.Globalization;

namespace Aggregator.Publish.Pages;

/// <summary>"5 minutes ago" beside the absolute time, for readers scanning a river of articles.</summary>
public static class RelativeTime
{
    public static string Describe(DateTimeOffset time, DateTimeOffset now)
    {
        var ago = now - time;
        if (ago < TimeSpan.Zero)
        {
            return "in the future";
        }
        return ago.TotalMinutes < 1 ? "just now"
            : ago.TotalHours < 1 ? Plural((int)ago.TotalMinutes, "minute") + " ago"
            : ago.TotalDays < 1 ? Plural((int)ago.TotalHours, "hour") + " ago"
            : ago.TotalDays < 60 ? Plural((int)ago.TotalDays, "day") + " ago"
            : Plural((int)(ago.TotalDays / 30), "month") + " ago";
    }

    /// <summary>"in 12 minutes" / "overdue", for the next poll.</summary>
    public static string Until(DateTimeOffset time, DateTimeOffset now)
    {
        var ahead = time - now;
        return ahead <= TimeSpan.Zero ? "due now"
            : ahead.TotalHours < 1 ? "in " + Plural(Math.Max(1, (int)Math.Ceiling(ahead.TotalMinutes)), "minute")
            : ahead.TotalDays < 1 ? "in " + Plural((int)ahead.TotalHours, "hour")
            : "in " + Plural((int)ahead.TotalDays, "day");
    }

    public static string Absolute(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Plural(int n, string unit) => string.Create(CultureInfo.InvariantCulture, $"{n} {unit}{(n == 1 ? "" : "s")}");
}
