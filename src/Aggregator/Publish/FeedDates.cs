using System.Globalization;

namespace Aggregator.Publish;

/// <summary>The two date shapes feeds use, always in UTC and with the invariant culture so a server locale never leaks in.</summary>
public static class FeedDates
{
    /// <summary>RFC 3339 / ISO 8601 in UTC, e.g. "2026-11-23T06:20:01Z" (Atom, JSON Feed).</summary>
    public static string Rfc3339(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>RFC 822 with a four-digit year, e.g. "Mon, 23 Nov 2026 06:20:01 +0000" (RSS, OPML).</summary>
    public static string Rfc822(DateTimeOffset value) =>
        value.UtcDateTime.ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture);
}
