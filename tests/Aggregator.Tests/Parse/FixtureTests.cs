using Aggregator.Model;
using Aggregator.Parse;
using Xunit;

namespace Aggregator.Tests.Parse;

/// <summary>The fixtures in testdata/parse, built from the outlets' own text.</summary>
public class FixtureTests
{
    [Fact]
    public void Rss_PopularResistanceFeed_ReadsChannelFields()
    {
        var feed = ParseKit.FixtureFeed("popular-resistance-coups.rss");

        Assert.Equal(FeedFormat.Rss, feed.Format);
        Assert.Equal("rss20", feed.Version);
        Assert.Equal("Coups Archives – Popular Resistance.Org", feed.Title);
        Assert.Equal(new Uri("https://popularresistance.org/category/coups/"), feed.Link);
        Assert.Equal(new Uri("https://popularresistance.org/category/coups/feed/"), feed.FeedUrl);
        Assert.Equal(new Uri("https://pubsubhubbub.appspot.com/"), feed.Hub);
        Assert.Equal("en-US", feed.Language);
        Assert.Equal(new DateTimeOffset(2024, 8, 19, 10, 5, 0, TimeSpan.Zero), feed.Updated);
        Assert.Equal(5, feed.Entries.Count);
    }

    [Fact]
    public void Rss_StrayAmpersandInTitle_IsKeptAsText()
    {
        var feed = ParseKit.FixtureFeed("popular-resistance-coups.rss");

        Assert.Equal("Probing US Regime-Change in Pakistan & Bangladesh", feed.Entries[0].Title);
    }

