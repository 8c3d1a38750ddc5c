using Aggregator.Model;
using Aggregator.Scrape;

namespace Aggregator.Tests.Scrape;

/// <summary>Behaviours of the scraper that hold for any page: links, selectors, errors, duplicates.</summary>
public sealed class ListingScraperTests
{
    private static readonly Uri PageUrl = new("https://popularresistance.org/category/coups/");

    private const string Teaser = "<p>Bolivian President Luis Arce addressed the people of Bolivia on the afternoon of Wednesday June 26.</p>";

    [Fact]
    public void Links_RelativeToBaseHref_ResolveAgainstTheBase()
    {
        const string html = $"""
            <html><head><base href="/archive/2024/"></head><body>
            <div class="post"><h2><a href="bolivia-a-coup-attempt.html">Bolivia: A Coup Attempt With Winds From The North</a></h2>{Teaser}</div>
            <div class="post"><h2><a href="../2023/how-the-bolivian-people-defeated-the-coup.html">How The Bolivian People Defeated The Coup</a></h2>{Teaser}</div>
            <div class="post"><h2><a href="/the-bolivian-people-defeated-another-coup/">The Bolivian People Defeated Another Coup</a></h2>{Teaser}</div>
            <div class="post"><h2><a href="//mirror.popularresistance.org/anti-coup-rebellion-in-eastern-ukraine/">Anti-Coup Rebellion In Eastern Ukraine Completes 10 Years</a></h2>{Teaser}</div>
            </body></html>
            """;

        foreach (var rules in new[] { null, new ScrapeRules("div.post") })
        {
            var result = ListingScraper.Scrape(html, PageUrl, rules, ScrapeFixtures.FetchedAt);

            Assert.Equal(
                [
                    "https://popularresistance.org/archive/2024/bolivia-a-coup-attempt.html",
                    "https://popularresistance.org/archive/2023/how-the-bolivian-people-defeated-the-coup.html",
                    "https://popularresistance.org/the-bolivian-people-defeated-another-coup/",
                    "https://mirror.popularresistance.org/anti-coup-rebellion-in-eastern-ukraine/",
                ],
                result.Entries.Select(e => e.Link!.AbsoluteUri));
            Assert.All(result.Entries, e => Assert.Equal(new Uri("https://popularresistance.org/archive/2024/"), e.BaseUri));
        }
    }

    [Fact]
    public void Page_OverTheParseLimit_IsCutBeforeATag_ItsFirstItemsRead_AndTheCutSaidInAWarning()
    {
        var html = new System.Text.StringBuilder("<html><body>");
        for (var i = 0; html.Length <= ListingScraper.MaxChars + 100_000; i++)
        {
            html.Append(System.Globalization.CultureInfo.InvariantCulture, $"<div class=\"post\"><h2><a href=\"/story/{i}\">Story number {i} of the archive</a></h2></div>");
        }

        var result = ListingScraper.Scrape(html.Append("</body></html>").ToString(), PageUrl, null, ScrapeFixtures.FetchedAt);

        Assert.Null(result.Error);
        Assert.Equal("https://popularresistance.org/story/0", result.Entries[0].Link!.AbsoluteUri);
        // Every item wholly inside the limit is read, in order, and none past it: the first FeedLimits.MaxEntries
        // kept, the others counted.
        Assert.Equal(Aggregator.Parse.FeedLimits.MaxEntries, result.Entries.Count);
        var last = result.Entries.Count + result.OverLimit - 1;
        Assert.InRange(html.ToString().IndexOf($"/story/{last}\"", StringComparison.Ordinal), 0, ListingScraper.MaxChars);
        Assert.Equal(-1, html.ToString().IndexOf($"/story/{last + 2}\"", 0, ListingScraper.MaxChars, StringComparison.Ordinal));
        var warning = Assert.Single(result.Warnings);
        Assert.Contains("cut to its first", warning, StringComparison.Ordinal);
        Assert.Equal(html.Length - html.ToString().LastIndexOf('<', ListingScraper.MaxChars), result.CharsUnread);
    }

