using System.Globalization;
using System.Text.RegularExpressions;

namespace Aggregator.Scrape;

/// <summary>
/// Reads the date a listing prints beside an item: ISO 8601, English month names in either order
/// ("June 26, 2024", "26 Jun 2024 10:30 AM"), numeric day/month only when unambiguous ("26/06/2024"),
/// and relative forms ("2 days ago", "yesterday") counted back from the time the page was fetched.
/// The first date in the text wins, so "Posted on June 26, 2024 by …" works. Dates without a zone are UTC.
/// </summary>
public static partial class ListingDateParser
{
    private const string Month =
        @"(?<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";

    private const string Time =
        @"(?:\s*(?:,|at|@|-|–|\|)?\s*(?<hour>\d{1,2}):(?<minute>\d{2})(?::(?<second>\d{2}))?(?:\s*(?<ampm>[ap])\.?m\.?)?(?:\s*(?<zone>utc|gmt|z\b|[+-]\d{2}:?\d{2}))?)?";

    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture;

    [GeneratedRegex(@"\b(?<year>\d{4})(?<sep>[-/.])(?<month>\d{1,2})\k<sep>(?<day>\d{1,2})(?:(?:T|\s+)(?<hour>\d{2}):(?<minute>\d{2})(?::(?<second>\d{2})(?:[.,]\d+)?)?\s*(?<zone>Z|[+-]\d{2}:?\d{2})?)?(?!\d)", Options)]
    private static partial Regex IsoLike();

    [GeneratedRegex(@"\b" + Month + @"\.?\s+(?<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?<year>\d{4})(?!\d)" + Time, Options)]
    private static partial Regex MonthDayYear();

    [GeneratedRegex(@"\b(?<day>\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?[\s-]+" + Month + @"\.?,?[\s-]+(?<year>\d{4})(?!\d)" + Time, Options)]
    private static partial Regex DayMonthYear();

    [GeneratedRegex(@"(?<!\d)(?<a>\d{1,2})(?<sep>[/.])(?<b>\d{1,2})\k<sep>(?<year>\d{4})(?!\d)" + Time, Options)]
    private static partial Regex Numeric();

    [GeneratedRegex(@"\b(?<n>\d{1,4}|an?|one)\s*(?<unit>seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|wks?|months?|mos?|years?|yrs?|[smhdw])\s+ago\b", Options)]
    private static partial Regex Relative();

    [GeneratedRegex(@"\b(?<word>yesterday|today|just now)\b", Options)]
    private static partial Regex RelativeWord();

    /// <summary>The first date in <paramref name="text"/>, or null when there is none or it is ambiguous.</summary>
    public static DateTimeOffset? Parse(string? text, DateTimeOffset fetchedAt)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        // A date is printed in a short span; a long text is a teaser that happens to mention dates.
        var span = text.Length > 200 ? text[..200] : text;
        DateTimeOffset? best = null;
        var bestIndex = span.Length;
        foreach (var (regex, read) in Readers)
        {
            // Only a date starting before the best one so far can win; no date is longer than 48 characters.
            var length = Math.Min(span.Length, bestIndex + 48);
            for (var match = regex.Match(span, 0, length); match.Success && match.Index < bestIndex; match = match.NextMatch())
            {
                if (read(match, fetchedAt) is { } value)
                {
                    best = value;
                    bestIndex = match.Index;
                    break;
                }
            }

            if (bestIndex == 0)
            {
                break;
            }
        }

