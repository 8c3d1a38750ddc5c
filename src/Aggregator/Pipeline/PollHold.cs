using System.Globalization;
using Aggregator.Fetch;
using Aggregator.Model;

namespace Aggregator.Pipeline;

/// <summary>
/// A poll the fetcher did not send because the outlet's host (or rate group, or robots.txt) had asked us to wait: not
/// the outlet's failure, so it is kept apart from the poll record (which would count one), as a store setting that
/// `status`, /healthz and the outlets page read. It says something only until the outlet's next attempt, so it needs no
/// clearing.
/// </summary>
/// <param name="HeldAt">When the poll was held.</param>
/// <param name="Until">When the wait ends, and the outlet is polled again.</param>
/// <param name="HeldBy">
/// Which wait held it, as /metrics labels it (<see cref="FetchResult.HeldBy"/>: url, host, rate_group, robots); null for a
/// hold stored before the label was kept.
/// </param>
/// <param name="Reason">The fetcher's one line, naming the host or group and the wait's end.</param>
public sealed record PollHold(DateTimeOffset HeldAt, DateTimeOffset Until, string? HeldBy, string Reason)
{
    private static readonly string[] Labels =
        [FetchResult.HeldByUrl, FetchResult.HeldByHost, FetchResult.HeldByRateGroup, FetchResult.HeldByRobots];

    /// <summary>What every hold's setting key starts with, so all of them are read in one query.</summary>
    public const string KeyPrefix = "poll-hold:";

    public static string Key(string outletId) => KeyPrefix + outletId;

    /// <summary>Two round-trip timestamps, the label, then the reason (which may hold spaces, never a line break).</summary>
    public string ToSetting() => string.Create(CultureInfo.InvariantCulture,
        $"{HeldAt.UtcDateTime:O} {Until.UtcDateTime:O} {(HeldBy is null ? "" : HeldBy + " ")}{Reason.ReplaceLineEndings(" ")}");

    /// <summary>
    /// The hold a setting holds; null for an empty or unreadable one. A setting of session 23's version has no label
    /// (its reason always begins "fetch:", never a label), and is read with none.
    /// </summary>
    public static PollHold? Parse(string? setting)
    {
        var parts = setting?.Split(' ', 3);
        if (parts is not { Length: 3 }
            || !DateTimeOffset.TryParse(parts[0], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
            || !DateTimeOffset.TryParse(parts[1], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var until))
        {
            return null;
        }
        var rest = parts[2].Split(' ', 2);
        return rest is [var label, var reason] && Labels.Contains(label, StringComparer.Ordinal)
            ? new PollHold(at, until, label, reason)
            : new PollHold(at, until, null, parts[2]);
    }

    /// <summary>Still the outlet's news: no poll was attempted since it was held (an attempt records its own outcome).</summary>
    public bool IsCurrent(OutletHealth? state) => state?.LastAttempt is not { } last || last < HeldAt;

    /// <summary>The fetcher's line without its stage: it already names the host, group or robots.txt and until when.</summary>
    public string Text => Reason.StartsWith("fetch: ", StringComparison.Ordinal) ? Reason[7..] : Reason;

    /// <summary>
    /// The `status` line, with the label /metrics counts it under, so the operator can find the one from the other.
    /// </summary>
    public string Line => "waiting: " + Text + (HeldBy is null ? "" : $" [reason: {HeldBy}]");
}
