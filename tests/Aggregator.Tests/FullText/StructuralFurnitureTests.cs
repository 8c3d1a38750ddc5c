using Aggregator.FullText;
using Xunit;

namespace Aggregator.Tests.FullText;

/// <summary>
/// The precision rules that go by a block's shape and place rather than its wording: a line of links to author pages,
/// a name alone above or below the story, the text inside a picture's figure, and furniture named in languages other
/// than English. Text in the manner of ../shared/samples (a listing of pieces on coups and elections).
/// </summary>
public sealed class StructuralFurnitureTests
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

    private static string Extract(string top = "", string middle = "", string bottom = "", string articleClass = "entry")
    {
        var paragraphs = Story.Select(s => $"<p>{s}</p>").ToList();
        var html = $"""
            <html lang="en"><head><title>Venezuela: the vote and the campaign against it</title></head><body>
            <nav><a href="/">Home</a> <a href="/category/coups/">Coups</a></nav>
            <article class="{articleClass}">
            <h1>Venezuela: the vote and the campaign against it</h1>
            {top}
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
    public void LineOfLinksToAuthorPages_IsLeftOut_ALinkToAStoryStays()
    {
        var text = Extract(
            top: """<div class="top"><a href="/author/maria-lopez/">María López</a> and <a href="https://resistance.example.org/autoren/max-muster">Max Muster</a></div>""",
            middle: """<p>Read the council's own account in <a href="/2024/07/council-bulletin/">the first bulletin</a>.</p>""");

        Assert.DoesNotContain("María López", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Max Muster", text, StringComparison.Ordinal);
        Assert.Contains("the first bulletin", text, StringComparison.Ordinal);
    }

    [Fact]
    public void NameAloneAboveTheFirstOrBelowTheLastParagraph_IsLeftOut_ASubheadingInsideStays()
    {
        var text = Extract(
            top: "<p>Kevin Zeese</p>",
            middle: "<p>Tally Sheets</p>",
            bottom: "<p>Margaret Flowers</p>");

        Assert.DoesNotContain("Kevin Zeese", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Margaret Flowers", text, StringComparison.Ordinal);
        Assert.Contains("Tally Sheets", text, StringComparison.Ordinal);
    }

    [Fact]
    public void TextInAPicturesFigure_IsLeftOut_ThePictureAndAFigureOfCodeStay()
    {
        var html = $"""
            <html><head><title>Venezuela: the vote and the campaign against it</title></head><body>
            <article class="entry"><h1>Venezuela: the vote and the campaign against it</h1>
            {string.Concat(Story.Take(3).Select(s => $"<p>{s}</p>"))}
            <figure><img src="/img/queue.jpg" alt=""><p>Voters queue outside a school in Petare before the polls open.</p><span>Photo: Ana Díaz</span></figure>
            <figure><pre>tally = sum(sheet.votes for sheet in sheets)</pre><p>How the council adds up the sheets.</p></figure>
            {string.Concat(Story.Skip(3).Select(s => $"<p>{s}</p>"))}
            </article></body></html>
            """;
        var article = ArticleExtractor.Extract(html, PageUrl);

        Assert.DoesNotContain("Voters queue outside a school", article.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Ana Díaz", article.TextContent, StringComparison.Ordinal);
        Assert.Contains("queue.jpg", article.ContentHtml, StringComparison.Ordinal);
        Assert.Contains("How the council adds up the sheets", article.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void FurnitureNamedInAnotherLanguage_IsLeftOut()
    {
        var text = Extract(
            top: """<div class="artikel-autor">von der Redaktion Lateinamerika</div>""",
            middle: """<div class="bildunterschrift">Wählerinnen vor einem Wahllokal in Caracas</div><div class="articulos-relacionados">Golpe en Bolivia: lo que pasó en 2019</div>""",
            bottom: """<div class="boutons-partage">Facebook Twitter WhatsApp</div>""");

        Assert.DoesNotContain("Redaktion Lateinamerika", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Wählerinnen vor einem Wahllokal", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Golpe en Bolivia", text, StringComparison.Ordinal);
        Assert.DoesNotContain("WhatsApp", text, StringComparison.Ordinal);
    }
}
