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
    public void HundredThousandDeepNesting_WorkGrowsLinearlyWithoutThrowing(string tag)
    {
        static string Nested(string tag, int depth) => "<html><body><p>" + new string('x', 10) + "</p>"
            + string.Concat(Enumerable.Repeat($"<{tag}>", depth)) + "deep"
            + string.Concat(Enumerable.Repeat($"</{tag}>", depth)) + "</body></html>";

        var once = LeastAllocated(Nested(tag, 50_000));
        var twice = LeastAllocated(Nested(tag, 100_000));

        Assert.True(twice < 3 * once, $"{tag}: {once:N0} bytes for 50,000 levels, {twice:N0} bytes for 100,000");
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
    public void HugeFlatPage_IsCutAndRead_WithWorkGrowingLinearly()
    {
        // Both sizes are past the article page's character limit, so each is cut to the same length before it is parsed;
        // what the old time budget stood for is that reading such a page does not grow faster than the page.
        static string Flat(int paragraphs) => "<html><head><title>A Page That Is Far Too Large</title></head><body><div>"
            + string.Concat(Enumerable.Repeat("<p>Some paragraph text, with commas, long enough to score.</p>", paragraphs))
            + "</div></body></html>";

        var article = ArticleExtractor.Extract(Flat(100_000), PageUrl);
        var once = LeastAllocated(Flat(100_000));
        var twice = LeastAllocated(Flat(200_000));

        Assert.Null(article.Error);
        Assert.Contains("article page cut at", article.Cut, StringComparison.Ordinal);
        Assert.Contains("article page cut at", ArticleExtractor.Extract(Flat(200_000), PageUrl).Cut, StringComparison.Ordinal);
        Assert.Equal("A Page That Is Far Too Large", article.Title);
        Assert.Contains("Some paragraph text, with commas", article.TextContent, StringComparison.Ordinal);
        Assert.True(twice < 3 * once, $"{once:N0} bytes reading 100,000 paragraphs, {twice:N0} bytes reading 200,000");
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void DensePageUnderTheCharacterLimit_IsRefusedWithAnError()
    {
        // Under the character limit but past the node cap: 240,000 elements of a few characters each.
        var html = "<html><head><title>Dense</title></head><body><div>" + string.Concat(Enumerable.Repeat("<b>x</b>", 240_000)) + "</div></body></html>";
        Assert.True(html.Length < LargeArticlePage.MaxChars);

        var article = ArticleExtractor.Extract(html, PageUrl);

        Assert.Contains("too large", article.Error, StringComparison.Ordinal);
        Assert.Null(article.Cut);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void VeryWideArticle_KeepsFirstAndLastParagraph_WithWorkGrowingLinearly()
    {
        static string Wide(int count) => "<html><body><article>"
            + string.Concat(Enumerable.Range(1, count).Select(i => $"<p>Paragraph number {i}, with a comma, and enough words to be scored.</p>"))
            + "</article></body></html>";

        var article = ArticleExtractor.Extract(Wide(9_000), PageUrl);
        var once = LeastAllocated(Wide(4_500));
        var twice = LeastAllocated(Wide(9_000));

        Assert.Contains("Paragraph number 1,", article.TextContent, StringComparison.Ordinal);
        Assert.Contains("Paragraph number 9000,", article.TextContent, StringComparison.Ordinal);
        Assert.True(twice < 3 * once, $"{once:N0} bytes for 4,500 paragraphs, {twice:N0} bytes for 9,000");
    }

    // Linear work doubles with the input, quadratic work quadruples: three times leaves room for the fixed part.
    // The least of three runs, because pools shared across threads (AngleSharp's StringBuilder pool, ArrayPool) can only
    // add allocation when a concurrent test holds their buffers, never take any away.
    private static long LeastAllocated(string html)
    {
        var least = long.MaxValue;
        for (var run = 0; run < 3; run++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            Assert.NotNull(ArticleExtractor.Extract(html, PageUrl));
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return least;
    }

    [Fact]
    public void PageWithoutArticle_StillReturnsTheBodyText()
    {
        var article = ArticleExtractor.Extract("<html><body><div>Just a short line.</div></body></html>", PageUrl);

        Assert.Null(article.Error);
        Assert.Equal("Just a short line.", article.TextContent);
    }
}
