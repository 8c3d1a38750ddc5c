using System.Globalization;
using System.Text.RegularExpressions;

namespace Aggregator.Parse;

/// <summary>
/// Reads the dates feeds actually write: RFC 822/1123 (named and military zones, no weekday,
/// two-digit years, no seconds), ISO 8601 / W3CDTF (date only, no seconds, fractions, Z/±hh:mm/±hhmm,
/// a space for the T), and a few loose forms (asctime, "January 2, 2006 3:04 PM", "2006/01/02").
/// A date without a zone is taken as UTC. Anything else is null, never an exception, and noted in the poll's
/// <see cref="UnreadableDates"/> when one watches.
/// </summary>
public static partial class DateParser
{
    private static readonly Dictionary<string, int> Months = new(StringComparer.OrdinalIgnoreCase)
    {
        ["jan"] = 1, ["january"] = 1, ["feb"] = 2, ["february"] = 2, ["mar"] = 3, ["march"] = 3,
        ["apr"] = 4, ["april"] = 4, ["may"] = 5, ["jun"] = 6, ["june"] = 6, ["jul"] = 7, ["july"] = 7,
        ["aug"] = 8, ["august"] = 8, ["sep"] = 9, ["sept"] = 9, ["september"] = 9, ["oct"] = 10, ["october"] = 10,
        ["nov"] = 11, ["november"] = 11, ["dec"] = 12, ["december"] = 12,

        // Feeds in other languages write dates in them ("19 févr. 2024", "19. März 2024", "19 dic 2024").
        // French
        ["janv"] = 1, ["janvier"] = 1, ["févr"] = 2, ["fév"] = 2, ["fevr"] = 2, ["février"] = 2, ["fevrier"] = 2, ["mars"] = 3,
        ["avr"] = 4, ["avril"] = 4, ["mai"] = 5, ["juin"] = 6, ["juil"] = 7, ["juillet"] = 7, ["août"] = 8, ["aout"] = 8,
        ["septembre"] = 9, ["octobre"] = 10, ["novembre"] = 11, ["déc"] = 12, ["décembre"] = 12, ["decembre"] = 12,
        // German and Dutch
        ["januar"] = 1, ["jän"] = 1, ["jänner"] = 1, ["januari"] = 1, ["februar"] = 2, ["februari"] = 2, ["mär"] = 3, ["märz"] = 3,
        ["maerz"] = 3, ["mrt"] = 3, ["maart"] = 3, ["juni"] = 6, ["juli"] = 7, ["augustus"] = 8, ["okt"] = 10, ["oktober"] = 10,
        ["dez"] = 12, ["dezember"] = 12, ["mei"] = 5,
        // Spanish, Italian, Portuguese
        ["ene"] = 1, ["enero"] = 1, ["gen"] = 1, ["gennaio"] = 1, ["janeiro"] = 1, ["febrero"] = 2, ["febbraio"] = 2, ["fevereiro"] = 2,
        ["marzo"] = 3, ["março"] = 3, ["abr"] = 4, ["abril"] = 4, ["aprile"] = 4, ["mayo"] = 5, ["mag"] = 5, ["maggio"] = 5, ["maio"] = 5,
        ["junio"] = 6, ["giu"] = 6, ["giugno"] = 6, ["junho"] = 6, ["julio"] = 7, ["lug"] = 7, ["luglio"] = 7, ["julho"] = 7,
        ["ago"] = 8, ["agosto"] = 8, ["set"] = 9, ["sett"] = 9, ["septiembre"] = 9, ["settembre"] = 9, ["setembro"] = 9,
        ["octubre"] = 10, ["ottobre"] = 10, ["out"] = 10, ["outubro"] = 10, ["noviembre"] = 11, ["novembro"] = 11,
        ["dic"] = 12, ["diciembre"] = 12, ["dicembre"] = 12, ["dezembro"] = 12,
    };

    // RFC 822 §5.1 names; the military letters follow the RFC as written (A = -1 … Z = 0).
    private static readonly Dictionary<string, int> ZoneMinutes = BuildZones();

