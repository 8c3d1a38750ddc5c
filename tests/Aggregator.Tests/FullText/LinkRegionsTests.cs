using Aggregator.FullText;
using AngleSharp.Dom;
using Xunit;

namespace Aggregator.Tests.FullText;

/// <summary>
/// <see cref="LinkRegions"/>: a short line that the page sets among links (a menu, a list of teasers) is left out of the
/// article when it sits above the first paragraph of prose or below the last; inside the story, and on a page without
/// prose, it stays. Text in the manner of ../shared/samples (a listing of pieces on coups and elections).
/// </summary>
public sealed class LinkRegionsTests
{
    private const string Menu = """
        <div><a href="/coups/">Coups</a></div><div><a href="/elections/">Elections</a></div>
        <div><a href="/sanctions/">Sanctions</a></div><div><a href="/media/">Media watch</a></div><div><a href="/letters/">Letters</a></div>
        """;

    private static readonly string[] Story =
    [
        "On July 28 the people of Venezuela voted calmly and in large numbers, and the electoral council's first bulletin gave the incumbent a clear lead over his rival.",
        "Polling firms linked to the opposition had published figures that gave the other candidate up to eighty percent, and those figures were repeated abroad for weeks.",
        "Observers from several Latin American countries said the count had been orderly, and that the tally sheets matched what the machines had printed at each table.",
    ];

    private static string Filter(string articleHtml)
    {
        var doc = DocumentPrep.Parse($"<html><body><article>{articleHtml}</article></body></html>");
        DocumentPrep.Prepare(doc);
        var regions = LinkRegions.Of(doc);
        var article = doc.QuerySelector("article")!;
        regions.Remove(article, null);
        return Dom.InnerText(article);
    }

    [Fact]
    public void MenuAboveTheStory_IsLeftOut_TheStoryAndItsHeadingStay()
    {
        var text = Filter(Menu + "<h1>Venezuela: the vote and the campaign against it</h1>" + string.Concat(Story.Select(s => $"<p>{s}</p>")));

        Assert.DoesNotContain("Coups", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Elections", text, StringComparison.Ordinal);
        Assert.Contains("Venezuela: the vote", text, StringComparison.Ordinal);
        foreach (var paragraph in Story)
        {
            Assert.Contains(paragraph, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void MenuInsideTheStory_Stays()
    {
        var text = Filter($"<p>{Story[0]}</p>{Menu}<p>{Story[1]}</p><p>{Story[2]}</p>");

        Assert.Contains("Coups", text, StringComparison.Ordinal);
        Assert.Contains("Sanctions", text, StringComparison.Ordinal);
        Assert.Contains("Letters", text, StringComparison.Ordinal);
    }

    [Fact]
    public void PageWithoutProse_KeepsEveryLine()
    {
        var text = Filter(Menu + "<p>Short note</p>");

        Assert.Contains("Coups", text, StringComparison.Ordinal);
        Assert.Contains("Short note", text, StringComparison.Ordinal);
    }
}
