using Aggregator.Model;
using Aggregator.Scrape;

namespace Aggregator.Tests.Scrape;

/// <summary>
/// Popular Resistance's "Coups" category page (WordPress), built from samples/002: a skip link, a menu,
/// the fundraising appeal printed twice (a banner on top and a post in the middle of the list), share
/// buttons, pagination, a sidebar with recent posts and a tag cloud, and a footer.
/// </summary>
public sealed class PopularResistanceListingTests
{
    internal static readonly Uri PageUrl = new("https://popularresistance.org/category/coups/");

    internal static readonly (string Title, string Slug, string Published)[] Expected =
    [
        ("Probing US Regime-Change in Pakistan And Bangladesh", "probing-us-regime-change-in-pakistan-and-bangladesh", "2024-09-03T10:00:00Z"),
        ("Venezuela: It Was A US-Led Coup All Along", "venezuela-it-was-a-us-led-coup-all-along", "2024-08-15T10:00:00Z"),
        ("US-Based Activists Mobilize To Say Hands Off Venezuela!", "us-based-activists-mobilize-to-say-hands-off-venezuela", "2024-08-13T10:00:00Z"),
        ("Venezuela: US Government Cites Groups It Funds To Allege Electoral ‘Fraud’", "venezuela-us-government-cites-groups-it-funds-to-allege-electoral-fraud", "2024-08-08T10:00:00Z"),
        ("Cyber Warfare Is At The Center Of The New Coup Attempt Against Venezuela", "cyber-warfare-is-at-the-center-of-the-new-coup-attempt-against-venezuela", "2024-08-06T10:00:00Z"),
        ("Venezuela: An Attempted Coup By Any Other Name", "venezuela-an-attempted-coup-by-any-other-name", "2024-08-05T10:00:00Z"),
        ("An Attack On Venezuela’s Democracy", "an-attack-on-venezuelas-democracy", "2024-08-03T10:00:00Z"),
        ("Biden/Harris And The Irreversible Crisis Of Neoliberal Fake Democracy", "biden-harris-and-the-irreversible-crisis-of-neoliberal-fake-democracy", "2024-07-30T10:00:00Z"),
        ("The Sahel Stands Up; The World Must Pay Attention", "the-sahel-stands-up-the-world-must-pay-attention", "2024-07-19T10:00:00Z"),
        ("Bolivia: A Coup Attempt With Winds From The North", "bolivia-a-coup-attempt-with-winds-from-the-north", "2024-07-04T10:00:00Z"),
        ("How The Bolivian People Defeated The Coup", "how-the-bolivian-people-defeated-the-coup", "2024-06-29T10:00:00Z"),
        ("The Bolivian People Defeated Another Coup", "the-bolivian-people-defeated-another-coup", "2024-06-28T10:00:00Z"),
        ("Anti-Coup Rebellion In Eastern Ukraine Completes 10 Years", "anti-coup-rebellion-in-eastern-ukraine-completes-10-years", "2024-05-02T10:00:00Z"),
        ("Washington Is Trying To Divide Revolutionary Forces In Bolivia", "washington-is-trying-to-divide-revolutionary-forces-in-bolivia", "2024-05-01T10:00:00Z"),
        ("48 Years After The Military Coup, Argentinians Take To The Streets", "48-years-after-the-military-coup-argentinians-take-to-the-streets", "2024-03-27T10:00:00Z"),
    ];

    private static ScrapeResult Scrape(ScrapeRules? rules) =>
        ListingScraper.Scrape(ScrapeFixtures.Page("popular-resistance-coups.html"), PageUrl, rules, ScrapeFixtures.FetchedAt);

    [Fact]
    public void PopularResistance_Automatic_FindsEveryPostInPageOrder()
    {
        var result = Scrape(null);

        Assert.Null(result.Error);
        AssertExpectedEntries(result.Entries);
        Assert.Equal("Coups Archives - Popular Resistance.Org", result.PageTitle);
    }

    [Fact]
    public void PopularResistance_Automatic_ReportsTheArticleStructure()
    {
        var result = Scrape(null);

        Assert.Equal("detected 15 items via div#primary.content-area > main#main.site-main > article.post h2 a", result.Structure);
    }

    [Fact]
    public void PopularResistance_WithSelectors_FindsEveryPostAndNoAppeal()
    {
        var rules = new ScrapeRules(
            Item: "article.post",
            Title: "h2.entry-title a",
            Link: "h2.entry-title a@href",
            Summary: ".entry-summary p",
            Published: "time.published@datetime",
            Author: ".byline .author",
            Image: "img.wp-post-image@data-src");

        var result = Scrape(rules);

        Assert.Null(result.Error);
        Assert.Equal("selectors: article.post", result.Structure);
        AssertExpectedEntries(result.Entries);
    }

    [Fact]
    public void PopularResistance_ItemSelectorOnly_FillsTheOtherFieldsByDefault()
    {
        var result = Scrape(new ScrapeRules("article.post"));

        Assert.Null(result.Error);
        AssertExpectedEntries(result.Entries);
    }

    [Fact]
    public void PopularResistance_Automatic_KeepsTheTeaserHtmlAndLazyImage()
    {
        var first = Scrape(null).Entries[0];

        Assert.StartsWith("Two former leaders of major South Asian countries", first.Summary, StringComparison.Ordinal);
        Assert.Equal(new Uri("https://popularresistance.org/wp-content/uploads/2024/09/probing-us-regime-change-300x169.jpg"), first.ImageUrl);
        Assert.Equal("Popular Resistance", first.Author);
        Assert.Equal(PageUrl, first.BaseUri);
    }

    private static void AssertExpectedEntries(IReadOnlyList<FeedEntry> entries)
    {
        var teasers = ScrapeFixtures.SampleParagraphs("002");
        Assert.Equal(Expected.Select(e => e.Title), entries.Select(e => e.Title));
        for (var i = 0; i < Expected.Length; i++)
        {
            var entry = entries[i];
            Assert.Equal(new Uri($"https://popularresistance.org/{Expected[i].Slug}/"), entry.Link);
            Assert.Equal(DateTimeOffset.Parse(Expected[i].Published, System.Globalization.CultureInfo.InvariantCulture), entry.Published);
            // Titles and teasers alternate in the sample after "Skip to content" and "Coups".
            Assert.Equal(ScrapeFixtures.PlainText(teasers[3 + 2 * i]), ScrapeFixtures.PlainText(entry.Summary));
            Assert.Equal("Popular Resistance", entry.Author);
            Assert.Equal(i == 7, entry.ImageUrl is null);
        }

        ScrapeFixtures.AssertNoFurniture(entries);
    }
}
