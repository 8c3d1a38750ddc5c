using System.Globalization;
using Aggregator.Model;
using Aggregator.Scrape;

namespace Aggregator.Tests.Scrape;

/// <summary>
/// A news site's section front (text from samples/002): div.grid of div.card with a picture, a kicker link,
/// h3 a, a teaser and relative dates ("45 minutes ago", "Yesterday"), a sponsored card linking off-site,
/// a newsletter card without a link, a breaking-news ticker, a pager, a "most popular" sidebar and a footer.
/// </summary>
public sealed class NewsGridListingTests
{
    private static readonly Uri PageUrl = new("https://news.example.com/world/");

    private static readonly (string Title, string Path, string Published, int Teaser)[] Expected =
    [
        ("US-Based Activists Mobilize To Say Hands Off Venezuela!", "2024/08/10/us-based-activists-mobilize-to-say-hands-off-venezuela", "2024-08-10T11:15:00Z", 7), // "45 minutes ago"
        ("Venezuela: US Government Cites Groups It Funds To Allege Electoral ‘Fraud’", "2024/08/10/venezuela-us-government-cites-groups-it-funds-to-allege-electoral-fraud", "2024-08-10T09:00:00Z", 9), // "3 hours ago"
        ("Cyber Warfare Is At The Center Of The New Coup Attempt Against Venezuela", "2024/08/09/cyber-warfare-is-at-the-center-of-the-new-coup-attempt-against-venezuela", "2024-08-09T12:00:00Z", 11), // "Yesterday"
        ("Venezuela: An Attempted Coup By Any Other Name", "2024/08/08/venezuela-an-attempted-coup-by-any-other-name", "2024-08-08T12:00:00Z", 13), // "2 days ago"
        ("An Attack On Venezuela’s Democracy", "2024/08/05/an-attack-on-venezuelas-democracy", "2024-08-05T10:30:00Z", 15), // "Aug 5, 2024 10:30 AM"
        ("Venezuela: It Was A US-Led Coup All Along", "2024/08/01/venezuela-it-was-a-us-led-coup-all-along", "2024-08-01T00:00:00Z", 5), // "2024-08-01"
    ];

    private static ScrapeResult Scrape(ScrapeRules? rules) =>
        ListingScraper.Scrape(ScrapeFixtures.Page("news-grid.html"), PageUrl, rules, ScrapeFixtures.FetchedAt);

    [Fact]
    public void NewsGrid_WithSelectors_ReadsRelativeDatesAgainstFetchTime()
    {
        var rules = new ScrapeRules(
            Item: "div.grid > div.card:not(.card-sponsored)", Title: "h3", Link: "h3 a@href", Summary: "p.card-text",
            Published: ".card-time", Author: ".card-byline", Image: "img@src");

        var result = Scrape(rules);

        Assert.Null(result.Error);
        AssertExpectedEntries(result.Entries);
    }

    [Fact]
    public void NewsGrid_Automatic_SkipsSponsoredAndNewsletterCards()
    {
        var result = Scrape(null);

        Assert.Null(result.Error);
        Assert.Equal("detected 6 items via main#main > div.grid > div.card h3 a", result.Structure);
        AssertExpectedEntries(result.Entries);
        Assert.DoesNotContain(result.Entries, e => e.Link!.Host == "ads.example.net");
    }

    [Fact]
    public void NewsGrid_Automatic_IgnoresTheBrokenJsonLd()
    {
        var result = Scrape(null);

        Assert.StartsWith("detected", result.Structure, StringComparison.Ordinal);
        Assert.Equal("World news | The Daily Example", result.PageTitle);
    }

    [Fact]
    public void NewsGrid_ReadFromAFile_ResolvesAgainstItsCanonicalUrl()
    {
        var html = ScrapeFixtures.Page("news-grid.html");

        var result = ListingScraper.Scrape(html, new Uri("file:///tmp/saved/news-grid.html"), null, ScrapeFixtures.FetchedAt);

        Assert.Null(result.Error);
        AssertExpectedEntries(result.Entries);
    }

    private static void AssertExpectedEntries(IReadOnlyList<FeedEntry> entries)
    {
        var teasers = ScrapeFixtures.SampleParagraphs("002");
        Assert.Equal(Expected.Select(e => e.Title), entries.Select(e => e.Title));
        for (var i = 0; i < Expected.Length; i++)
        {
            var slug = Expected[i].Path.Split('/')[^1];
            Assert.Equal(new Uri("https://news.example.com/world/" + Expected[i].Path), entries[i].Link);
            Assert.Equal(DateTimeOffset.Parse(Expected[i].Published, CultureInfo.InvariantCulture), entries[i].Published);
            Assert.Equal(ScrapeFixtures.PlainText(teasers[Expected[i].Teaser]), ScrapeFixtures.PlainText(entries[i].Summary));
            Assert.Equal("News Desk", entries[i].Author);
            Assert.Equal(new Uri($"https://cdn.news.example.com/images/2024/08/{slug[..Math.Min(30, slug.Length)]}-480.jpg"), entries[i].ImageUrl);
        }

        ScrapeFixtures.AssertNoFurniture(entries);
    }
}
