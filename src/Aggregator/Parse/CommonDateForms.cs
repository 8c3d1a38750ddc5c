namespace Aggregator.Parse;

/// <summary>
/// The two forms nearly every feed writes its dates in, read without a regular expression: RFC 1123 as RSS
/// writes it ("Tue, 24 Mar 2009 16:40:00 GMT", or "+0100") and W3C date-time as Atom writes it
/// ("2009-03-24T16:40:00Z", or "+01:00"). The values go through the same <see cref="DateParser.Build"/> as the
/// patterns' do; anything else, and any date Build refuses, is left to the patterns, so the result is theirs.
/// Read from characters so the byte reader can hand it a date's ASCII bytes widened on the stack, with no string.
/// </summary>
internal static class CommonDateForms
{
    private static readonly string[] MonthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    /// <summary>The date, or null when <paramref name="s"/> (whitespace already collapsed) is not in either form.</summary>
    public static DateTimeOffset? Parse(ReadOnlySpan<char> s) => s.Length switch
    {
        29 or 31 => Rfc1123(s),
        20 or 25 => W3c(s),
        _ => null,
    };

    // "Tue, 24 Mar 2009 16:40:00 GMT" (29 characters) or "Tue, 24 Mar 2009 16:40:00 +0100" (31).
    private static DateTimeOffset? Rfc1123(ReadOnlySpan<char> s)
    {
        if (!(char.IsAsciiLetter(s[0]) && char.IsAsciiLetter(s[1]) && char.IsAsciiLetter(s[2]) && s[3] == ',' && s[4] == ' '
            && s[7] == ' ' && s[11] == ' ' && s[16] == ' ' && s[19] == ':' && s[22] == ':' && s[25] == ' ')
            || Month(s.Slice(8, 3)) is not int month
            || !(Digits(s, 5, 2) is int day && Digits(s, 12, 4) is int year && Digits(s, 17, 2) is int hour
                && Digits(s, 20, 2) is int minute && Digits(s, 23, 2) is int second))
        {
            return null;
        }

        TimeSpan offset;
        if (s.Length == 29 && s[26..].SequenceEqual("GMT"))
        {
            offset = TimeSpan.Zero;
        }
        else if (s.Length == 31 && s[26] is '+' or '-' && Digits(s, 27, 4) is int hhmm)
        {
            // As the patterns read "+hhmm": hours and minutes, minutes not checked.
            var span = new TimeSpan(hhmm / 100, hhmm % 100, 0);
            offset = s[26] == '-' ? -span : span;
        }
        else
        {
            return null;
        }

        return DateParser.Build(year, month, day, hour, minute, second, 0, offset);
    }

    // "2009-03-24T16:40:00Z" (20 characters) or "2009-03-24T16:40:00+01:00" (25).
    private static DateTimeOffset? W3c(ReadOnlySpan<char> s)
    {
        if (!(s[4] == '-' && s[7] == '-' && s[10] == 'T' && s[13] == ':' && s[16] == ':')
            || !(Digits(s, 0, 4) is int year && Digits(s, 5, 2) is int month && Digits(s, 8, 2) is int day
                && Digits(s, 11, 2) is int hour && Digits(s, 14, 2) is int minute && Digits(s, 17, 2) is int second))
        {
            return null;
        }

        TimeSpan offset;
        if (s.Length == 20 && s[19] == 'Z')
        {
            offset = TimeSpan.Zero;
        }
        else if (s.Length == 25 && s[19] is '+' or '-' && s[22] == ':' && Digits(s, 20, 2) is int hh && Digits(s, 23, 2) is int mm)
        {
            var span = new TimeSpan(hh, mm, 0);
            offset = s[19] == '-' ? -span : span;
        }
        else
        {
            return null;
        }

        return DateParser.Build(year, month, day, hour, minute, second, 0, offset);
    }

    // 1-12 for the English abbreviation as RFC 1123 capitalizes it, else null.
    private static int? Month(ReadOnlySpan<char> name)
    {
        for (var i = 0; i < MonthNames.Length; i++)
        {
            if (name.SequenceEqual(MonthNames[i]))
            {
                return i + 1;
            }
        }

        return null;
    }

    // The number written in ASCII digits at s[start..start+length], or null.
    private static int? Digits(ReadOnlySpan<char> s, int start, int length)
    {
        var value = 0;
        for (var i = start; i < start + length; i++)
        {
            if (!char.IsAsciiDigit(s[i]))
            {
                return null;
            }

            value = value * 10 + (s[i] - '0');
        }

        return value;
    }
}
