using Aggregator.FullText;
using Xunit;

namespace Aggregator.Tests.FullText;

/// <summary>
/// What the furniture memory leaves out of a set of an outlet's pages does not hang on the order they were extracted in:
/// which page is the third to carry a block may change, how many pages lose it may not.
/// </summary>
public sealed class OutletFurnitureOrderTests
{
    private static readonly Uri Site = new("https://news.example.org/");

    [Fact]
    public void RepeatedHeading_OverABlockOtherPagesShare_ButNeverUnderIt_Stays()
    {
        // "Conclusion" heads two articles' own text; two other pages share a filler paragraph; the fifth page has the
        // filler under its "Conclusion". Counted apart both are repeated by then; together they never were.
        const string filler = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore.";
        var pages = new[]
        {
            Page(1, "<h2>Conclusion</h2><p>The first study ends with its own finding about the river and the fish in it.</p>"),
            Page(2, "<h2>Conclusion</h2><p>The second study ends with its own finding about the hills and the goats on them.</p>"),
            Page(3, $"<p>{filler}</p>"),
            Page(4, $"<p>{filler}</p>"),
            Page(5, $"<h2>Conclusion</h2><p>{filler}</p>"),
        };
        var furniture = new OutletFurniture();

        var last = pages.Select((html, i) => ArticleExtractor.Extract(html, Url(i + 1), furniture)).Last();

        Assert.Contains("Conclusion", last.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Lorem ipsum", last.TextContent, StringComparison.Ordinal);
        Assert.Equal(1, last.RepeatedBlocksRemoved);
    }

    [Fact]
    public void HeadingOverATurningList_GoesOnceTheHeadingWasSeenWithAnyOfItsItems()
    {
        var furniture = new OutletFurniture();
        string Related(int page) => "<h3>More on this</h3><ul>" + string.Concat(Enumerable.Range(1, 4).Select(i =>
            $"<li><a href=\"/story-{(page + i) % 6}.html\">Headline number {Ordinal((page + i) % 6)} of the outlet's most read</a></li>")) + "</ul>";
        for (var page = 1; page <= 3; page++)
        {
            ArticleExtractor.Extract(Page(page, Related(page)), Url(page), furniture);
        }

        var fourth = ArticleExtractor.Extract(Page(4, Related(4)), Url(4), furniture).TextContent;

        // The list turns (its first item differs page to page), the heading goes with the items that repeat.
        Assert.DoesNotContain("More on this", fourth, StringComparison.Ordinal);
        Assert.Contains("Story number four", fourth, StringComparison.Ordinal);
    }

    /// <summary>
    /// A template outlet's pages (<see cref="TemplateOutlet"/>: a byline part, a newsletter box under its heading, a turning
    /// "More on this" list, an appeal, a footer) extracted in their order and in a shuffled one (fixed seed).
    /// </summary>
    [Fact]
    public void TemplatePages_InTwoOrders_LoseTheSameBlocks()
    {
        var pages = TemplateOutlet.Build(Site).Select(p => (p.Html, Url: new Uri(Site, p.Slug + ".html"))).ToList();

        var inOrder = Removed(pages);
        var shuffled = pages.ToArray();
        new Random(20).Shuffle(shuffled);
        var reordered = Removed(shuffled);

        Assert.NotEmpty(inOrder);
        var differ = inOrder.Except(reordered).Select(r => $"in order: {r}").Concat(reordered.Except(inOrder).Select(r => $"shuffled: {r}")).ToList();
        Assert.True(differ.Count == 0, string.Join("\n", differ));
    }

    /// <summary>The fingerprints of every block the memory left out, counted, in a fixed order for comparing.</summary>
    private static List<(ulong Key, int Times, string Text)> Removed(IEnumerable<(string Html, Uri Url)> pages)
    {
        var furniture = new OutletFurniture();
        var tally = new BoilerplateTally(recordTexts: true);
        foreach (var (html, url) in pages)
        {
            ArticleExtractor.Extract(html, url, tally, furniture: furniture);
        }
        Assert.NotEmpty(tally.Removed);
        return tally.Removed.Where(r => r.Kind == BoilerplateKind.OutletFurniture)
            .GroupBy(r => OutletFurniture.Fingerprint(r.Text))
            .Select(g => (g.Key, g.Count(), g.Select(r => r.Text).Order(StringComparer.Ordinal).First()[..Math.Min(60, g.First().Text.Length)])).Order().ToList();
    }

    private static Uri Url(int page) => new(Site, $"2026/story-{page}.html");

    private static string Ordinal(int n) => n switch { 0 => "zero", 1 => "one", 2 => "two", 3 => "three", 4 => "four", _ => "five" };

    private static string Page(int page, string extra) => $"""
        <html><head><title>Story number {Ordinal(page)}</title></head><body><div class="post"><h1>Story number {Ordinal(page)}</h1>
        <p>Story number {Ordinal(page)} begins: the council of district {Ordinal(page)} met about its water supply again this week.</p>
        <p>Residents of district {Ordinal(page)} told the council what they wanted changed, and the council listened for hours.</p>
        {extra}
        <p>Story number {Ordinal(page)} ends with its own last line about the district and the people who live there.</p>
        </div></body></html>
        """;
}
