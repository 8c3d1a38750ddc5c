using System.Text.RegularExpressions;

namespace Aggregator.Tests.FullText;

/// <summary>
/// How the corpus tests read a line of extracted or published text: one definition, so the report sections that compare
/// lines (snippets found, the story's edges, the published leftovers) cannot disagree on what a line or "prose" is.
/// </summary>
internal static partial class ReaderLines
{
    /// <summary>A line this long that ends a sentence is prose (the edge measure's "first paragraph").</summary>
    public const int ProseLength = 80;

    [GeneratedRegex(@"[.!?…:;]\W*$")]
    private static partial Regex EndsSentence();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Space();

    /// <summary>Every run of white space one space, the ends trimmed: how snippets and lines are compared.</summary>
    public static string Flatten(string s) => Space().Replace(s, " ").Trim();

    public static bool IsProse(string line) => line.Length >= ProseLength && EndsSentence().IsMatch(line);
}
