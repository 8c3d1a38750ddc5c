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
    public static string Fold(string? title, string? summary, string? content) =>
        Compose(FoldPlain(title), FoldPlain(summary), FoldPlain(content));

    /// <summary>HTML as the reader sees it, folded: what the search index and topic matching both read of a summary or content.</summary>
    public static string FoldPlain(string? html) => TextFolding.Fold(HtmlText.ToPlainText(html, TextLayout.Blocks));

    /// <summary>The indexed text from the folded plain title, summary and content, in one concatenation.</summary>
    public static string Compose(string title, string summary, string content)
    {
        var withSummary = summary.Length > 0 && !content.Contains(summary, StringComparison.Ordinal);
        return (withSummary, content.Length > 0) switch
        {
            (false, false) => title,
            (true, false) => string.Concat(title, " ", summary),
            (false, true) => string.Concat(title, " ", content),
            (true, true) => string.Concat(title, " ", summary, " ", content),
        };
    }
}
