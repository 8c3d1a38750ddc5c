using Aggregator.FullText;
using Xunit;

namespace Aggregator.Tests.FullText;

/// <summary>
/// The precision rules for the end of the article (and boxes opened by a "Related" heading), each on markup of our
/// own: the furniture goes, the story's own paragraphs stay, and the same words inside the story stay.
/// </summary>
public sealed class ClosingFurnitureTests
{
    private static readonly Uri PageUrl = new("https://news.example.org/city/2024/bridge.html");

    private static string Paragraphs(int from, int count) => string.Concat(Enumerable.Range(from, count).Select(i =>
        $"<p>Paragraph {i} of the story tells readers what happened, where it happened, and why it matters to them today.</p>"));

    private static string Text(string top = "", string middle = "", string bottom = "")
    {
        var html = $"""
            <html><head><title>Harbour bridge reopens after repairs</title></head><body>
            <nav><a href="/">Home</a> <a href="/city">City</a></nav>
            <article class="story">
            <h1>Harbour bridge reopens after repairs</h1>
            {top}
            {Paragraphs(1, 4)}
            {middle}
            {Paragraphs(5, 4)}
            {bottom}
            </article>
            </body></html>
            """;
        var text = ArticleExtractor.Extract(html, PageUrl).TextContent;
        Assert.Contains("Paragraph 1 of the story", text, StringComparison.Ordinal);
        Assert.Contains("Paragraph 8 of the story", text, StringComparison.Ordinal);
        return text;
    }

    [Fact]
    public void AppealForSupportAtTheEnd_IsLeftOut_TheWordsInTheStoryStay()
    {
        var text = Text(
            middle: "<p>The council will support our harbour's fishermen with donations from the port fund, the mayor said.</p>",
            bottom: "<p><b>We need your help</b></p><p>Help us continue to bring independent reporting to readers everywhere.</p>");

        Assert.DoesNotContain("We need your help", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Help us continue", text, StringComparison.Ordinal);
        Assert.Contains("donations from the port fund", text, StringComparison.Ordinal);
    }

    [Fact]
    public void PrintAndPermalinkLabelsAtTheEnd_AreLeftOut_ALastLineAboutShareStays()
    {
        var text = Text(bottom: "<p><strong>Print</strong> Print this page</p><p><strong>Permalink</strong> https://news.example.org/p/RPYx</p>");
        Assert.DoesNotContain("Print this page", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Permalink", text, StringComparison.Ordinal);

        var story = Text(bottom: "<p>Share prices of the builder rose.</p>");
        Assert.Contains("Share prices of the builder rose.", story, StringComparison.Ordinal);
    }

    [Fact]
    public void SponsorshipAndAffiliateNotesAtTheEnd_AreLeftOut()
    {
        var text = Text(bottom: """
            <p><em>*This report was produced in cooperation with the Harbour Tourism Board.</em></p>
            <p>This article contains affiliate links: we may earn a commission if you buy through them.</p>
            """);

        Assert.DoesNotContain("Harbour Tourism Board", text, StringComparison.Ordinal);
        Assert.DoesNotContain("affiliate links", text, StringComparison.Ordinal);
    }

    [Fact]
    public void PointerLinesAtTheEnd_AreLeftOut_AHereLinkInTheStoryStays()
    {
        var text = Text(
            middle: "<p>The engineers' full report on the corroded cables, published on Monday, can be read <a href=\"/report\">here</a>.</p>",
            bottom: """
            <p>Everything about the old ferry line can be found <a href="/ferry">here</a>.</p>
            <p>Tech Enabled: how the city's buses learned to talk. Check it out <a href="/buses">here</a>.</p>
            """);

        Assert.DoesNotContain("old ferry line", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Check it out", text, StringComparison.Ordinal);
        Assert.Contains("full report on the corroded cables", text, StringComparison.Ordinal);
    }

    [Fact]
    public void TeaserEndingInReadMore_IsLeftOut_ACutOneFromItsHeading()
    {
        var text = Text(bottom: """
            <h3>Lighthouse keepers return to the cape</h3>
            <p>For the first time in forty years the lighthouse on the cape has keepers again, and they say that …</p>
            <p><a href="/lighthouse">Read the full story</a></p>
            """);

        Assert.DoesNotContain("Lighthouse keepers", text, StringComparison.Ordinal);
        Assert.DoesNotContain("For the first time in forty years", text, StringComparison.Ordinal);

        var card = Text(bottom: "<p>The ferry's last crossing drew hundreds to the quay. See the pictures! <a href=\"/ferry\">Weiterlesen</a></p>");
        Assert.DoesNotContain("The ferry's last crossing", card, StringComparison.Ordinal);
    }

    [Fact]
    public void ContactBlockAfterTheStory_IsLeftOut()
    {
        var text = Text(bottom: "<p>Kontakt:</p><p>Jan Roe, Telefon +49 40 123 45 67</p>");
        Assert.DoesNotContain("Jan Roe, Telefon", text, StringComparison.Ordinal);
    }

    [Fact]
    public void SpanishPointerLineAtTheEnd_IsLeftOut()
    {
        var text = Text(bottom: "<p>Conoce <a href=\"/acerca\">acá</a> cómo se financia la Gaceta y quiénes son sus propietarios.</p>");
        Assert.DoesNotContain("cómo se financia", text, StringComparison.Ordinal);
    }

    [Fact]
    public void AuthorNoteInItalicsAtTheEnd_IsLeftOut()
    {
        var text = Text(bottom: "<p><em>Jane Roe is a reporter at the Harbour Gazette who covers transport, ports and city planning.</em></p>");
        Assert.DoesNotContain("Jane Roe is a reporter", text, StringComparison.Ordinal);
    }

    [Fact]
    public void BoxOpenedByARelatedHeading_IsLeftOutAboveTheEnd_ASectionHeadingOfTheStoryStays()
    {
        var text = Text(middle: """
            <div><h2>More on bridges</h2>
            <p>Ferry line closes: the old ferry across the harbour stops running in May, its operator said on Friday.</p>
            <p>Tolls to rise: drivers will pay more to cross the river from next year, the transport authority said.</p></div>
            <h2>More on the repairs</h2>
            <p>Engineers replaced forty cables, and the work, which took nine months, came in under budget, officials said.</p>
            """);

        Assert.DoesNotContain("Ferry line closes", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Tolls to rise", text, StringComparison.Ordinal);
        Assert.Contains("Engineers replaced forty cables", text, StringComparison.Ordinal);
    }

    [Fact]
    public void LabelEndingInAColonWithNothingAfterIt_IsLeftOut_ALabelInsideTheStoryStays()
    {
        var text = Text(
            middle: "<p>The engineers listed three causes:</p><ul><li>corroded cables under the deck</li><li>salt spray from the harbour</li></ul>",
            bottom: "<p>Ähnliche Neuigkeiten:</p>");

        Assert.DoesNotContain("Ähnliche Neuigkeiten", text, StringComparison.Ordinal);
        Assert.Contains("The engineers listed three causes:", text, StringComparison.Ordinal);
    }
}
