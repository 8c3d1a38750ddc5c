using System.Globalization;
using System.Text.RegularExpressions;

namespace Aggregator.Tests.Publish;

/// <summary>A strict RFC 822 (four-digit year, numeric zone) date reader, to check what the writers emit.</summary>
internal static partial class Rfc822
{
    [GeneratedRegex(@"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} ([+-]\d{4})$")]
    private static partial Regex Shape();

    public static bool TryParse(string value, out DateTimeOffset result)
    {
        result = default;
        Match match = Shape().Match(value);
        if (!match.Success)
        {
            return false;
        }

        string zone = match.Groups[3].Value;
        // ParseExact also rejects a day name that does not match the date.
        return DateTimeOffset.TryParseExact(
            string.Concat(value.AsSpan(0, value.Length - 5), zone.AsSpan(0, 3), ":", zone.AsSpan(3)),
            "ddd, dd MMM yyyy HH:mm:ss zzz", CultureInfo.InvariantCulture, DateTimeStyles.None, out result);
    }
}