    /// <summary>A feed's date: null when there is none or it reads as no date, and then noted for the poll that watches.</summary>
    public static DateTimeOffset? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var s = HtmlText.CollapseWhitespace(text);
        var date = Read(s);
        if (date is null)
        {
            // The feed gave a date and it is lost: the poll that watches counts it (only a miss pays for the look-up).
            UnreadableDates.Note(s);
        }
        return date;
    }

    /// <summary>
    /// Whether a line of text (a page's, not a feed's date field) reads as a date. A probe, not a loss: nothing is
    /// noted, or the full-text rules that ask it of every part of a byline row would count each name as an unreadable date.
    /// </summary>
    public static bool IsDate(string text) =>
        !string.IsNullOrWhiteSpace(text) && Read(HtmlText.CollapseWhitespace(text)) is not null;

    private static DateTimeOffset? Read(string collapsed)
    {
        try
        {
            return collapsed.Length > 100 ? null : CommonDateForms.Parse(collapsed) ?? ParseByPatterns(collapsed);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Every form this reader knows, one pattern after another (what <see cref="CommonDateForms"/> shortcuts).</summary>
    internal static DateTimeOffset? ParseByPatterns(string s) =>
        ParseIso(s) ?? ParseRfc822(s) ?? ParseAsctime(s) ?? ParseMonthFirst(s) ?? ParseSlashed(s);

    private static DateTimeOffset? ParseIso(string s)
    {
        var m = IsoRegex().Match(s);
        if (!m.Success)
        {
            return null;
        }

        var year = Int(m, "y");
        var month = m.Groups["mo"].Success ? Int(m, "mo") : 1;
        var day = m.Groups["d"].Success ? Int(m, "d") : 1;
        var hour = m.Groups["h"].Success ? Int(m, "h") : 0;
        var minute = m.Groups["mi"].Success ? Int(m, "mi") : 0;
        var second = m.Groups["s"].Success ? Int(m, "s") : 0;
        var ticks = m.Groups["f"].Success ? FractionTicks(m.Groups["f"].Value) : 0;
        var offset = m.Groups["z"].Success ? Zone(m.Groups["z"].Value) : TimeSpan.Zero;
        return offset is null ? null : Build(year, month, day, hour, minute, second, ticks, offset.Value);
    }

    private static DateTimeOffset? ParseRfc822(string s)
    {
        var m = Rfc822Regex().Match(s);
        if (!m.Success || !Months.TryGetValue(m.Groups["mon"].Value, out var month))
        {
            return null;
        }

        var offset = m.Groups["z"].Success ? Zone(m.Groups["z"].Value) : TimeSpan.Zero;
        return offset is null ? null : Build(Year(m.Groups["y"].Value), month, Int(m, "d"), Hour(m), OptInt(m, "mi"), OptInt(m, "s"), 0, offset.Value);
    }

    private static DateTimeOffset? ParseAsctime(string s)
    {
        // "Mon Jan 2 15:04:05 MST 2006", "Mon Jan  2 15:04:05 2006"
        var m = AsctimeRegex().Match(s);
        if (!m.Success || !Months.TryGetValue(m.Groups["mon"].Value, out var month))
        {
            return null;
        }

        var offset = m.Groups["z"].Success ? Zone(m.Groups["z"].Value) : TimeSpan.Zero;
        return offset is null ? null : Build(Year(m.Groups["y"].Value), month, Int(m, "d"), Int(m, "h"), Int(m, "mi"), OptInt(m, "s"), 0, offset.Value);
    }

    private static DateTimeOffset? ParseMonthFirst(string s)
    {
        // "January 2, 2006", "Jan 2, 2006 3:04 PM", "Monday, January 2, 2006 15:04:05 GMT"
        var m = MonthFirstRegex().Match(s);
        if (!m.Success || !Months.TryGetValue(m.Groups["mon"].Value, out var month))
        {
            return null;
        }

        var offset = m.Groups["z"].Success ? Zone(m.Groups["z"].Value) : TimeSpan.Zero;
        return offset is null ? null : Build(Year(m.Groups["y"].Value), month, Int(m, "d"), Hour(m), OptInt(m, "mi"), OptInt(m, "s"), 0, offset.Value);
    }

    private static DateTimeOffset? ParseSlashed(string s)
    {
        // "2006/01/02", "2006/01/02 15:04:05" (year first only: 01/02/2006 is ambiguous).
        var m = SlashedRegex().Match(s);
        if (!m.Success)
        {
            return null;
        }

        var offset = m.Groups["z"].Success ? Zone(m.Groups["z"].Value) : TimeSpan.Zero;
        return offset is null ? null : Build(Int(m, "y"), Int(m, "mo"), Int(m, "d"), OptInt(m, "h"), OptInt(m, "mi"), OptInt(m, "s"), 0, offset.Value);
    }

    internal static DateTimeOffset? Build(int year, int month, int day, int hour, int minute, int second, long ticks, TimeSpan offset)
    {
        if (year is < 1 or > 9999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 24 || minute > 59 || second > 60 || Math.Abs(offset.TotalHours) > 14)
        {
            return null;
        }

        // 24:00 is the end of the day and a leap second is the last second of its minute.
        var extraDay = hour == 24 && minute == 0 && second == 0;
        if (hour == 24 && !extraDay)
        {
            return null;
        }

        var local = new DateTime(year, month, day, extraDay ? 0 : hour, minute, Math.Min(second, 59), DateTimeKind.Unspecified).AddTicks(ticks);
        if (extraDay)
        {
            local = local.AddDays(1);
        }

        var utc = local - offset;
        if (utc.Year is < 1 or > 9999)
        {
            return null;
        }

        return new DateTimeOffset(local, offset);
    }

    private static TimeSpan? Zone(string zone)
    {
        var z = zone.Trim();
        if (z.Length == 0)
        {
            return TimeSpan.Zero;
        }

        if (z[0] is '+' or '-')
        {
            var digits = z[1..].Replace(":", "", StringComparison.Ordinal);
            if (digits.Length is 1 or 2)
            {
                digits = digits.PadLeft(2, '0') + "00";
            }

            if (digits.Length == 3)
            {
                digits = "0" + digits;
            }

            if (digits.Length != 4 || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var hhmm))
            {
                return null;
            }

            var span = new TimeSpan(hhmm / 100, hhmm % 100, 0);
            return z[0] == '-' ? -span : span;
        }

        // "GMT+2", "UTC-05:00"
        var gmt = GmtOffsetRegex().Match(z);
        if (gmt.Success)
        {
            return gmt.Groups["o"].Success ? Zone(gmt.Groups["o"].Value) : TimeSpan.Zero;
        }

        return ZoneMinutes.TryGetValue(z, out var minutes) ? TimeSpan.FromMinutes(minutes) : TimeSpan.Zero;
    }

    private static Dictionary<string, int> BuildZones()
    {
        var zones = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase)
        {
            ["UT"] = 0, ["UTC"] = 0, ["GMT"] = 0, ["Z"] = 0, ["WET"] = 0, ["BST"] = 60, ["CET"] = 60, ["CEST"] = 120,
            ["MET"] = 60, ["MEST"] = 120, ["EET"] = 120, ["EEST"] = 180, ["MSK"] = 180, ["IST"] = 330, ["JST"] = 540,
            ["AEST"] = 600, ["AEDT"] = 660, ["NZST"] = 720, ["NZDT"] = 780,
            ["EST"] = -300, ["EDT"] = -240, ["CST"] = -360, ["CDT"] = -300, ["MST"] = -420, ["MDT"] = -360,
            ["PST"] = -480, ["PDT"] = -420, ["AST"] = -240, ["ADT"] = -180, ["AKST"] = -540, ["AKDT"] = -480,
            ["HST"] = -600, ["ET"] = -300, ["CT"] = -360, ["MT"] = -420, ["PT"] = -480, ["AT"] = -240,
        };
        for (var c = 'A'; c <= 'Y'; c++)
        {
            var hours = c switch
            {
                >= 'A' and <= 'I' => -(c - 'A' + 1),
                >= 'K' and <= 'M' => -(c - 'K' + 10),
                >= 'N' and <= 'Y' => c - 'N' + 1,
                _ => 0,
            };
            if (c != 'J')
            {
                zones[c.ToString()] = hours * 60;
            }
        }

        return zones;
    }

    private static int Year(string digits)
    {
        var y = int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        // RFC 2822 §4.3: two-digit years 00–49 are 2000–2049, 50–99 are 1950–1999; three digits add 1900.
        return digits.Length switch
        {
            2 => y < 50 ? 2000 + y : 1900 + y,
            3 => 1900 + y,
            _ => y,
        };
    }

    private static int Hour(Match m)
    {
        var hour = OptInt(m, "h");
        if (m.Groups["ampm"].Success)
        {
            var pm = m.Groups["ampm"].Value.StartsWith('p') || m.Groups["ampm"].Value.StartsWith('P');
            hour = hour % 12 + (pm ? 12 : 0);
        }

        return hour;
    }

    private static int Int(Match m, string group) => int.Parse(m.Groups[group].Value, NumberStyles.None, CultureInfo.InvariantCulture);

    private static int OptInt(Match m, string group) => m.Groups[group].Success ? Int(m, group) : 0;

    private static long FractionTicks(string digits)
    {
        var seven = digits.Length >= 7 ? digits[..7] : digits.PadRight(7, '0');
        return long.Parse(seven, NumberStyles.None, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex("""^(?<y>[0-9]{4})(?:-?(?<mo>[0-9]{2})(?:-?(?<d>[0-9]{2})(?:(?:T|t|\s+)(?<h>[0-9]{2}):?(?<mi>[0-9]{2})(?::?(?<s>[0-9]{2})(?:[.,](?<f>[0-9]+))?)?)?)?)?\s*(?<z>[Zz]|UTC|GMT|[+-][0-9]{2}(?::?[0-9]{2})?)?$""", RegexOptions.CultureInvariant)]
    private static partial Regex IsoRegex();

    [GeneratedRegex("""^(?:\p{L}{2,12}\.?,?\s*)?(?<d>[0-9]{1,2})(?:st|nd|rd|th|\.)?[\s\-]+(?<mon>\p{L}{3,12})\.?,?[\s\-]+(?<y>[0-9]{4}|[0-9]{2,3})(?:,?\s*(?:T|at\s+)?(?<h>[0-9]{1,2}):(?<mi>[0-9]{2})(?::(?<s>[0-9]{2})(?:[.,][0-9]+)?)?(?:\s*(?<ampm>[AaPp]\.?[Mm]\.?))?)?(?:\s*\(?(?<z>[A-Za-z]{1,5}(?:[+-][0-9]{1,2}(?::?[0-9]{2})?)?|[+-][0-9]{1,2}:?[0-9]{2}|[+-][0-9]{1,2})\)?)?(?:\s*\(.*\))?$""", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc822Regex();

    [GeneratedRegex("""^[A-Za-z]{3,9},?\s+(?<mon>[A-Za-z]{3,9})\s+(?<d>[0-9]{1,2})\s+(?<h>[0-9]{1,2}):(?<mi>[0-9]{2})(?::(?<s>[0-9]{2}))?(?:\s+(?<z>[A-Za-z]{1,5}|[+-][0-9]{4}))?\s+(?<y>[0-9]{4})$""", RegexOptions.CultureInvariant)]
    private static partial Regex AsctimeRegex();

    [GeneratedRegex("""^(?:\p{L}{3,12}\.?,?\s+)?(?<mon>\p{L}{3,12})\.?\s+(?<d>[0-9]{1,2})(?:st|nd|rd|th)?,?\s+(?<y>[0-9]{4})(?:,?\s*(?:at\s+)?(?<h>[0-9]{1,2}):(?<mi>[0-9]{2})(?::(?<s>[0-9]{2}))?(?:\s*(?<ampm>[AaPp]\.?[Mm]\.?))?)?(?:\s*(?<z>[A-Za-z]{1,5}|[+-][0-9]{2}:?[0-9]{2}))?$""", RegexOptions.CultureInvariant)]
    private static partial Regex MonthFirstRegex();

    [GeneratedRegex("""^(?<y>[0-9]{4})/(?<mo>[0-9]{1,2})/(?<d>[0-9]{1,2})(?:\s+(?<h>[0-9]{1,2}):(?<mi>[0-9]{2})(?::(?<s>[0-9]{2}))?)?(?:\s*(?<z>[A-Za-z]{1,5}|[+-][0-9]{2}:?[0-9]{2}))?$""", RegexOptions.CultureInvariant)]
    private static partial Regex SlashedRegex();

    [GeneratedRegex("""^(?:GMT|UTC|UT)(?<o>[+-][0-9]{1,2}(?::?[0-9]{2})?)?$""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex GmtOffsetRegex();
}
