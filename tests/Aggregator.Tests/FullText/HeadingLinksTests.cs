using Aggregator.FullText;
using Xunit;

namespace Aggregator.Tests.FullText;

/// <summary>
/// <see cref="HeadingLinks"/>: a heading wholly linked to another page, inside the story, is a teaser card's title.
/// Text in the manner of ../shared/samples (a listing of pieces on coups and elections).
/// </summary>
public sealed class HeadingLinksTests
{
    private static readonly Uri PageUrl = new("https://resistance.example.org/2024/08/venezuela-vote/");

    private static readonly string[] Story =
    [
        "On July 28 the people of Venezuela voted calmly and in large numbers, and the electoral council's first bulletin gave the incumbent a clear lead over his rival.",
        "Polling firms linked to the opposition had published figures that gave the other candidate up to eighty percent, and those figures were repeated abroad for weeks.",
        "Observers from several Latin American countries said the count had been orderly, and that the tally sheets matched what the machines had printed at each table.",
        "The opposition refused to accept the result and called on foreign governments to recognise its candidate instead, as it had done once before in 2019.",
        "Former leaders in Pakistan and Bangladesh have made similar accusations about covert pressure from abroad, and have asked the United Nations to look into them.",
        "Analysts in Caracas expect the dispute to move to the courts, where the council's records will be examined sheet by sheet over the coming months.",
    ];

    [Fact]
    public void HeadingWhollyLinkedToAnotherPage_InsideTheStory_IsLeftOut_ItsOwnSubheadingsAndAnchorsStay()
    {
        var html = $"""
            <html><head><title>Venezuela: the vote and the campaign against it</title></head><body>
            <article class="entry"><h1>Venezuela: the vote and the campaign against it</h1>
            {string.Concat(Story.Take(2).Select(s => $"<p>{s}</p>"))}
            <h2>What the observers saw</h2>
            {string.Concat(Story.Skip(2).Take(2).Select(s => $"<p>{s}</p>"))}
            <h3><a href="/2024/07/probing-regime-change-in-pakistan-and-bangladesh/">Probing US Regime-Change in Pakistan And Bangladesh</a></h3>
            <h2><a href="#courts">The courts</a></h2>
            {string.Concat(Story.Skip(4).Select(s => $"<p>{s}</p>"))}
            </article></body></html>
            """;
        var text = ArticleExtractor.Extract(html, PageUrl).TextContent;

        Assert.DoesNotContain("Probing US Regime-Change", text, StringComparison.Ordinal);
        Assert.Contains("What the observers saw", text, StringComparison.Ordinal);
        Assert.Contains("The courts", text, StringComparison.Ordinal);
        Assert.Contains("examined sheet by sheet", text, StringComparison.Ordinal);
    }
}