        return best;
    }

    private static readonly (Regex Regex, Func<Match, DateTimeOffset, DateTimeOffset?> Read)[] Readers =
    [
        (IsoLike(), (m, now) => Build(m, Int(m, "year"), Int(m, "month"), Int(m, "day"), now)),
        (MonthDayYear(), (m, now) => Build(m, Int(m, "year"), MonthNumber(m.Groups["month"].Value), Int(m, "day"), now)),
        (DayMonthYear(), (m, now) => Build(m, Int(m, "year"), MonthNumber(m.Groups["month"].Value), Int(m, "day"), now)),
        (Numeric(), ReadNumeric),
        (Relative(), ReadRelative),
        (RelativeWord(), ReadRelativeWord),
    ];

    private static DateTimeOffset? ReadNumeric(Match m, DateTimeOffset now)
    {
        var a = Int(m, "a");
        var b = Int(m, "b");
        // 05/06/2024 is May 6th in one country and June 5th in the next: only a day above 12 decides.
        if (a > 12 && b <= 12)
        {
            return Build(m, Int(m, "year"), b, a, now);
        }

        if (b > 12 && a <= 12)
        {
            return Build(m, Int(m, "year"), a, b, now);
        }

        return null;
    }

    private static DateTimeOffset? ReadRelative(Match m, DateTimeOffset now)
    {
        var word = m.Groups["n"].Value;
        var n = char.IsAsciiDigit(word[0]) ? int.Parse(word, CultureInfo.InvariantCulture) : 1;
        var unit = m.Groups["unit"].Value.ToLowerInvariant();
        return unit switch
        {
            "s" or "sec" or "secs" or "second" or "seconds" => now.AddSeconds(-n),
            // "5m ago" on news sites means minutes; months are spelled out or "mo".
            "m" or "min" or "mins" or "minute" or "minutes" => now.AddMinutes(-n),
            "h" or "hr" or "hrs" or "hour" or "hours" => now.AddHours(-n),
            "d" or "day" or "days" => now.AddDays(-n),
            "w" or "wk" or "wks" or "week" or "weeks" => now.AddDays(-7 * n),
            "mo" or "mos" or "month" or "months" => n > 1200 ? null : now.AddMonths(-n),
            "yr" or "yrs" or "year" or "years" => n > 100 ? null : now.AddYears(-n),
            _ => null,
        };
    }

    private static DateTimeOffset? ReadRelativeWord(Match m, DateTimeOffset now) =>
        m.Groups["word"].Value.ToLowerInvariant() switch
        {
            "yesterday" => now.AddDays(-1),
            _ => now,
        };

    private static DateTimeOffset? Build(Match m, int year, int month, int day, DateTimeOffset now)
    {
        if (year < 1970 || year > now.Year + 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return null;
        }

        var hour = 0;
        var minute = 0;
        var second = 0;
        if (m.Groups["hour"].Success)
        {
            hour = Int(m, "hour");
            minute = Int(m, "minute");
            second = m.Groups["second"].Success ? Int(m, "second") : 0;
            if (m.Groups["ampm"].Success)
            {
                if (hour is < 1 or > 12)
                {
                    return new DateTimeOffset(year, month, day, 0, 0, 0, TimeSpan.Zero);
                }

                var pm = char.ToLowerInvariant(m.Groups["ampm"].Value[0]) == 'p';
                hour = hour % 12 + (pm ? 12 : 0);
            }

            if (hour > 23 || minute > 59 || second > 59)
            {
                hour = minute = second = 0;
            }
        }

        return new DateTimeOffset(year, month, day, hour, minute, second, Offset(m.Groups["zone"]));
    }

    private static TimeSpan Offset(Group zone)
    {
        if (!zone.Success)
        {
            return TimeSpan.Zero;
        }

        var value = zone.Value.Replace(":", string.Empty, StringComparison.Ordinal);
        if (value.Length != 5 || value[0] is not ('+' or '-'))
        {
            return TimeSpan.Zero;
        }

        var hours = int.Parse(value.AsSpan(1, 2), CultureInfo.InvariantCulture);
        var minutes = int.Parse(value.AsSpan(3, 2), CultureInfo.InvariantCulture);
        if (hours > 14 || minutes > 59)
        {
            return TimeSpan.Zero;
        }

        var offset = new TimeSpan(hours, minutes, 0);
        return value[0] == '-' ? -offset : offset;
    }

    private static int Int(Match m, string group) => int.Parse(m.Groups[group].ValueSpan, CultureInfo.InvariantCulture);

    private static int MonthNumber(string name) => name[..3].ToLowerInvariant() switch
    {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "may" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => 0,
    };
}
