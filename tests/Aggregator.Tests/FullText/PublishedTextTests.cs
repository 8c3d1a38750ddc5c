using Aggregator.FullText;
using Aggregator.Normalize;
using Xunit;

namespace Aggregator.Tests.FullText;

/// <summary>
/// Issue 20: what the corpus tests score (<see cref="VisibleText.Published"/>) is the text a reader of the published
/// entry sees: the extracted content sanitized, then read. Elements the sanitizer drops count for neither.
/// </summary>
public sealed class PublishedTextTests
{
    private static readonly Uri PageUrl = new("https://news.example.org/world/2024/story.html");

    private static string Paragraphs(int count) => string.Concat(Enumerable.Range(1, count).Select(i =>
        $"<p>Paragraph {i} of the story tells readers what happened, where it happened, and why it matters to them today.</p>"));

    [Fact]
    public void ScoredText_LeavesOut_WhatTheSanitizerDrops()
    {
        // A stray <title> in the body (a page that printed warnings before <html>) and an inline chart whose labels
        // are SVG text: a browser shows neither in a feed entry, and the sanitizer drops both.
        var html = $"""
            <html><body><article>
            <title>Stray page title | Example News</title>
            {Paragraphs(3)}
            <p>The chart below shows the rise. <svg viewBox="0 0 10 10"><title>Icon tooltip words</title><text x="1" y="5">Chart axis label</text></svg> It doubled in a year.</p>
            {Paragraphs(3)}
            </article></body></html>
            """;

        var text = VisibleText.Published(ArticleExtractor.Extract(html, PageUrl), PageUrl);

        Assert.Contains("It doubled in a year.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Stray page title", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Chart axis label", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Icon tooltip", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ScoredText_IsTheSanitizedContent_AsAReaderSeesIt()
    {
        var html = $"""
            <html><body><article>
            <h2>How it began</h2>
            {Paragraphs(4)}
            <ul><li>First, the rain.</li><li>Then the flood &amp; the mud.</li></ul>
            <table><tr><th>Year</th><th>Rain</th></tr><tr><td>2023</td><td>812 mm</td></tr></table>
            <p>Closing words<br>on two lines.</p>
            </article></body></html>
            """;

        var article = ArticleExtractor.Extract(html, PageUrl);

        var published = ReaderText.OfPublished(article.ContentHtml, PageUrl);
        Assert.Equal(string.Join("\n\n", published), VisibleText.Published(article, PageUrl));
        // The DOM reading under the sanitizer's policy, which skips a second parse, gives the same lines.
        var root = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(article.ContentHtml!).Body!;
        Assert.Equal(published, ReaderText.PublishedLines(root));
        Assert.Contains("How it began", published);
        Assert.Contains("Then the flood & the mud.", published);
        Assert.Contains("812 mm", published);
        Assert.Contains("on two lines.", published);
    }
}
