using System.Globalization;
using Aggregator.Model;

namespace Aggregator.Pipeline;

/// <summary>
/// A poll the fetcher did not send because the outlet's host (or rate group, or robots.txt) had asked us to wait: not
/// the outlet's failure, so it is kept apart from the poll record (which would count one), as a store setting that
/// `status` reads. It says something only until the outlet's next attempt, so it needs no clearing.
/// </summary>
/// <param name="HeldAt">When the poll was held.</param>
/// <param name="Until">When the wait ends, and the outlet is polled again.</param>
/// <param name="Reason">The fetcher's one line, naming the host or group and the wait's end.</param>
public sealed record PollHold(DateTimeOffset HeldAt, DateTimeOffset Until, string Reason)
{
    public static string Key(string outletId) => "poll-hold:" + outletId;

    /// <summary>Two round-trip timestamps, then the reason (which may hold spaces, never a line break).</summary>
    public string ToSetting() =>
        string.Create(CultureInfo.InvariantCulture, $"{HeldAt.UtcDateTime:O} {Until.UtcDateTime:O} {Reason.ReplaceLineEndings(" ")}");

    /// <summary>The hold a setting holds; null for an empty or unreadable one (never written by this version).</summary>
    public static PollHold? Parse(string? setting)
    {
        var parts = setting?.Split(' ', 3);
        return parts is { Length: 3 }
            && DateTimeOffset.TryParse(parts[0], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
            && DateTimeOffset.TryParse(parts[1], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var until)
            ? new PollHold(at, until, parts[2])
            : null;
    }

    /// <summary>Still the outlet's news: no poll was attempted since it was held (an attempt records its own outcome).</summary>
    public bool IsCurrent(OutletHealth? state) => state?.LastAttempt is not { } last || last < HeldAt;

    /// <summary>The `status` line: the fetcher's reason already names the host or group and until when.</summary>
    public string Line => "waiting: " + (Reason.StartsWith("fetch: ", StringComparison.Ordinal) ? Reason[7..] : Reason);
}
