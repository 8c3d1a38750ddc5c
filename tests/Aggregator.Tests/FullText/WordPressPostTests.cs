using Aggregator.FullText;
using Xunit;

namespace Aggregator.Tests.FullText;

/// <summary>
/// A Popular Resistance single post (text from samples/002) in a WordPress theme with every kind of
/// page furniture around it: only the article paragraphs may come out.
/// </summary>
public sealed class WordPressPostTests
{
    private static readonly Uri PageUrl = new("https://popularresistance.org/2024/08/06/venezuela-an-attempted-coup/");

    private static ExtractedArticle Extract() =>
        ArticleExtractor.Extract(File.ReadAllText(Path.Combine(TestPaths.TestData("fulltext"), "popular-resistance-post.html")), PageUrl);

    [Fact]
    public void WordPressPost_KeepsEveryArticleParagraph()
    {
        var article = Extract();

        Assert.Null(article.Error);
        Assert.Contains("Once again, as in 2002, Venezuela has been the victim", article.TextContent, StringComparison.Ordinal);
        Assert.Contains("more than 635 international witnesses", article.TextContent, StringComparison.Ordinal);
        Assert.Contains("How many international witnesses are allowed for the USA or Canadian elections? None.", article.TextContent, StringComparison.Ordinal);
        Assert.Contains("Nicolás Maduro was re-elected with 51.2% of votes", article.TextContent, StringComparison.Ordinal);
        Assert.Contains("The other 8 opposition leaders received 4.6%", article.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Skip to content")]
    [InlineData("Climate Justice")]
    [InlineData("About Us")]
    [InlineData("Share this")]
    [InlineData("Facebook")]
    [InlineData("Related")]
    [InlineData("It Was A US-Led Coup All Along")]
    [InlineData("Hands Off Venezuela")]
    [InlineData("Commenter one")]
    [InlineData("thoughts on")]
    [InlineData("Post Comment")]
    [InlineData("Urgent End Of Year Fundraising Campaign")]
    [InlineData("Online donations are back")]
    [InlineData("fiscal sponsor")]
    [InlineData("Creative Commons")]
    [InlineData("Privacy Policy")]
    [InlineData("Supporters of the Bolivarian process march in Caracas.")] // the photo's caption: not the article (issue 20)
    public void WordPressPost_DropsPageFurniture(string furniture)
    {
        var article = Extract();

        Assert.DoesNotContain(furniture, article.TextContent, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(furniture, article.ContentHtml!, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void WordPressPost_LazyImageGetsItsRealSource()
    {
        var html = Extract().ContentHtml!;

        Assert.Contains("src=\"https://popularresistance.org/wp-content/uploads/2024/08/caracas-march.jpg\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data:image/gif", html, StringComparison.Ordinal);
    }

    [Fact]
    public void WordPressPost_RelativeLinksBecomeAbsolute()
    {
        var html = Extract().ContentHtml!;

        Assert.Contains("href=\"https://popularresistance.org/category/coups/\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://popularresistance.org/2024/08/01/cyber-warfare/\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/", html, StringComparison.Ordinal);
    }

    [Fact]
    public void WordPressPost_OutputHasNoScriptsStylesOrHandlers()
    {
        var html = Extract().ContentHtml!;

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onclick", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<form", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void WordPressPost_ReadsMetadataFromTheHead()
    {
        var article = Extract();

        Assert.Equal("Venezuela: An Attempted Coup By Any Other Name", article.Title);
        Assert.Equal("Popular Resistance Staff", article.Byline);
        Assert.Equal("Popular Resistance.Org", article.SiteName);
        Assert.Equal("Once again, as in 2002, Venezuela has been the victim of a combined media and diplomatic coup attempt.", article.Excerpt);
        Assert.Equal(new DateTimeOffset(2024, 8, 6, 10, 15, 0, TimeSpan.Zero), article.Published);
    }
}
