using System.Diagnostics;
using System.Text;
using Aggregator.FullText;
using Xunit;

namespace Aggregator.Tests.FullText;

public sealed class HostileInputTests
{
    private static readonly Uri PageUrl = new("https://example.org/a/page.html");

    [Theory]
    [InlineData("")]
    [InlineData("   \n\t ")]
    public void EmptyDocument_ReturnsErrorInsteadOfThrowing(string html)
    {
        var article = ArticleExtractor.Extract(html, PageUrl);

        Assert.NotNull(article.Error);
        Assert.Equal(string.Empty, article.TextContent);
        Assert.Null(article.ContentHtml);
    }

    [Fact]
    public void BinaryGarbage_ReturnsAValueInsteadOfThrowing()
    {
        var random = new Random(1234);
        var bytes = new byte[200_000];
        random.NextBytes(bytes);

        var article = ArticleExtractor.Extract(Encoding.Latin1.GetString(bytes), PageUrl);

        Assert.NotNull(article);
        Assert.DoesNotContain("<script", article.ContentHtml ?? string.Empty, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("div")]
    [InlineData("b")]
    [InlineData("blockquote")]
    [Trait("Category", "Slow")]
    public void HundredThousandDeepNesting_FinishesQuicklyWithoutThrowing(string tag)
    {
        var html = "<html><body><p>" + new string('x', 10) + "</p>"
            + string.Concat(Enumerable.Repeat($"<{tag}>", 100_000)) + "deep"
            + string.Concat(Enumerable.Repeat($"</{tag}>", 100_000)) + "</body></html>";
        var watch = Stopwatch.StartNew();

        var article = ArticleExtractor.Extract(html, PageUrl);

        Assert.NotNull(article);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}");
    }

    [Fact]
    public void DeepButLegalNesting_KeepsTheText()
    {
        var paragraph = "<p>This paragraph is long enough to count, with a comma, and another comma, and some words.</p>";
        var html = "<html><body>" + string.Concat(Enumerable.Repeat("<div>", 400))
            + string.Concat(Enumerable.Repeat(paragraph, 10))
            + string.Concat(Enumerable.Repeat("</div>", 400)) + "</body></html>";

        var article = ArticleExtractor.Extract(html, PageUrl);

        Assert.Contains("This paragraph is long enough to count", article.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void HugeFlatPage_IsRefusedQuicklyWithAnError()
    {
        var html = "<html><head><title>A Page That Is Far Too Large</title></head><body><div>"
            + string.Concat(Enumerable.Repeat("<p>Some paragraph text, with commas, long enough to score.</p>", 100_000))
            + "</div></body></html>";
        var watch = Stopwatch.StartNew();

        var article = ArticleExtractor.Extract(html, PageUrl);

        Assert.Contains("too large", article.Error, StringComparison.Ordinal);
        Assert.Equal("A Page That Is Far Too Large", article.Title);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}");
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void VeryWideArticle_KeepsFirstAndLastParagraph()
    {
        var paragraphs = Enumerable.Range(1, 9_000).Select(i => $"<p>Paragraph number {i}, with a comma, and enough words to be scored.</p>");
        var html = "<html><body><article>" + string.Concat(paragraphs) + "</article></body></html>";
        var watch = Stopwatch.StartNew();

        var article = ArticleExtractor.Extract(html, PageUrl);

        Assert.Contains("Paragraph number 1,", article.TextContent, StringComparison.Ordinal);
        Assert.Contains("Paragraph number 9000,", article.TextContent, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}");
    }

    [Fact]
    public void PageWithoutArticle_StillReturnsTheBodyText()
    {
        var article = ArticleExtractor.Extract("<html><body><div>Just a short line.</div></body></html>", PageUrl);

        Assert.Null(article.Error);
        Assert.Equal("Just a short line.", article.TextContent);
    }
}