    [Fact]
    public void Page_UnderTheParseLimit_HasNoWarning()
    {
        var result = ListingScraper.Scrape($"""
            <html><body>
            <div class="post"><h2><a href="/a">Bolivia: A Coup Attempt With Winds From The North</a></h2>{Teaser}</div>
            <div class="post"><h2><a href="/b">How The Bolivian People Defeated The Coup</a></h2>{Teaser}</div>
            <div class="post"><h2><a href="/c">The Bolivian People Defeated Another Coup</a></h2>{Teaser}</div>
            </body></html>
            """, PageUrl, null, ScrapeFixtures.FetchedAt);

        Assert.Equal(3, result.Entries.Count);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Links_NotHttp_AreDropped()
    {
        const string html = """
            <div class="post"><h2><a href="javascript:void(0)">Probing US Regime-Change in Pakistan And Bangladesh</a></h2></div>
            <div class="post"><h2><a href="mailto:editor@popularresistance.org">Venezuela: It Was A US-Led Coup All Along</a></h2></div>
            <div class="post"><h2><a href="ftp://popularresistance.org/file.txt">An Attack On Venezuela’s Democracy</a></h2></div>
            <div class="post"><h2><a href="https://popularresistance.org/the-sahel-stands-up/">The Sahel Stands Up; The World Must Pay Attention</a></h2></div>
            """;

        var result = ListingScraper.Scrape(html, PageUrl, new ScrapeRules("div.post"), ScrapeFixtures.FetchedAt);

        var entry = Assert.Single(result.Entries);
        Assert.Equal("The Sahel Stands Up; The World Must Pay Attention", entry.Title);
    }

    [Fact]
    public void Selector_MatchingNothing_IsAnError()
    {
        var result = ListingScraper.Scrape(ScrapeFixtures.Page("marxist-latest.html"), new Uri("https://www.marxist.com/latest.htm"),
            new ScrapeRules("div.article-teaser"), ScrapeFixtures.FetchedAt);

        Assert.Empty(result.Entries);
        Assert.Equal("scrape: selector 'div.article-teaser' matched nothing", result.Error);
        Assert.Equal("selectors: div.article-teaser", result.Structure);
        Assert.Equal("Latest", result.PageTitle);
    }

    [Fact]
    public void Selector_Invalid_IsAnErrorNotAnException()
    {
        var result = ListingScraper.Scrape(ScrapeFixtures.Page("marxist-latest.html"), new Uri("https://www.marxist.com/latest.htm"),
            new ScrapeRules("div.article", Title: "h2 >> a["), ScrapeFixtures.FetchedAt);

        Assert.Empty(result.Entries);
        Assert.Equal("scrape: invalid selector 'h2 >> a['", result.Error);
    }

    [Fact]
    public void Selector_ItemsWithoutTitleOrLink_AreDropped()
    {
        const string html = """
            <div class="item"><h2><a href="/one-two-three">One two three four</a></h2></div>
            <div class="item"><h2>Only a heading, no link at all</h2></div>
            <div class="item"><a href="/empty-title"> </a></div>
            """;

        var result = ListingScraper.Scrape(html, PageUrl, new ScrapeRules("div.item"), ScrapeFixtures.FetchedAt);

        Assert.Equal(["One two three four"], result.Entries.Select(e => e.Title));
    }

    [Fact]
    public void Selector_NoItemWithTitleAndLink_IsAnError()
    {
        const string html = """<div class="item"><p>no title</p></div><div class="item"><p>none here</p></div>""";

        var result = ListingScraper.Scrape(html, PageUrl, new ScrapeRules("div.item"), ScrapeFixtures.FetchedAt);

        Assert.Equal("scrape: selector 'div.item' matched 2 elements but none had both a title and a link", result.Error);
    }

    [Fact]
    public void Selector_AttributeSuffix_ReadsAttributes()
    {
        const string html = """
            <ul>
              <li class="story" data-href="/story/how-the-bolivian-people-defeated-the-coup" data-title="How The Bolivian People Defeated The Coup">
                <time datetime="2024-06-29T18:05:00Z">Saturday</time><span class="thumb" data-img="/img/bolivia.jpg"></span>
                <span class="teaser" data-text="On Wednesday June 26, hundreds of members of the Bolivian Armed Forces &lt;mobilized&gt;"></span>
              </li>
            </ul>
            """;
        var rules = new ScrapeRules("li.story", Title: "@data-title", Link: "@data-href", Summary: ".teaser@data-text",
            Published: "time@datetime", Image: ".thumb@data-img");

        var entry = Assert.Single(ListingScraper.Scrape(html, PageUrl, rules, ScrapeFixtures.FetchedAt).Entries);

        Assert.Equal("How The Bolivian People Defeated The Coup", entry.Title);
        Assert.Equal(new Uri("https://popularresistance.org/story/how-the-bolivian-people-defeated-the-coup"), entry.Link);
        Assert.Equal("On Wednesday June 26, hundreds of members of the Bolivian Armed Forces &lt;mobilized&gt;", entry.Summary);
        Assert.Equal(new DateTimeOffset(2024, 6, 29, 18, 5, 0, TimeSpan.Zero), entry.Published);
        Assert.Equal(new Uri("https://popularresistance.org/img/bolivia.jpg"), entry.ImageUrl);
    }

    [Fact]
    public void Entries_SameLinkTwice_AreKeptOnce()
    {
        const string html = $"""
            <main><section class="list">
            <div class="post"><h2><a href="/bolivia-a-coup-attempt-with-winds-from-the-north/">Bolivia: A Coup Attempt With Winds From The North</a></h2>{Teaser}</div>
            <div class="post"><h2><a href="/how-the-bolivian-people-defeated-the-coup/">How The Bolivian People Defeated The Coup</a></h2>{Teaser}</div>
            <div class="post"><h2><a href="/bolivia-a-coup-attempt-with-winds-from-the-north/#comments">Bolivia: A Coup Attempt With Winds From The North</a></h2>{Teaser}</div>
            <div class="post"><h2><a href="/the-bolivian-people-defeated-another-coup/">The Bolivian People Defeated Another Coup</a></h2>{Teaser}</div>
            </section></main>
            """;

        foreach (var rules in new[] { null, new ScrapeRules("div.post") })
        {
            var result = ListingScraper.Scrape(html, PageUrl, rules, ScrapeFixtures.FetchedAt);

            Assert.Equal(
                ["Bolivia: A Coup Attempt With Winds From The North", "How The Bolivian People Defeated The Coup", "The Bolivian People Defeated Another Coup"],
                result.Entries.Select(e => e.Title));
        }
    }

    [Fact]
    public void Automatic_PageWithoutAListing_IsAnError()
    {
        const string html = """
            <html><head><title>About us</title></head><body>
            <nav><a href="/">Home</a> <a href="/about/">About</a> <a href="/contact/">Contact</a></nav>
            <main><h1>About us</h1><p>Popular Resistance provides movement news and resources.</p></main>
            <footer><a href="/privacy/">Privacy</a></footer></body></html>
            """;

        var result = ListingScraper.Scrape(html, new Uri("https://popularresistance.org/about/"), null, ScrapeFixtures.FetchedAt);

        Assert.Empty(result.Entries);
        Assert.Equal("scrape: no repeated article structure found", result.Error);
        Assert.Null(result.Structure);
    }

    [Fact]
    public void Automatic_MenuOfLongLinks_IsNotAListing()
    {
        const string html = """
            <html><body>
            <nav class="main-navigation"><ul class="menu">
              <li><a href="/peace-and-anti-war-movements-across-the-world/">Peace And Anti-War Movements Across The World</a></li>
              <li><a href="/climate-justice-and-the-green-new-deal/">Climate Justice And The Green New Deal</a></li>
              <li><a href="/workers-rights-and-the-labor-movement/">Workers Rights And The Labor Movement</a></li>
              <li><a href="/racial-justice-and-police-accountability/">Racial Justice And Police Accountability</a></li>
            </ul></nav>
            <div class="share-buttons">
              <a href="/probing-us-regime-change?share=facebook">Share this on Facebook with your friends</a>
              <a href="/probing-us-regime-change?share=twitter">Share this on Twitter with your followers</a>
              <a href="/probing-us-regime-change?share=email">Share this by e-mail with anyone at all</a>
            </div>
            </body></html>
            """;

        var result = ListingScraper.Scrape(html, PageUrl, null, ScrapeFixtures.FetchedAt);

        Assert.Empty(result.Entries);
        Assert.NotNull(result.Error);
    }

    [Fact]
    public void Automatic_CardsThatAreLinks_AreItems()
    {
        const string html = """
            <html><body>
            <header><nav><a href="/">Home</a> <a href="/world/">World</a> <a href="/politics/">Politics</a></nav></header>
            <main><section class="stories">
              <a class="story" href="/world/sahel-stands-up"><h3>The Sahel Stands Up; The World Must Pay Attention</h3><p>On July 6 and 7, the leaders of the three main countries in Africa’s Sahel region met in Niamey.</p><span class="date">19 July 2024</span></a>
              <a class="story" href="/world/bolivia-winds-from-the-north"><h3>Bolivia: A Coup Attempt With Winds From The North</h3><p>It was not long before the legitimate Bolivian government of Luis Arce faced an attempted military coup.</p><span class="date">4 July 2024</span></a>
              <a class="story" href="/world/argentinians-take-to-the-streets"><h3>48 Years After The Military Coup, Argentinians Take To The Streets</h3><p>This Sunday, March 24, tens of thousands of people filled the streets of Buenos Aires.</p><span class="date">27 March 2024</span></a>
            </section></main>
            <aside class="sidebar"><ul>
              <li><a href="/world/one-more-story-about-venezuela">One more story about Venezuela and its elections</a></li>
              <li><a href="/world/another-story-about-bolivia">Another story about Bolivia and the failed coup</a></li>
              <li><a href="/world/a-third-story-about-the-sahel">A third story about the Sahel and its confederation</a></li>
              <li><a href="/world/a-fourth-story-about-ukraine">A fourth story about Ukraine and the Donbass</a></li>
            </ul></aside>
            </body></html>
            """;

        var result = ListingScraper.Scrape(html, new Uri("https://news.example.com/world/"), null, ScrapeFixtures.FetchedAt);

        Assert.Equal("detected 3 items via main > section.stories > a.story", result.Structure);
        Assert.Equal(
            ["The Sahel Stands Up; The World Must Pay Attention", "Bolivia: A Coup Attempt With Winds From The North", "48 Years After The Military Coup, Argentinians Take To The Streets"],
            result.Entries.Select(e => e.Title));
        Assert.Equal(new Uri("https://news.example.com/world/bolivia-winds-from-the-north"), result.Entries[1].Link);
        Assert.Equal(new DateTimeOffset(2024, 7, 4, 0, 0, 0, TimeSpan.Zero), result.Entries[1].Published);
        Assert.StartsWith("It was not long before", result.Entries[1].Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void PageUrl_Relative_IsAnErrorNotAnException()
    {
        var result = ListingScraper.Scrape("<p>x</p>", new Uri("category/coups/", UriKind.Relative), null, ScrapeFixtures.FetchedAt);

        Assert.Equal("scrape: page URL 'category/coups/' is not absolute", result.Error);
    }
}
