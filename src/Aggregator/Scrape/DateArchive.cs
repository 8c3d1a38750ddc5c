using System.Globalization;

namespace Aggregator.Scrape;

/// <summary>
/// Year and month headings of an archive ("2025", "March 2025", "2025-03") and the date archive pages they link to
/// ("/2025/", "/2025/03/"): structure that groups articles, never an article itself.
/// </summary>
internal static class DateArchive
{
    private static readonly HashSet<string> Months = BuildMonths();

    // "March 2025 (3 posts)": the count an archive prints beside its heading.
    private static readonly HashSet<string> CountWords = new(StringComparer.OrdinalIgnoreCase) { "post", "posts", "article", "articles", "entry", "entries", "items" };

    /// <summary>A path of date parts only: a year, then at most a month and a day ("/2025/03/"), optionally under "archive(s)".</summary>
    public static bool IsArchiveUrl(Uri link)
    {
        var segments = link.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var start = segments.Length > 0 && segments[0].StartsWith("archive", StringComparison.OrdinalIgnoreCase) ? 1 : 0;
        if (segments.Length - start is < 1 or > 3 || !IsYear(segments[start]))
        {
            return false;
        }

        for (var i = start + 1; i < segments.Length; i++)
        {
            if (segments[i].Length is < 1 or > 2 || !segments[i].All(char.IsAsciiDigit))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Text that names only a year, a month, or both ("2025", "March", "Mar 2025", "2025-03", "03/2025"), with a count at most.</summary>
    public static bool IsDateHeading(string text)
    {
        var words = text.Split([' ', '\u00a0', ',', '-', '/', '.', '(', ')', '·'], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length is 0 or > 5)
        {
            return false;
        }

        var named = false;
        foreach (var word in words)
        {
            if (IsYear(word) || Months.Contains(word))
            {
                named = true;
            }
            else if (CountWords.Contains(word))
            {
                continue;
            }
            else if (!word.All(char.IsAsciiDigit) || word.Length > 3)
            {
                return false;
            }
        }

        return named;
    }

    private static bool IsYear(string text) =>
        text.Length == 4 && text.All(char.IsAsciiDigit) && int.Parse(text, CultureInfo.InvariantCulture) is >= 1900 and <= 2200;

    // Month names and abbreviations of the invariant culture, which is what themes print in English.
    private static HashSet<string> BuildMonths()
    {
        var months = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var format = CultureInfo.InvariantCulture.DateTimeFormat;
        foreach (var name in format.MonthNames.Concat(format.AbbreviatedMonthNames).Concat(format.MonthGenitiveNames))
        {
            if (name.Length > 0)
            {
                months.Add(name);
            }
        }

        months.Add("Sept");
        return months;
    }
}
