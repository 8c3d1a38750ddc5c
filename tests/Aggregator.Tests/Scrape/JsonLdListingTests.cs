using System.Globalization;
using Aggregator.Model;
using Aggregator.Scrape;

namespace Aggregator.Tests.Scrape;

/// <summary>Pages that describe their own listing in JSON-LD; that description wins over the markup.</summary>
public sealed class JsonLdListingTests
{
    private static readonly Uri PageUrl = new("https://www.example.org/topics/venezuela/");

    [Fact]
    public void JsonLd_ItemList_WinsOverTheMarkup()
    {
        var result = ListingScraper.Scrape(ScrapeFixtures.Page("jsonld-itemlist.html"), PageUrl, null, ScrapeFixtures.FetchedAt);

        Assert.Null(result.Error);
        Assert.Equal("json-ld ItemList", result.Structure);
        Assert.Equal(
            [
                "Hands off Venezuela! Statement of the International Marxist Tendency",
                "Alan Woods on teleSUR: the UK is backing the coup in Venezuela",
                "Venezuela: “humanitarian aid” as a provocation",
                "Morocco backs the imperialist coup in Venezuela",
            ],
            result.Entries.Select(e => e.Title));
        Assert.Equal(
            [
                "https://www.example.org/2019/02/hands-off-venezuela-statement-of-the-imt/",
                "https://www.example.org/2019/02/alan-woods-on-telesur-uk-backing-the-coup/",
                "https://www.example.org/2019/02/venezuela-humanitarian-aid-as-a-provocation/",
                "https://www.example.org/2019/02/morocco-backs-the-imperialist-coup-in-venezuela/",
            ],
            result.Entries.Select(e => e.Link!.AbsoluteUri));
        ScrapeFixtures.AssertNoFurniture(result.Entries);
    }

    [Fact]
    public void JsonLd_NestedNewsArticle_GivesDateAuthorImageAndTeaser()
    {
        var entry = ListingScraper.Scrape(ScrapeFixtures.Page("jsonld-itemlist.html"), PageUrl, null, ScrapeFixtures.FetchedAt).Entries[1];

        Assert.Equal(new DateTimeOffset(2019, 2, 12, 9, 0, 0, TimeSpan.Zero), entry.Published);
        Assert.Equal("Alan Woods", entry.Author);
        Assert.Equal(new Uri("https://www.example.org/media/alan-woods-telesur.jpg"), entry.ImageUrl);
        Assert.Equal(
            "Alan Woods, editor of In Defence of Marxism and founding member of the Hands Off Venezuela campaign, was interviewed on …",
            ScrapeFixtures.PlainText(entry.Summary));
    }

    [Fact]
    public void JsonLd_ListItemWithoutName_TakesTheTitleFromThePageLink()
    {
        var entries = ListingScraper.Scrape(ScrapeFixtures.Page("jsonld-itemlist.html"), PageUrl, null, ScrapeFixtures.FetchedAt).Entries;

        Assert.Equal("Venezuela: “humanitarian aid” as a provocation", entries[2].Title);
        Assert.Null(entries[2].Published);
    }

    [Fact]
    public void JsonLd_GraphOfBlogPostings_IsAListing()
    {
        const string html = """
            <html><head><title>Blog</title>
            <script type="application/ld+json">
            { "@context": "https://schema.org", "@graph": [
              { "@type": "WebSite", "url": "https://blog.example.org/" },
              { "@type": "BlogPosting", "headline": "Bolivia: A Coup Attempt With Winds From The North",
                "url": "https://blog.example.org/bolivia-winds-from-the-north", "datePublished": "2024-07-04T10:30:00-04:00",
                "author": [{ "@type": "Person", "name": "Ana López" }], "image": ["https://blog.example.org/img/bolivia.jpg"] },
              { "@type": ["BlogPosting"], "headline": "The Bolivian People Defeated Another Coup",
                "mainEntityOfPage": { "@id": "https://blog.example.org/bolivian-people-defeated-another-coup" }, "datePublished": "2024-06-28" },
              // Comments and trailing commas happen in hand-written JSON-LD.
            ] }
            </script></head><body><p>Nothing to see in the markup.</p></body></html>
            """;

        var result = ListingScraper.Scrape(html, new Uri("https://blog.example.org/"), null, ScrapeFixtures.FetchedAt);

        Assert.Null(result.Error);
        Assert.Equal("json-ld BlogPosting list", result.Structure);
        Assert.Equal(2, result.Entries.Count);
        Assert.Equal(new DateTimeOffset(2024, 7, 4, 10, 30, 0, TimeSpan.FromHours(-4)), result.Entries[0].Published);
        Assert.Equal("Ana López", result.Entries[0].Author);
        Assert.Equal(new Uri("https://blog.example.org/img/bolivia.jpg"), result.Entries[0].ImageUrl);
        Assert.Equal(new Uri("https://blog.example.org/bolivian-people-defeated-another-coup"), result.Entries[1].Link);
        Assert.Equal(DateTimeOffset.Parse("2024-06-28T00:00:00Z", CultureInfo.InvariantCulture), result.Entries[1].Published);
    }

    [Fact]
    public void JsonLd_SingleArticlePage_IsNotAListing()
    {
        const string html = """
            <html><head><title>One article</title>
            <script type="application/ld+json">{"@type":"NewsArticle","headline":"Venezuela: It Was A US-Led Coup All Along",
              "url":"https://news.example.com/world/venezuela-it-was-a-us-led-coup-all-along"}</script></head>
            <body><article><h1>Venezuela: It Was A US-Led Coup All Along</h1><p>Despite a monstrous campaign…</p></article></body></html>
            """;

        var result = ListingScraper.Scrape(html, new Uri("https://news.example.com/world/venezuela-it-was-a-us-led-coup-all-along"), null, ScrapeFixtures.FetchedAt);

        Assert.Empty(result.Entries);
        Assert.Equal("scrape: no repeated article structure found", result.Error);
        Assert.Equal("One article", result.PageTitle);
    }

    [Fact]
    public void JsonLd_WithSelectors_IsIgnored()
    {
        var rules = new ScrapeRules("li.topic-item");

        var result = ListingScraper.Scrape(ScrapeFixtures.Page("jsonld-itemlist.html"), PageUrl, rules, ScrapeFixtures.FetchedAt);

        Assert.Equal("selectors: li.topic-item", result.Structure);
        Assert.Equal(4, result.Entries.Count);
        Assert.All(result.Entries, (FeedEntry e) => Assert.NotNull(e.Summary));
    }

    [Fact]
    public void JsonLd_MenuDescribedAsItemList_IsNotAListing()
    {
        const string html = """
            <html><head><script type="application/ld+json">
            {"@type":"ItemList","itemListElement":[
              {"@type":"SiteNavigationElement","position":1,"name":"Home","url":"https://www.example.org/"},
              {"@type":"SiteNavigationElement","position":2,"name":"Venezuela","url":"https://www.example.org/category/venezuela/"},
              {"@type":"SiteNavigationElement","position":3,"name":"About us","url":"https://www.example.org/about/"}]}
            </script></head><body><p>No listing here.</p></body></html>
            """;

        var result = ListingScraper.Scrape(html, PageUrl, null, ScrapeFixtures.FetchedAt);

        Assert.Empty(result.Entries);
        Assert.Equal("scrape: no repeated article structure found", result.Error);
    }
}
