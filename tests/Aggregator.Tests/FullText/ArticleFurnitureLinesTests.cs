using System.Text.RegularExpressions;
using Aggregator.FullText;
using Xunit;

namespace Aggregator.Tests.FullText;

/// <summary>
/// The precision rules for the top of and the inside of the article body (issue 20): datelines, bylines and labels
/// however they are set, numbered figure captions, media placeholders and pull quotes. Text after the project's
/// sample outlets; each furniture line goes, the story around it stays.
/// </summary>
public sealed class ArticleFurnitureLinesTests
{
    private static readonly Uri PageUrl = new("https://news.example.org/venezuela/2019/solidarity.html");

    private static readonly string[] Story =
    [
        "The worldwide solidarity campaign for the release of Rawal Asad, a comrade from the Progressive Youth Alliance, has forged on apace.",
        "Photographs, videos and messages of solidarity have been flooding in from all around the globe, from students and from trade unions.",
        "On Saturday over 100 students representing Marxist societies at over 30 universities met in London for the national conference.",
        "One of the points of the agenda was the current ongoing coup in Venezuela, which the conference rejected after a long debate.",
        "Two former leaders of major South Asian countries have reportedly accused the United States of covert regime change operations.",
        "Their grave accusations against the U.S. should be investigated by the U.N., since if true they would threaten world peace.",
    ];

    private static string Extract(string top = "", string middle = "", string bottom = "")
    {
        var html = $"""
            <html><head><title>Solidarity campaign for Rawal Asad forges on</title></head><body>
            <article class="story">
            <h1>Solidarity campaign for Rawal Asad forges on</h1>
            {top}
            <p>{Story[0]}</p><p>{Story[1]}</p><p>{Story[2]}</p>
            {middle}
            <p>{Story[3]}</p><p>{Story[4]}</p><p>{Story[5]}</p>
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

    [Fact]
    public void BareLabels_MonthLine_ReadingTime_AndSourceAddress_AreLeftOut()
    {
        var text = Extract(
            top: "<p><b>Von:</b></p><p>Release Date:</p><p>Dezember 2008</p><p>5 min read</p><p>Lesezeit: 4 Minuten</p>",
            bottom: "<p>POPULARRESISTANCE.ORG</p>");

        Assert.DoesNotContain("Von:", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Release Date", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Dezember 2008", text, StringComparison.Ordinal);
        Assert.DoesNotContain("min read", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Lesezeit", text, StringComparison.Ordinal);
        Assert.DoesNotContain("POPULARRESISTANCE.ORG", text, StringComparison.Ordinal);
    }

    [Fact]
    public void NumberedFigureCaption_AndViaCredit_AreLeftOut_ProseAboutTheFigureStays()
    {
        var text = Extract(middle: """
            <p>Figure 2: Students at the conference in London vote on the motion about Venezuela, most of them for it.</p>
            <p>Abb. 3 – Die Delegierten der Hochschulgruppen beim Treffen in London.</p>
            <p>Delegates outside the embassy in London. Image via Hands Off Venezuela</p>
            <p>Figure 2 shows how the vote split between the societies, and the debate that followed lasted well into the evening.</p>
            """);

        Assert.DoesNotContain("Students at the conference in London vote", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Die Delegierten der Hochschulgruppen", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Hands Off Venezuela", text, StringComparison.Ordinal);
        Assert.Contains("Figure 2 shows how the vote split", text, StringComparison.Ordinal);
    }

    [Fact]
    public void MediaPlaceholders_AndPlayerControls_AreLeftOut()
    {
        var text = Extract(middle: "<p>Photo</p><p>Play Video</p><p>Loaded: 0%</p><p>Fullscreen</p>");

        Assert.DoesNotMatch(new Regex(@"^(Photo|Play Video|Fullscreen)$", RegexOptions.Multiline), text);
        Assert.DoesNotContain("Loaded", text, StringComparison.Ordinal);
    }

    [Fact]
    public void PullQuote_RepeatingABodySentence_IsLeftOut_TheSentenceStaysOnce()
    {
        var text = Extract(middle: "<blockquote><p>“Their grave accusations against the U.S. should be investigated by the U.N.”</p></blockquote>");

        Assert.Single(Regex.Matches(text, "grave accusations against the U.S."));
    }

    [Fact]
    public void TextSaidOnlyOnce_IsKept_EvenInAQuote()
    {
        var text = Extract(middle: "<blockquote><p>“We will not stop until Rawal Asad walks free,” said a speaker from the youth alliance.</p></blockquote>");

        Assert.Contains("We will not stop until Rawal Asad walks free", text, StringComparison.Ordinal);
    }
}
