using System.Diagnostics;
using System.Text;
using Aggregator.Normalize;
using Aggregator.Parse;
using Aggregator.Scrape;

namespace Aggregator.Tests.Scrape;

/// <summary>
/// Whatever arrives, the scraper answers with a value and never throws, and a hostile page does not
/// make it superlinear. Speed is shown by the benchmarks; these tests bound work (bytes allocated on the
/// test's thread, which do not depend on the machine's load) on n and 2n copies of each hostile shape.
/// </summary>
public sealed class HostileInputTests
{
    private static readonly Uri PageUrl = new("https://popularresistance.org/category/coups/");

    private const string Listing = """
        <main><div class="posts">
        <article class="post"><h2><a href="/bolivia-a-coup-attempt-with-winds-from-the-north/">Bolivia: A Coup Attempt With Winds From The North</a></h2><p>It was not long before the legitimate Bolivian government of Luis Arce faced an attempted military coup.</p></article>
        <article class="post"><h2><a href="/how-the-bolivian-people-defeated-the-coup/">How The Bolivian People Defeated The Coup</a></h2><p>On Wednesday June 26, hundreds of members of the Bolivian Armed Forces had mobilized.</p></article>
        <article class="post"><h2><a href="/the-bolivian-people-defeated-another-coup/">The Bolivian People Defeated Another Coup</a></h2><p>Bolivian President Luis Arce addressed the people of Bolivia on the afternoon of Wednesday June 26.</p></article>
        </div></main>
        """;

