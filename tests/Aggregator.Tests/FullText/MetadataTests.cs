using Aggregator.FullText;
using Xunit;

namespace Aggregator.Tests.FullText;

public sealed class MetadataTests
{
    private static readonly Uri PageUrl = new("https://news.example.org/story");

    private const string Body = """
        <body><article>
        <p>The first paragraph of the article is long enough, with commas, to be scored as real content.</p>
        <p>The second paragraph of the article is also long enough, with commas, to be scored as content.</p>
        </article></body>
        """;

    [Fact]
    public void TitleTag_SiteSuffixIsStripped()
    {
        var article = ArticleExtractor.Extract($"<html><head><title>Parliament Votes On The New Budget Today | The Daily Example</title></head>{Body}</html>", PageUrl);

        Assert.Equal("Parliament Votes On The New Budget Today", article.Title);
    }

    [Fact]
    public void ShortTitleTag_FallsBackToTheOnlyHeading()
    {
        var article = ArticleExtractor.Extract("<html><head><title>Example</title></head><body><h1>Harbour Workers Strike For A Third Day</h1>" + Body[6..] + "</html>", PageUrl);

        Assert.Equal("Harbour Workers Strike For A Third Day", article.Title);
    }

    [Fact]
    public void JsonLd_ProvidesHeadlineAuthorPublisherAndDate()
    {
        var head = """
            <head><title>Something | Site</title>
            <script type="application/ld+json">
            {"@context":"https://schema.org","@type":"NewsArticle","headline":"Dockers Win Their Pay Claim",
             "author":[{"@type":"Person","name":"Ana Example"},{"@type":"Person","name":"Bo Sample"}],
             "publisher":{"@type":"Organization","name":"Example News"},
             "description":"After a week on strike, dockers won.","datePublished":"2024-03-05T08:30:00+01:00"}
            </script></head>
            """;

        var article = ArticleExtractor.Extract($"<html>{head}{Body}</html>", PageUrl);

        Assert.Equal("Dockers Win Their Pay Claim", article.Title);
        Assert.Equal("Ana Example, Bo Sample", article.Byline);
        Assert.Equal("Example News", article.SiteName);
        Assert.Equal("After a week on strike, dockers won.", article.Excerpt);
        Assert.Equal(new DateTimeOffset(2024, 3, 5, 8, 30, 0, TimeSpan.FromHours(1)), article.Published);
    }

    [Fact]
    public void BylineElement_IsUsedAndRemovedFromTheText()
    {
        var html = "<html><body><article><p class=\"byline\">By Jane Reporter</p>" + Body[15..] + "</html>";

        var article = ArticleExtractor.Extract(html, PageUrl);

        Assert.Equal("By Jane Reporter", article.Byline);
        Assert.DoesNotContain("Jane Reporter", article.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingDescription_ExcerptIsTheFirstParagraph()
    {
        var article = ArticleExtractor.Extract($"<html><head><title>A Title Long Enough To Keep As Is</title></head>{Body}</html>", PageUrl);

        Assert.Equal("The first paragraph of the article is long enough, with commas, to be scored as real content.", article.Excerpt);
    }

    [Fact]
    public void TimeElementInArticle_GivesThePublishedDate()
    {
        var html = "<html><body><article><time datetime=\"2023-11-02T14:00:00Z\">2 Nov</time>" + Body[15..] + "</html>";

        var article = ArticleExtractor.Extract(html, PageUrl);

        Assert.Equal(new DateTimeOffset(2023, 11, 2, 14, 0, 0, TimeSpan.Zero), article.Published);
    }
}
