using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Aggregator.Configuration;

/// <summary>
/// Reads feeds.json durations: a number and a unit (s, m, h, d), or several from largest to
/// smallest ("1h30m", "1d12h"). Go's time.ParseDuration is the model, minus fractions and ms,
/// which a polling interval never needs.
/// </summary>
public static class DurationParser
{
    private const string Examples = "e.g. '90s', '15m', '2h', '1d' or '1h30m'";
    private static readonly TimeSpan Longest = TimeSpan.FromDays(365);

    public static bool TryParse(string text, out TimeSpan duration, [NotNullWhen(false)] out string? error)
    {
        duration = TimeSpan.Zero;
        if (text.Length == 0)
        {
            return Fail("it is empty; write " + Examples, out error);
        }

        if (text[0] == '-')
        {
            return Fail("a duration must be positive", out error);
        }

        var position = 0;
        var previousRank = int.MaxValue;
        while (position < text.Length)
        {
            var start = position;
            while (position < text.Length && char.IsAsciiDigit(text[position]))
            {
                position++;
            }

            if (position == start)
            {
                return Fail($"expected a number at '{text[position..]}'; write " + Examples, out error);
            }

            if (position == text.Length)
            {
                return Fail($"'{text[start..]}' has no unit (s, m, h or d); write " + Examples, out error);
            }

            // Read the whole run up to the next digit, so "30min" and "2 hours" are named as written.
            var unitEnd = position;
            while (unitEnd < text.Length && !char.IsAsciiDigit(text[unitEnd]))
            {
                unitEnd++;
            }

            var unit = text[position];
            var rank = unitEnd - position != 1 ? 0 : unit switch { 'd' => 4, 'h' => 3, 'm' => 2, 's' => 1, _ => 0 };
            if (rank == 0)
            {
                return Fail($"unknown unit '{text[position..unitEnd]}'; use s, m, h or d, " + Examples, out error);
            }

            if (rank >= previousRank)
            {
                return Fail("write each unit once, largest first, " + Examples, out error);
            }

            // Anything past a year is rejected below; stop at nine digits, long before TimeSpan overflows.
            if (position - start > 9)
            {
                return Fail($"it is longer than {Longest.Days} days", out error);
            }

            var amount = long.Parse(text.AsSpan(start, position - start), CultureInfo.InvariantCulture);
            duration += unit switch
            {
                'd' => TimeSpan.FromDays(amount),
                'h' => TimeSpan.FromHours(amount),
                'm' => TimeSpan.FromMinutes(amount),
                _ => TimeSpan.FromSeconds(amount),
            };
            previousRank = rank;
            position = unitEnd;
        }

        if (duration <= TimeSpan.Zero)
        {
            return Fail("a duration must be positive", out error);
        }

        if (duration > Longest)
        {
            return Fail($"it is longer than {Longest.Days} days", out error);
        }

        error = null;
        return true;
    }

    private static bool Fail(string message, out string error)
    {
        error = message;
        return false;
    }
}