    public static TheoryData<string> Bodies => new()
    {
        "empty",
        "whitespace",
        "nested-divs",
        "self-closed-divs",
        "nesting-in-noscript",
        "svg-with-many-paths",
        "nested-spans",
        "nested-formatting",
        "nested-anchors",
        "nested-tables",
        "binary",
        "unclosed-comment",
        "unclosed-quote",
        "huge-attribute",
        "deep-json-ld",
        "not-html",
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public void Hostile_Body_ReturnsAValueOrAReason(string name)
    {
        var html = Build(name);

        foreach (var rules in new[] { null, new Aggregator.Model.ScrapeRules("article.post") })
        {
            var result = ListingScraper.Scrape(html, PageUrl, rules, ScrapeFixtures.FetchedAt);

            Assert.NotNull(result);
            Assert.True(result.Entries.Count > 0 || result.Error is not null, $"{name}: no entries and no reason");
            Assert.DoesNotContain("internal error", result.Error ?? string.Empty, StringComparison.Ordinal);
        }
    }

    public static TheoryData<string> Scalable => new()
    {
        "nested-divs", "self-closed-divs", "nesting-in-noscript", "nested-spans", "nested-formatting",
        "nested-anchors", "nested-tables", "unclosed-quote", "huge-attribute", "deep-json-ld",
    };

    // Linear work doubles with the input; quadratic work quadruples. Three times leaves room for the
    // fixed part of a scrape without letting a quadratic path through.
    [Theory]
    [MemberData(nameof(Scalable))]
    public void Hostile_Body_WorkGrowsLinearly(string name)
    {
        var rules = new Aggregator.Model.ScrapeRules("article.post");

        var once = LeastAllocated(Build(name, 0.5), null) + LeastAllocated(Build(name, 0.5), rules);
        var twice = LeastAllocated(Build(name, 1), null) + LeastAllocated(Build(name, 1), rules);

        Assert.True(twice < 3 * once, $"{name}: {once:N0} bytes for n, {twice:N0} bytes for 2n");
    }

    // The least of three scrapes. A scrape of a page near a million characters rents a 1 Mi-char (2 MiB) buffer from
    // ArrayPool<char>.Shared; the pool is shared by every thread, so whether this thread finds one there or allocates it
    // depends on which tests ran before and beside it (once: 627,280 bytes for n, 3,118,544 for 2n). A shared pool can
    // only add allocation, never remove any, so the least of three is the scrape's own work; a quadratic path is in all three.
    private static long LeastAllocated(string html, Aggregator.Model.ScrapeRules? rules)
    {
        var least = long.MaxValue;
        for (var run = 0; run < 3; run++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            Assert.NotNull(ListingScraper.Scrape(html, PageUrl, rules, ScrapeFixtures.FetchedAt));
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return least;
    }

    [Fact]
    public void Hostile_EmptyPage_SaysSo()
    {
        var result = ListingScraper.Scrape(string.Empty, PageUrl, null, ScrapeFixtures.FetchedAt);

        Assert.Empty(result.Entries);
        Assert.Equal("scrape: empty page", result.Error);
    }

    [Fact]
    public void Hostile_DeepNestingAfterTheListing_KeepsTheListing()
    {
        var html = Listing + new StringBuilder().Insert(0, "<div>", 200_000);

        var result = ListingScraper.Scrape(html, PageUrl, null, ScrapeFixtures.FetchedAt);

        Assert.Equal(3, result.Entries.Count);
    }

    [Fact]
    public void Hostile_DeepNestingWithoutAListing_ExplainsTheCut()
    {
        var html = new StringBuilder().Insert(0, "<div>", 200_000).ToString();

        var result = ListingScraper.Scrape(html, PageUrl, null, ScrapeFixtures.FetchedAt);

        Assert.Contains("deeper than 512 levels", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Hostile_SvgWithThousandsOfSelfClosedPaths_KeepsTheListing()
    {
        var html = "<svg viewBox=\"0 0 10 10\">" + Repeat("<path d=\"M0 0h1\"/>", 5_000) + "</svg>" + Listing;

        Assert.Equal(3, ListingScraper.Scrape(html, PageUrl, null, ScrapeFixtures.FetchedAt).Entries.Count);
    }

    [Fact]
    public void Hostile_NestingGuard_LeavesOrdinaryPagesAlone()
    {
        var page = ScrapeFixtures.Page("popular-resistance-coups.html");

        Assert.Same(page, NestingGuard.Clamp(page, out var truncated));
        Assert.False(truncated);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void Hostile_TwentyThousandItems_AreAllRead_TheFirstFiveThousandKept_TheRestCounted()
    {
        var html = new StringBuilder("<main><ul class=\"list\">");
        for (var i = 0; i < 20_000; i++)
        {
            html.Append(System.Globalization.CultureInfo.InvariantCulture,
                $"<li class=\"item\"><h3><a href=\"/story-{i}\">Story {i} of a long list</a></h3><p>Teaser {i}</p></li>");
        }

        html.Append("</ul></main>");
        // Within the parse limit (a longer page is cut there, with a warning: ListingScraperTests).
        Assert.True(html.Length < ListingScraper.MaxChars, $"{html.Length} characters");
        var result = ListingScraper.Scrape(html.ToString(), PageUrl, null, ScrapeFixtures.FetchedAt);

        // Every item read, none lost unseen: a poll keeps the first FeedLimits.MaxEntries, so only those are held
        // and the rest are counted. Its speed is a figure, not an assertion (tests never time the machine):
        // ListingScrapeBenchmarks prints it; walking siblings with NextElementSibling took minutes.
        Assert.Equal(FeedLimits.MaxEntries, result.Entries.Count);
        Assert.Equal(20_000 - FeedLimits.MaxEntries, result.OverLimit);
        Assert.Equal("https://popularresistance.org/story-4999", result.Entries[^1].Link!.AbsoluteUri);
        Assert.StartsWith("detected 20000 items", result.Structure, StringComparison.Ordinal);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Hostile_TenThousandLevelsAroundTheListing_EndInTheListingOrTheCut()
    {
        var html = Repeat("<div>", 10_000) + Listing;

        var result = ListingScraper.Scrape(html, PageUrl, null, ScrapeFixtures.FetchedAt);

        Assert.True(result.Entries.Count == 3 || result.Error?.Contains("deeper than", StringComparison.Ordinal) == true, result.Error);
        AssertOneLine(result.Error);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void Hostile_FiftyThousandLinks_EndInABoundedListOrAReason()
    {
        var html = new StringBuilder("<main><div class=\"links\">");
        for (var i = 0; i < 50_000; i++)
        {
            html.Append(System.Globalization.CultureInfo.InvariantCulture, $"<a href=\"/s/{i}\">Story {i} of the list</a>");
        }

        var result = ListingScraper.Scrape(html.Append("</div></main>").ToString(), PageUrl, null, ScrapeFixtures.FetchedAt);

        Assert.True(result.Entries.Count > 0 || result.Error is not null, "no entries and no reason");
        Assert.True(result.Entries.Count <= FeedLimits.MaxEntries, $"{result.Entries.Count} entries");
        Assert.Equal(result.Entries.Count, result.Entries.Select(e => e.Link).Distinct().Count());
        AssertOneLine(result.Error);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void Hostile_TwentyMegabytesOnOneLine_KeepTheListingBeforeTheCut_AndCountTheRest()
    {
        var html = Listing.ReplaceLineEndings(string.Empty) + Repeat("<span>word</span>", 20 * 1024 * 1024 / 17);

        var result = ListingScraper.Scrape(html, PageUrl, null, ScrapeFixtures.FetchedAt);

        Assert.Equal(3, result.Entries.Count);
        Assert.True(result.CharsUnread > 0, "the cut was not counted");
        Assert.NotEmpty(result.Warnings);
    }

    [Fact]
    public void Hostile_EveryLinkTheSame_IsOneArticleAtMost()
    {
        var html = new StringBuilder("<main><div class=\"posts\">");
        for (var i = 0; i < 300; i++)
        {
            html.Append(System.Globalization.CultureInfo.InvariantCulture,
                $"<article class=\"post\"><h2><a href=\"/the-one-story/\">A different title, number {i}, for one story</a></h2><p>Teaser text {i} of a page that links one story over and over.</p></article>");
        }

        var result = ListingScraper.Scrape(html.Append("</div></main>").ToString(), PageUrl, null, ScrapeFixtures.FetchedAt);

        Assert.True(result.Entries.Count > 0 || result.Error is not null, "no entries and no reason");
        Assert.True(result.Entries.Count <= 1, $"{result.Entries.Count} entries for one link");
        AssertOneLine(result.Error);
    }

    [Fact]
    public void Hostile_NoLinks_SaysSoInOneLine()
    {
        var html = "<main>" + Repeat("<section><h2>A heading without a link</h2><p>A paragraph of text that leads nowhere at all.</p></section>", 500) + "</main>";

        var result = ListingScraper.Scrape(html, PageUrl, null, ScrapeFixtures.FetchedAt);

        Assert.Empty(result.Entries);
        Assert.NotNull(result.Error);
        AssertOneLine(result.Error);
    }

    private static void AssertOneLine(string? error) =>
        Assert.True(error is null || (error.Length < 300 && !error.Contains('\n', StringComparison.Ordinal)), error);

    private static string Build(string name, double scale = 1)
    {
        int N(int count) => (int)(count * scale);
        return name switch
        {
            "empty" => string.Empty,
            "whitespace" => " \r\n\t ",
            "nested-divs" => Repeat("<div>", N(200_000)),
            "self-closed-divs" => Repeat("<div/>", N(200_000)),
            "nesting-in-noscript" => "<noscript>" + Repeat("<div>", N(200_000)),
            "svg-with-many-paths" => "<svg viewBox=\"0 0 10 10\">" + Repeat("<path d=\"M0 0h1\"/>", N(5_000)) + "</svg>" + Listing,
            "nested-spans" => Repeat("<span class=\"x\">", N(100_000)) + Listing,
            "nested-formatting" => Repeat("<b><i><font>", N(50_000)) + Listing,
            "nested-anchors" => Repeat("<a href=\"/x-y-z\">", N(100_000)),
            "nested-tables" => Repeat("<table><tr><td>", N(50_000)) + Listing,
            "binary" => Binary(),
            "unclosed-comment" => Listing + "<!--" + Repeat("<div>", N(1000)),
            "unclosed-quote" => "<div class=\"" + Repeat("x", N(100_000)) + Listing,
            "huge-attribute" => "<div data-x=\"" + Repeat("&amp;", N(200_000)) + "\">" + Listing + "</div>",
            "deep-json-ld" => "<script type=\"application/ld+json\">" + Repeat("[", N(100_000)) + "</script>" + Listing,
            "not-html" => "{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": []}",
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
    }

    private static string Repeat(string text, int count) => new StringBuilder(text.Length * count).Insert(0, text, count).ToString();

    private static string Binary()
    {
        var random = new Random(20240626);
        var bytes = new byte[200_000];
        random.NextBytes(bytes);
        return Encoding.Latin1.GetString(bytes) + Encoding.UTF8.GetString(bytes);
    }
}
