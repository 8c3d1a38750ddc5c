using Aggregator.FullText;
using Xunit;

namespace Aggregator.Tests.FullText;

public sealed class ContentCleaningTests
{
    private static readonly Uri PageUrl = new("https://news.example.org/world/2024/story.html");

    private static string Paragraphs(int count) => string.Concat(Enumerable.Range(1, count).Select(i =>
        $"<p>Paragraph {i} of the story tells readers what happened, where it happened, and why it matters to them today.</p>"));

    [Fact]
    public void HiddenNodes_AreDropped()
    {
        var html = $"""
            <html><body><article>
            {Paragraphs(5)}
            <p hidden>Hidden by attribute, a sentence with commas, and more words to count.</p>
            <p aria-hidden="true">Hidden from readers, a sentence with commas, and more words to count.</p>
            <p style="display: none">Not displayed at all, a sentence with commas, and more words to count.</p>
            <p style="visibility:hidden">Invisible text here, a sentence with commas, and more words to count.</p>
            </article></body></html>
            """;

        var article = ArticleExtractor.Extract(html, PageUrl);

        Assert.Contains("Paragraph 5 of the story", article.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Hidden by attribute", article.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Hidden from readers", article.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Not displayed", article.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Invisible text", article.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void NegativeClassBox_HoldingTheStorysParagraphs_IsKept()
    {
        // A template that sets the story's paragraphs beside a picture in an "o-media" box: Readability would drop the
        // box on its class name alone. A "media" box of a short linked line is still dropped.
        var html = $"""
            <html><body><article>
            {Paragraphs(4)}
            <div class="o-media o-media--left"><img src="/img/camp.jpg" alt="">
              <div class="o-media__body">
                <p>The relief agency also runs three field hospitals near the border, where volunteers have treated more than two thousand people since the spring.</p>
                <p>Its director said the climate was now the greatest threat the region faced, and that the next winter would test every shelter they had built.</p>
              </div>
            </div>
            <div class="media-teaser"><p><a href="/video/1">Watch</a> more</p></div>
            {Paragraphs(2)}
            </article></body></html>
            """;

        var text = ArticleExtractor.Extract(html, PageUrl).TextContent;

        Assert.Contains("three field hospitals near the border", text, StringComparison.Ordinal);
        Assert.Contains("the climate was now the greatest threat", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Watch more", text, StringComparison.Ordinal);
    }

    [Fact]
    public void BaseHref_IsUsedToResolveRelativeUrls()
    {
        var html = $"""
            <html><head><base href="https://cdn.example.net/assets/"></head><body><article>
            {Paragraphs(5)}
            <p>See <a href="more/details.html">the details</a>, with a picture, and a caption, for the record.</p>
            <img src="photo.jpg" srcset="photo-2x.jpg 2x, /abs/photo-3x.jpg 3x" alt="photo">
            </article></body></html>
            """;

        var html2 = ArticleExtractor.Extract(html, PageUrl).ContentHtml!;

        Assert.Contains("href=\"https://cdn.example.net/assets/more/details.html\"", html2, StringComparison.Ordinal);
        Assert.Contains("src=\"https://cdn.example.net/assets/photo.jpg\"", html2, StringComparison.Ordinal);
        Assert.Contains("https://cdn.example.net/assets/photo-2x.jpg 2x", html2, StringComparison.Ordinal);
        Assert.Contains("https://cdn.example.net/abs/photo-3x.jpg 3x", html2, StringComparison.Ordinal);
    }

    [Fact]
    public void LazyImage_DataOriginalWithoutExtension_BecomesSrc()
    {
        var html = $"""
            <html><body><article>
            {Paragraphs(5)}
            <figure><img data-original="/img/12345?w=800" alt="x"><figcaption>A caption for the image.</figcaption></figure>
            </article></body></html>
            """;

        var content = ArticleExtractor.Extract(html, PageUrl).ContentHtml!;

        Assert.Contains("src=\"https://news.example.org/img/12345?w=800\"", content, StringComparison.Ordinal);
    }

    [Fact]
    public void DataTable_IsKeptAndLinkListIsDropped()
    {
        var rows = string.Concat(Enumerable.Range(1, 12).Select(i => $"<tr><td>Region {i}</td><td>{i * 100}</td></tr>"));
        var links = string.Concat(Enumerable.Range(1, 8).Select(i => $"<li><a href=\"/tag/{i}\">Tag number {i}</a></li>"));
        var html = $"""
            <html><body><article>
            {Paragraphs(5)}
            <table><thead><tr><th>Region</th><th>Votes</th></tr></thead><tbody>{rows}</tbody></table>
            <div><ul>{links}</ul></div>
            {Paragraphs(2)}
            </article></body></html>
            """;

        var article = ArticleExtractor.Extract(html, PageUrl);

        Assert.Contains("Region 12", article.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Tag number", article.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void JavascriptLinks_KeepTheirTextOnly()
    {
        var html = $"""
            <html><body><article>
            {Paragraphs(5)}
            <p>Click <a href="javascript:alert(1)">this phrase</a> for nothing, which is fine, really, truly.</p>
            </article></body></html>
            """;

        var content = ArticleExtractor.Extract(html, PageUrl).ContentHtml!;

        Assert.Contains("this phrase", content, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript:", content, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void WrapperNamedLikeAFooter_ThatHoldsTheHeadlineAndTheStory_IsKept_AFooterWithoutThemIsNot()
    {
        var offers = string.Concat(Enumerable.Range(1, 6).Select(i =>
            $"<p>Card offer {i}: earn bonus points on travel and dining, with an annual fee that pays for itself, the bank says.</p>"));
        var html = $"""
            <html><body>
            <div class="offers">{offers}</div>
            <div class="above-footer"><h1>Harbour bridge</h1><section><div>{Paragraphs(8)}</div></section></div>
            <div class="site-footer"><p>Footer note: about us, careers, advertising, and the terms of use of this site.</p></div>
            </body></html>
            """;

        var text = ArticleExtractor.Extract(html, PageUrl).TextContent;

        Assert.Contains("Paragraph 1 of the story", text, StringComparison.Ordinal);
        Assert.Contains("Paragraph 8 of the story", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Footer note", text, StringComparison.Ordinal);
    }
}
