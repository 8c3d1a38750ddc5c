using System.Text.RegularExpressions;
using Aggregator.Parse;

namespace Aggregator.FullText;

/// <summary>
/// A short line a news template prints as one row of parts between separators: "By Jane Roe | March 3, 2026 | The
/// Associated Press", "Max Muster · 12.03.2026 · dpa", "REUTERS / Updated 5 hours ago". Each part alone is furniture the
/// other line rules already know (a byline, a date, an agency) or a bare name (the outlet, a place); joined, the row is
/// too long and too mixed for any one of them. Every part must be one of those and one a byline or date, so a line
/// holding a phrase of the story ("Sport | the mayor's plan") is never taken.
/// </summary>
internal static partial class DatelineParts
{
    /// <summary>A row of metadata, not a sentence: "By … | date | agency" is eight to ten words.</summary>
    private const int MaxWords = 12;

    private const int MaxLength = 120;

    // A slash or dash separates parts only with space around it: "12/03/2026" and "Jean-Luc" are one part.
    [GeneratedRegex(@"\s*[|·•]\s*|\s+[/—–-]\s+")]
    private static partial Regex Separator();

    /// <summary>A place or outlet set in capitals ("BERLIN", "NEW YORK"): a dateline's other half.</summary>
    [GeneratedRegex(@"^(\p{Lu}[\p{Lu}.'’-]+)(\s+\p{Lu}[\p{Lu}.'’-]+){0,2}$", RegexOptions.CultureInvariant)]
    private static partial Regex Capitals();

    public static bool IsDatelineRow(string text)
    {
        if (text.Length is 0 or > MaxLength || text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length > MaxWords)
        {
            return false;
        }

        var parts = Separator().Split(text.Trim()).Where(p => p.Length > 0).ToList();
        if (parts.Count < 2)
        {
            return false;
        }

        var dated = false;
        foreach (var part in parts)
        {
            if (BylineLines.IsBylineLine(part) || DateLines.IsDateLine(part) || DateParser.IsDate(part))
            {
                dated = true;
            }
            else if (!NameLines.IsName(part) && !Capitals().IsMatch(part))
            {
                return false;
            }
        }

        return dated;
    }
}
