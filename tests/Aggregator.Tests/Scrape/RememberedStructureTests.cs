using Aggregator.Scrape;

namespace Aggregator.Tests.Scrape;

public sealed class RememberedStructureTests
{
    private static readonly DateTimeOffset FetchedAt = new(2024, 12, 3, 12, 0, 0, TimeSpan.Zero);
    private static readonly Uri PageUrl = new("https://popularresistance.org/category/coups/");

    private static string Page() => File.ReadAllText(Path.Combine(TestPaths.TestData("scrape"), "popular-resistance-coups.html"));

    [Fact]
    public void Scrape_WithTheStructureFoundLastTime_ReadsTheSameItemsTheSameWay()
    {
        var first = ListingScraper.Scrape(Page(), PageUrl, null, FetchedAt);

        var again = ListingScraper.Scrape(Page(), PageUrl, null, FetchedAt, first.Structure);

        Assert.StartsWith("detected ", first.Structure, StringComparison.Ordinal);
        Assert.Equal(first.Structure, again.Structure);
        Assert.Equal(first.Entries.Select(e => e.Link), again.Entries.Select(e => e.Link));
    }

    [Fact]
    public void Scrape_RememberedStructureNoLongerOnThePage_DetectsAfresh()
    {
        var first = ListingScraper.Scrape(Page(), PageUrl, null, FetchedAt);

        var stale = ListingScraper.Scrape(Page(), PageUrl, null, FetchedAt, "detected 12 items via section#gone > div.card h3 a");
        var nonsense = ListingScraper.Scrape(Page(), PageUrl, null, FetchedAt, "detected 5 items via ]]] not css");

        Assert.Equal(first.Structure, stale.Structure);
        Assert.Equal(first.Entries.Count, stale.Entries.Count);
        Assert.Equal(first.Entries.Count, nonsense.Entries.Count);
    }

    [Fact]
    public void Scrape_RememberedStructureThatStillHolds_IsPreferredOverAFreshDetection()
    {
        var fresh = ListingScraper.Scrape(Page(), PageUrl, null, FetchedAt);

        var remembered = ListingScraper.Scrape(Page(), PageUrl, null, FetchedAt, "detected 10 items via article.post h2 a");

        Assert.NotEqual("detected 10 items via article.post h2 a", fresh.Structure);
        Assert.Matches(@"^detected \d+ items via article\.post h2 a$", remembered.Structure);
        Assert.Equal(fresh.Entries.Select(e => e.Link), remembered.Entries.Select(e => e.Link));
    }
}
