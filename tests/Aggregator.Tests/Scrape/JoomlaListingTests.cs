using System.Globalization;
using Aggregator.Model;
using Aggregator.Scrape;

namespace Aggregator.Tests.Scrape;

/// <summary>
/// A Joomla blog-layout category page (text from samples/002): items two to a div.items-row, the last row
/// holding one, dates printed as text ("Published on Friday, 19 July 2024 09:15"), print/e-mail icons in
/// every item, skip links, a side menu, a "more articles" list, pagination and a campaigns module.
/// </summary>
public sealed class JoomlaListingTests
{
    private static readonly Uri PageUrl = new("https://solidarity.example.org/index.php/news");

    private static readonly (string Title, string Path, string Published, int Teaser)[] Expected =
    [
        ("The Sahel Stands Up; The World Must Pay Attention", "48-the-sahel-stands-up-the-world-must-pay-attention", "2024-07-19T09:15:00Z", 19),
        ("Bolivia: A Coup Attempt With Winds From The North", "47-bolivia-a-coup-attempt-with-winds-from-the-north", "2024-07-04T10:30:00Z", 21),
        ("How The Bolivian People Defeated The Coup", "46-how-the-bolivian-people-defeated-the-coup", "2024-06-29T18:05:00Z", 23),
        ("The Bolivian People Defeated Another Coup", "45-the-bolivian-people-defeated-another-coup", "2024-06-28T08:00:00Z", 25),
        ("Anti-Coup Rebellion In Eastern Ukraine Completes 10 Years", "44-anti-coup-rebellion-in-eastern-ukraine-completes-10-years", "2024-05-02T12:45:00Z", 27),
        ("Washington Is Trying To Divide Revolutionary Forces In Bolivia", "43-washington-is-trying-to-divide-revolutionary-forces-in-bolivia", "2024-05-01T16:20:00Z", 29),
        ("48 Years After The Military Coup, Argentinians Take To The Streets", "42-48-years-after-the-military-coup-argentinians-take-to-the-streets", "2024-03-27T07:10:00Z", 31),
    ];

    private static ScrapeResult Scrape(ScrapeRules? rules) =>
        ListingScraper.Scrape(ScrapeFixtures.Page("joomla-blog.html"), PageUrl, rules, ScrapeFixtures.FetchedAt);

    [Fact]
    public void Joomla_WithSelectors_ReadsTextDatesAndAuthors()
    {
        var rules = new ScrapeRules(
            Item: "div.items-row > div.item", Title: "h2", Link: "h2 a", Summary: "p:not(.readmore)",
            Published: "dd.published", Author: "dd.createdby");

        var result = Scrape(rules);

        Assert.Null(result.Error);
        Assert.Equal("selectors: div.items-row > div.item", result.Structure);
        AssertExpectedEntries(result.Entries);
    }

    [Fact]
    public void Joomla_Automatic_JoinsTheRowsIntoOneListing()
    {
        var result = Scrape(null);

        Assert.Null(result.Error);
        Assert.Equal("detected 7 items via div.blog > div.items-row > div.item h2 a", result.Structure);
        AssertExpectedEntries(result.Entries);
    }

    [Fact]
    public void Joomla_Automatic_IgnoresPrintAndEmailIcons()
    {
        var result = Scrape(null);

        Assert.All(result.Entries, e => Assert.Null(e.ImageUrl));
    }

    private static void AssertExpectedEntries(IReadOnlyList<FeedEntry> entries)
    {
        var teasers = ScrapeFixtures.SampleParagraphs("002");
        Assert.Equal(Expected.Select(e => e.Title), entries.Select(e => e.Title));
        for (var i = 0; i < Expected.Length; i++)
        {
            Assert.Equal(new Uri("https://solidarity.example.org/index.php/news/" + Expected[i].Path), entries[i].Link);
            Assert.Equal(DateTimeOffset.Parse(Expected[i].Published, CultureInfo.InvariantCulture), entries[i].Published);
            Assert.Equal(ScrapeFixtures.PlainText(teasers[Expected[i].Teaser]), ScrapeFixtures.PlainText(entries[i].Summary));
            Assert.Equal("Editorial Board", entries[i].Author);
        }

        ScrapeFixtures.AssertNoFurniture(entries);
    }
}
