using Aggregator.FullText;
using Xunit;

namespace Aggregator.Tests.FullText;

/// <summary>
/// A story split over wrappers in different columns keeps all its runs; a teaser card whose excerpt the page shapes
/// like the story's paragraphs, under a heading that is wholly a link, stays out.
/// </summary>
public sealed class ContainerTwinsTests
{
    private static readonly Uri PageUrl = new("https://news.example.org/region/2025/harbour.html");

    private static string Run(string name, int count) => string.Concat(Enumerable.Range(1, count).Select(i =>
        $"<p class=\"story-text__paragraph\">{name} paragraph {i} says what the council decided, when the work starts, and why the harbour needs it now.</p>"));

    private static string Page(string between, string after) => $"""
        <html><head><title>Harbour town votes to rebuild the old sea wall</title></head><body>
        <div class="row top"><div class="column"><div class="story-text">{Run("Opening", 2)}</div></div></div>
        {between}
        <div class="row"><div class="column"><div class="story-text">{Run("Main", 7)}</div></div></div>
        {after}
        </body></html>
        """;

    [Fact]
    public void RunAboveAnInterruption_InAnotherColumn_JoinsTheStoryInPageOrder()
    {
        var html = Page("""<div class="row"><div class="column"><a href="/subscribe"><img src="/promo.png" alt=""></a></div></div>""", string.Empty);

        var text = ArticleExtractor.Extract(html, PageUrl).TextContent;

        Assert.Contains("Opening paragraph 1 says", text, StringComparison.Ordinal);
        Assert.Contains("Main paragraph 7 says", text, StringComparison.Ordinal);
        Assert.True(text.IndexOf("Opening paragraph 2", StringComparison.Ordinal) < text.IndexOf("Main paragraph 1", StringComparison.Ordinal), "runs out of page order");
    }

    [Fact]
    public void TeaserShapedLikeTheStory_UnderALinkedHeading_StaysOut()
    {
        const string teaser = """
            <div class="row cards"><div class="column"><h3><a href="/region/2025/ferry.html">Ferry timetable changes for the winter</a></h3>
            <div class="story-text"><p class="story-text__paragraph">The ferry company cuts two crossings a day from November, and the council asks it to reconsider the plan.</p>
            <p class="story-text__paragraph">Islanders who commute to the mainland say the last boat home now leaves too early for a working day.</p></div></div></div>
            """;
        var html = Page(string.Empty, teaser);

        var text = ArticleExtractor.Extract(html, PageUrl).TextContent;

        Assert.Contains("Opening paragraph 1 says", text, StringComparison.Ordinal);
        Assert.Contains("Main paragraph 7 says", text, StringComparison.Ordinal);
        Assert.DoesNotContain("The ferry company cuts", text, StringComparison.Ordinal);
    }
}
