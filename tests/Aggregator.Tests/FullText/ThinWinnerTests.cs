using Aggregator.FullText;
using Xunit;

namespace Aggregator.Tests.FullText;

/// <summary>
/// Pages that are not news stories, where Readability's score picks a box of short comma-rich lines over the long
/// paragraphs that are the page's content: a recipe beside a cookie-consent box, a shop's product description beside its
/// delivery note. And the guard: a story whose container holds a fair share of the page's paragraphs keeps it.
/// </summary>
public sealed class ThinWinnerTests
{
    private static readonly Uri PageUrl = new("https://shop.example.org/p/1");

    private static string Fixture(string name) => File.ReadAllText(Path.Combine(TestPaths.TestData("fulltext"), name));

    [Fact]
    public void RecipeSteps_WinOverACookieBoxOfShortCommaRichLines()
    {
        var text = ArticleExtractor.Extract(Fixture("recipe-with-consent-box.html"), PageUrl).TextContent;

        Assert.Contains("Wash the plums and let them drain", text, StringComparison.Ordinal);
        Assert.Contains("Bake the cake on the middle shelf", text, StringComparison.Ordinal);
        Assert.DoesNotContain("these count visits", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ProductDescription_WinsOverTheDeliveryNoteBesideIt()
    {
        var text = ArticleExtractor.Extract(Fixture("shop-product-description.html"), PageUrl).TextContent;

        Assert.Contains("The Rioja region lies along the upper course of the Ebro", text, StringComparison.Ordinal);
        Assert.Contains("Serve it slightly below room temperature", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Delivery in 2-3 working days", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Story_HoldingAFairShareOfThePagesParagraphs_KeepsItsContainer()
    {
        // The terms block holds twice the story's text: more, but not several times more, so the story stays the choice
        // (chosen, the terms block would leave the story out: nothing gathers a sibling of another parent).
        var story = string.Concat(Enumerable.Range(1, 5).Select(i =>
            $"<p>Paragraph {i} of the story, in which the council, the harbour board and the residents say what they want, why, and by when.</p>"));
        var terms = string.Concat(Enumerable.Range(1, 10).Select(i =>
            $"<p>Term {i} of the site's conditions of use sets out what a reader may copy and quote from the pages of this newspaper and on what terms</p>"));
        var html = $"""
            <html><head><title>Harbour town votes to rebuild the old sea wall</title></head><body>
            <div class="main"><div class="story">{story}</div></div>
            <div class="conditions"><div class="terms">{terms}</div></div>
            </body></html>
            """;

        var text = ArticleExtractor.Extract(html, new Uri("https://news.example.org/harbour.html")).TextContent;

        Assert.Contains("Paragraph 1 of the story", text, StringComparison.Ordinal);
        Assert.Contains("Paragraph 5 of the story", text, StringComparison.Ordinal);
    }
}
