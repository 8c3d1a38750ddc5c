using System.Buffers;
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

    /// <summary>
    /// <see cref="Fold"/>'s text, with where the folded summary and content lie in it, for topic matching to read
    /// them there: a summary the content repeats lies inside the content. One string per article where there were
    /// three (the folded summary, the folded content and their concatenation; issue 23).
    /// </summary>
    public static FoldedArticleText FoldArticle(string? title, string? summary, string? content)
    {
        var plainTitle = HtmlText.ToPlainText(title, TextLayout.Blocks);
        var plainSummary = HtmlText.ToPlainText(summary, TextLayout.Blocks);
        var plainContent = HtmlText.ToPlainText(content, TextLayout.Blocks);
        var sb = ScratchBuilder.Rent(plainTitle.Length + plainSummary.Length + plainContent.Length);
        TextFolding.Append(sb, plainTitle);
        var t = sb.Length;
        TextFolding.Append(sb, plainSummary);
        var s = sb.Length - t;
        TextFolding.Append(sb, plainContent);
        var c = sb.Length - t - s;
        var folded = ArrayPool<char>.Shared.Rent(Math.Max(sb.Length, 1));
        try
        {
            sb.CopyTo(0, folded, sb.Length);
            ScratchBuilder.ReturnUnused(sb);
            var parts = new Parts(folded, t, s, c, s == 0 ? -1 : folded.AsSpan(t + s, c).IndexOf(folded.AsSpan(t, s)));
            var text = string.Create(parts.Length, parts, static (destination, p) => p.CopyTo(destination));
            var summaryStart = parts.WithSummary ? t + 1 : s > 0 ? parts.ContentStart + parts.SummaryInContent : 0;
            return new FoldedArticleText(text, summaryStart, s, c > 0 ? parts.ContentStart : 0, c);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(folded);
        }
    }

    /// <summary>Title, summary and content folded one after another in <see cref="Folded"/>, laid out as <see cref="Compose"/> joins them.</summary>
    private readonly record struct Parts(char[] Folded, int TitleLength, int SummaryLength, int ContentLength, int SummaryInContent)
    {
        public bool WithSummary => SummaryLength > 0 && SummaryInContent < 0;

        public int ContentStart => TitleLength + 1 + (WithSummary ? SummaryLength + 1 : 0);

        public int Length => TitleLength + (WithSummary ? 1 + SummaryLength : 0) + (ContentLength > 0 ? 1 + ContentLength : 0);

        public void CopyTo(Span<char> destination)
        {
            Folded.AsSpan(0, TitleLength).CopyTo(destination);
            var at = TitleLength;
            if (WithSummary)
            {
                destination[at] = ' ';
                Folded.AsSpan(TitleLength, SummaryLength).CopyTo(destination[(at + 1)..]);
                at += 1 + SummaryLength;
            }

            if (ContentLength > 0)
            {
                destination[at] = ' ';
                Folded.AsSpan(TitleLength + SummaryLength, ContentLength).CopyTo(destination[(at + 1)..]);
            }
        }
    }
}