    [Fact]
    public void Rss_UndeclaredHtmlEntities_AreDecoded()
    {
        var feed = ParseKit.FixtureFeed("popular-resistance-coups.rss");

        Assert.EndsWith("\u00A0[…]", feed.Entries[0].Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Rss_CurlyQuotes_SurviveInTitles()
    {
        var feed = ParseKit.FixtureFeed("popular-resistance-coups.rss");

        Assert.Equal("Venezuela: US Government Cites Groups It Funds To Allege Electoral ‘Fraud’", feed.Entries[3].Title);
    }

    [Fact]
    public void Rss_ContentEncoded_BecomesContent_AndDcCreatorTheAuthor()
    {
        var entry = ParseKit.FixtureFeed("popular-resistance-coups.rss").Entries[1];

        Assert.StartsWith("<p>Despite a monstrous", entry.Content, StringComparison.Ordinal);
        Assert.Contains("“pollsters”", entry.Content, StringComparison.Ordinal);
        Assert.Equal("Kim Petersen", entry.Author);
        Assert.Equal(["Coups", "Venezuela", "Elections", "Maduro"], entry.Categories);
        Assert.Equal("https://popularresistance.org/?p=80001", entry.Id);
    }

    [Fact]
    public void Rss_ItemWithoutLink_UsesGuidPermalink()
    {
        var entry = ParseKit.FixtureFeed("popular-resistance-coups.rss").Entries[3];

        Assert.Equal(new Uri("https://popularresistance.org/venezuela-us-government-cites-groups-it-funds-to-allege-electoral-fraud/"), entry.Link);
        Assert.Equal(entry.Link!.AbsoluteUri, entry.Id);
    }

    [Fact]
    public void Rss_NamedZoneDates_AreConverted()
    {
        var feed = ParseKit.FixtureFeed("popular-resistance-coups.rss");

        Assert.Equal(new DateTimeOffset(2024, 8, 16, 12, 15, 0, TimeSpan.Zero), feed.Entries[2].Published!.Value.ToUniversalTime());
        Assert.Equal(new DateTimeOffset(2024, 8, 14, 10, 45, 0, TimeSpan.Zero), feed.Entries[4].Published!.Value.ToUniversalTime());
    }

    [Fact]
    public void Rss_EntryBaseUri_IsTheEntryLink_ForRelativeUrlsInContent()
    {
        var entry = ParseKit.FixtureFeed("popular-resistance-coups.rss").Entries[0];

        Assert.Equal(entry.Link, entry.BaseUri);
        Assert.Contains("href=\"/category/coups/\"", entry.Content, StringComparison.Ordinal);
    }

    [Fact]
    public void Atom_MarxistFeed_ResolvesRelativeLinksAgainstXmlBase()
    {
        var feed = ParseKit.FixtureFeed("marxist-latest.atom");

        Assert.Equal("atom10", feed.Version);
        Assert.Equal(new Uri("https://www.marxist.com/"), feed.Link);
        Assert.Equal(new Uri("https://www.marxist.com/venezuela/morocco-backs-the-coup-in-venezuela.htm"), feed.Entries[0].Link);
        // The third entry carries its own xml:base, chained onto the feed's.
        Assert.Equal(new Uri("https://www.marxist.com/americas/venezuela/hands-off-venezuela-imperialist-coup-attempt-underway.htm"), feed.Entries[2].Link);
        Assert.Equal(new Uri("https://www.marxist.com/authors/jorge-martin"), feed.Entries[0].Authors[0].Uri);
    }

    [Fact]
    public void Atom_MarxistFeed_KeepsBothSpellingsOfGuaido()
    {
        var feed = ParseKit.FixtureFeed("marxist-latest.atom");
        var text = string.Join(" ", feed.Entries.Select(e => e.Summary));

        Assert.Contains("Guaido", text, StringComparison.Ordinal);
        Assert.Contains("Guaidó", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Atom_TextTypes_BecomeHtmlOrPlainText()
    {
        var feed = ParseKit.FixtureFeed("marxist-latest.atom");

        Assert.Equal("Marxist theory & analysis", feed.Subtitle);
        Assert.Equal("Venezuela: the coup enters a higher phase", feed.Entries[1].Title);
        Assert.StartsWith("<p>", feed.Entries[1].Summary, StringComparison.Ordinal);
        // type="text" summaries are escaped, so quotes and ampersands cannot become markup.
        Assert.DoesNotContain("<p>", feed.Entries[0].Summary, StringComparison.Ordinal);
        Assert.StartsWith("<p>", feed.Entries[0].Content, StringComparison.Ordinal);
        Assert.Contains("<a href=\"../images/flag.png\">Flag</a>", feed.Entries[0].Content, StringComparison.Ordinal);
    }

    [Fact]
    public void Atom_Dates_PublishedAndUpdatedWithOffsets()
    {
        var entry = ParseKit.FixtureFeed("marxist-latest.atom").Entries[1];

        Assert.Equal(new DateTimeOffset(2019, 2, 21, 11, 0, 0, TimeSpan.Zero), entry.Published);
        Assert.Equal(new DateTimeOffset(2019, 2, 21, 10, 30, 0, TimeSpan.Zero), entry.Updated!.Value.ToUniversalTime());
        Assert.Equal(["venezuela", "imperialism"], entry.Categories);
    }

    [Fact]
    public void Rdf_ItemsBesideTheChannel_AreRead()
    {
        var feed = ParseKit.FixtureFeed("popular-resistance-coups.rdf");

        Assert.Equal(FeedFormat.Rdf, feed.Format);
        Assert.Equal("rss10", feed.Version);
        Assert.Equal("Popular Resistance: Coups", feed.Title);
        Assert.Equal(3, feed.Entries.Count);
        var entry = feed.Entries[1];
        Assert.Equal("An Attack On Venezuela’s Democracy", entry.Title);
        Assert.Equal("https://popularresistance.org/an-attack-on-venezuela-s-democracy/", entry.Id);
        Assert.Equal("Popular Resistance", entry.Author);
        Assert.Equal(new DateTimeOffset(2024, 6, 2, 16, 0, 0, TimeSpan.Zero), entry.Published!.Value.ToUniversalTime());
        Assert.Equal(["Coups"], entry.Categories);
    }

    [Fact]
    public void JsonFeed_Version11_MapsItems()
    {
        var feed = ParseKit.FixtureFeed("popular-resistance-coups.json");

        Assert.Equal(FeedFormat.JsonFeed, feed.Format);
        Assert.Equal("json11", feed.Version);
        Assert.Equal(new Uri("https://popularresistance.org/category/coups/feed/json"), feed.FeedUrl);
        var first = feed.Entries[0];
        Assert.Equal("The Sahel Stands Up; The World Must Pay Attention", first.Title);
        Assert.Equal(new Uri("https://popularresistance.org/wp-content/uploads/sahel.jpg"), first.ImageUrl);
        Assert.Equal(new Enclosure(new Uri("https://popularresistance.org/audio/sahel.mp3"), "audio/mpeg", 123456), first.Enclosures[0]);
        Assert.Equal("Popular Resistance", first.Author);
    }

    [Fact]
    public void JsonFeed_NumericIdAndContentText_AreAccepted()
    {
        var entry = ParseKit.FixtureFeed("popular-resistance-coups.json").Entries[1];

        Assert.Equal("90001", entry.Id);
        Assert.Contains("Read more &amp; share.", entry.Content, StringComparison.Ordinal);
        Assert.Contains("<br>", entry.Content, StringComparison.Ordinal);
    }

    [Fact]
    public void Windows1252Rss_SmartQuotesDecode()
    {
        var feed = ParseKit.FixtureFeed("coups-windows-1252.rss");

        Assert.Equal("Popular Resistance – “Coups”", feed.Title);
        Assert.Equal("Resistance’s coup coverage", feed.Subtitle);
        Assert.Contains("“pollsters”", feed.Entries[0].Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void IllFormedRss_BrokenMiddleItem_KeepsTheGoodItemsAndWarns()
    {
        var feed = ParseKit.FixtureFeed("coups-broken-middle-item.rss");

        // The middle item's </titel> is mended, so it survives too.
        Assert.Equal(
            ["The Bolivian People Defeated Another Coup", "Anti-Coup Rebellion In Eastern Ukraine Completes 10 Years", "Washington Is Trying To Divide Revolutionary Forces In Bolivia"],
            feed.Entries.Select(e => e.Title));
        Assert.Contains(feed.Warnings, w => w.Contains("ill-formed", StringComparison.Ordinal));
    }

    [Fact]
    public void IllFormedRss_UnrepairableMiddleItem_IsReadFromWhatCanBeMadeOutAndTheOthersKept()
    {
        var text = File.ReadAllText(ParseKit.Fixture("coups-broken-middle-item.rss")).Replace("<title>Anti-Coup", "<title a=\"1\" a=\"2\">Anti-Coup", StringComparison.Ordinal);

        var feed = ParseKit.Feed(text);

        // A lenient reader (feedparser) keeps the broken item too: it is not lost, and the repair says what it did.
        Assert.Equal(3, feed.Entries.Count);
        Assert.Equal("The Bolivian People Defeated Another Coup", feed.Entries[0].Title);
        // Its title (misspelt end tag and a duplicate attribute) cannot be made out; its link and text can.
        Assert.Equal(new Uri("https://popularresistance.org/anti-coup-rebellion-in-eastern-ukraine-completes-10-years/"), feed.Entries[1].Link);
        Assert.StartsWith("April 2014", feed.Entries[1].Summary, StringComparison.Ordinal);
        Assert.Equal("Washington Is Trying To Divide Revolutionary Forces In Bolivia", feed.Entries[2].Title);
        Assert.Contains(feed.Warnings, w => w.Contains("read what could be made out of an ill-formed entry", StringComparison.Ordinal));
    }

    [Fact]
    public void HtmlPage_WithAlternateLinks_ReturnsTheFeedsResolvedAgainstBase()
    {
        var result = FeedParser.Parse(File.ReadAllBytes(ParseKit.Fixture("popular-resistance-coups.html")), new Uri("https://mirror.example/coups"));

        Assert.Null(result.Feed);
        Assert.Null(result.Error);
        Assert.Equal(
            [
                new Uri("https://popularresistance.org/feed/"),
                new Uri("https://popularresistance.org/category/coups/feed/"),
                new Uri("https://popularresistance.org/category/coups/feed/atom/"),
            ],
            result.DiscoveredFeeds);
    }
}
