using Aggregator.FullText;
using Xunit;

namespace Aggregator.Tests.FullText;

/// <summary>
/// <see cref="NameLines"/>: a name alone directly under the last paragraph is the author's signature. Text in the
/// manner of ../shared/samples (a listing of pieces on coups and elections).
/// </summary>
public sealed class NameLinesTests
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

    private static string Extract(string middle, string bottom)
    {
        var paragraphs = Story.Select(s => $"<p>{s}</p>").ToList();
        var html = $"""
            <html lang="en"><head><title>Venezuela: the vote and the campaign against it</title></head><body>
            <nav><a href="/">Home</a> <a href="/category/coups/">Coups</a></nav>
            <article class="entry">
            <h1>Venezuela: the vote and the campaign against it</h1>
            {string.Concat(paragraphs.Take(3))}
            {middle}
            {string.Concat(paragraphs.Skip(3))}
            {bottom}
            </article>
            </body></html>
            """;
        var text = ArticleExtractor.Extract(html, PageUrl).TextContent;
        Assert.Contains("voted calmly and in large numbers", text, StringComparison.Ordinal);
        Assert.Contains("examined sheet by sheet", text, StringComparison.Ordinal);
        return text;
    }

    [Fact]
    public void NameAloneUnderTheLastParagraph_IsLeftOut_ASubheadingInsideAndALaterLabelStay()
    {
        var text = Extract(
            middle: "<p>Tally Sheets</p>",
            bottom: "<p>Margaret Flowers</p><p>Coups Archive</p>");

        Assert.DoesNotContain("Margaret Flowers", text, StringComparison.Ordinal);
        Assert.Contains("Tally Sheets", text, StringComparison.Ordinal);
        Assert.Contains("Coups Archive", text, StringComparison.Ordinal);
    }
}
