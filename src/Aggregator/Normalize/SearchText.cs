using Aggregator.Parse;

namespace Aggregator.Normalize;

/// <summary>
/// The text the search index holds for an article: title, summary and content as plain text folded by
/// <see cref="TextFolding"/>, the folding search queries get, so "guaido" finds "Guaidó". Computed in C#
/// while an ingest prepares its articles, before the writer lock, and bound by the store, so SQLite does
/// not call back into .NET per row to compute it (issue 23).
/// </summary>
public static class SearchText
{
    /// <summary>The indexed text of an article; the summary is left out when the content repeats it.</summary>
    public static string Fold(string? title, string? summary, string? content)
    {
        var folded = TextFolding.Fold(HtmlText.ToPlainText(title ?? string.Empty, TextLayout.Blocks));
        var body = TextFolding.Fold(HtmlText.ToPlainText(content ?? string.Empty, TextLayout.Blocks));
        var teaser = TextFolding.Fold(HtmlText.ToPlainText(summary ?? string.Empty, TextLayout.Blocks));
        if (teaser.Length > 0 && !body.Contains(teaser, StringComparison.Ordinal))
        {
            folded = folded + " " + teaser;
        }
        return body.Length == 0 ? folded : folded + " " + body;
    }
}
