using Aggregator.FullText;
using Xunit;

namespace Aggregator.Tests.FullText;

/// <summary>
/// Furniture a news template sets as bare paragraphs in the story's flow (issue 20, h56e): a byline-and-date row, an
/// author bio in plain text, a lone headline link between paragraphs. Each goes; the story's own lines that share its words
/// or its shape stay.
/// </summary>
public sealed class BareNewsFurnitureTests
{
    private static readonly Uri PageUrl = new("https://news.example.org/city/2026/quay.html");

    private static readonly string[] Story =
    [
        "The harbour council approved a plan to rebuild the old quay on Tuesday, after a meeting that ran late into the evening.",
        "Residents of the northern district had asked for the work for years, and several of them spoke in favour at the hearing.",
        "The cost remains unclear, officials said, because the contract for the stone will only be signed at the end of the month.",
        "Engineers expect the work to take two summers, with the ring road closed at night while the cranes are moved into place.",
    ];

    private static string Extract(string top = "", string middle = "", string bottom = "")
    {
        var html = $"""
            <html><head><title>Council approves a plan to rebuild the old quay</title></head><body>
            <article class="story">
            <h1>Council approves a plan to rebuild the old quay</h1>
            {top}
            <p>{Story[0]}</p><p>{Story[1]}</p>
            {middle}
            <p>{Story[2]}</p><p>{Story[3]}</p>
            {bottom}
            </article>
            </body></html>
            """;
        var text = ArticleExtractor.Extract(html, PageUrl).TextContent;
        foreach (var sentence in Story)
        {
            Assert.Contains(sentence, text, StringComparison.Ordinal);
        }

        return text;
    }

    [Theory]
    [InlineData("By Mara Lindqvist | March 3, 2026 | The Associated Press")]
    [InlineData("Von Ilse Brandt · 03.03.2026, 14:05 · dpa")]
    public void BylineDateAgencyRow_AboveTheStory_IsLeftOut(string row)
    {
        var text = Extract(top: $"<p>{row}</p>");
        Assert.DoesNotContain(row, text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Mara Lindqvist is a reporter for the Northshore Courier covering transport. Before joining the paper, she worked for a radio station.")]
    [InlineData("Ilse Brandt ist Redakteurin im Ressort Stadt und schreibt über Verkehr und Häfen.")]
    public void PlainAuthorBio_AtTheEnd_IsLeftOut(string bio)
    {
        var text = Extract(bottom: $"<p>{bio}</p>");
        Assert.DoesNotContain(bio[..20], text, StringComparison.Ordinal);
    }

    [Fact]
    public void ClosingLineAboutSomeoneTheStoryQuoted_Stays()
    {
        const string closing = "Tomas Okafor is a fisherman who has moored his boat at the quay for thirty years, and he says he will stay.";
        var text = Extract(bottom: $"<p>{closing}</p>");
        Assert.Contains(closing, text, StringComparison.Ordinal);
    }

    [Fact]
    public void LoneHeadlineLink_BetweenTwoParagraphs_IsLeftOut()
    {
        var text = Extract(middle: """<p><a href="/city/2026/ferry.html">How the ferry line lost its last boat</a></p>""");
        Assert.DoesNotContain("How the ferry line", text, StringComparison.Ordinal);
    }

    [Fact]
    public void LinkedLine_UnderASubheading_Stays()
    {
        var text = Extract(middle: """<h2>What the plan says</h2><p><a href="/city/2026/quay-plan.pdf">The council's full plan for the old quay</a></p>""");
        Assert.Contains("The council's full plan for the old quay", text, StringComparison.Ordinal);
    }
}
