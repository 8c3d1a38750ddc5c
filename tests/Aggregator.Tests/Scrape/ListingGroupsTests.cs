using Aggregator.Scrape;

namespace Aggregator.Tests.Scrape;

/// <summary>
/// Detection takes every group that holds the outlet's articles (issue 19): archives split by year or month, a
/// "latest" block above older lists, cards beside a strip; year headings are structure; pages with one or two
/// articles are read when the evidence is strong; sidebars of recent posts stay out.
/// </summary>
public sealed class ListingGroupsTests
{
    private static readonly Uri PageUrl = new("https://blog.example.org/archives/");

    private const string Sidebar = """
        <aside class="sidebar"><h3>Recent posts</h3><ul>
        <li><a href="/posts/a-recent-post-that-is-not-in-this-list/">A recent post that is not in this list</a></li>
        <li><a href="/posts/another-recent-post-from-the-sidebar/">Another recent post from the sidebar</a></li>
        <li><a href="/posts/a-third-recent-post-from-the-sidebar/">A third recent post from the sidebar</a></li></ul></aside>
        """;

    private static string Year(int year, params string[] slugs) =>
        $"<section class=\"year\"><h2><a href=\"/{year}/\">{year}</a></h2><ul>"
        + string.Concat(slugs.Select((s, i) => $"<li><time datetime=\"{year}-0{i + 1}-10\">{year}-0{i + 1}-10</time> <a href=\"/posts/{s}/\">{Title(s)}</a></li>"))
        + "</ul></section>";

    private static string Title(string slug) => char.ToUpperInvariant(slug[0]) + slug[1..].Replace('-', ' ');

    [Fact]
    public void YearArchive_TakesThePostsOfEveryYear_AndNoYearHeading()
    {
        var html = "<main>" + Year(2025, "the-newest-post-of-this-year") + Year(2024, "a-post-from-last-year", "another-post-from-last-year")
            + Year(2023, "a-post-from-two-years-ago", "second-post-from-two-years-ago", "third-post-from-two-years-ago", "fourth-post-from-two-years-ago")
            + "</main>" + Sidebar;

        var result = ListingScraper.Scrape(html, PageUrl, null, ScrapeFixtures.FetchedAt);

        Assert.Null(result.Error);
        Assert.Equal(
            ["the-newest-post-of-this-year", "a-post-from-last-year", "another-post-from-last-year", "a-post-from-two-years-ago",
             "second-post-from-two-years-ago", "third-post-from-two-years-ago", "fourth-post-from-two-years-ago"],
            result.Entries.Select(e => e.Link!.Segments[^1].TrimEnd('/')));
        Assert.Contains("3 groups of the same shape merged in page order", result.Structure, StringComparison.Ordinal);
    }

    [Fact]
    public void LatestBlockAboveAnOlderList_KeepsTheNewest_AndSaysWhyBothWereTaken()
    {
        const string html = """
            <main>
            <div class="latest">
              <article class="card"><h2><a href="/posts/the-newest-story-on-the-page/">The newest story on the page</a></h2><p>What happened this week and why it matters to the readers.</p></article>
              <article class="card"><h2><a href="/posts/the-second-newest-story-here/">The second newest story here</a></h2><p>What happened last week and why it matters to the readers.</p></article>
            </div>
            <h2>Older</h2>
            <ul class="older">
              <li><a href="/posts/an-older-story-from-march/">An older story from March</a> <span class="date">March 3, 2025</span></li>
              <li><a href="/posts/an-older-story-from-february/">An older story from February</a> <span class="date">February 3, 2025</span></li>
              <li><a href="/posts/an-older-story-from-january/">An older story from January</a> <span class="date">January 3, 2025</span></li>
              <li><a href="/posts/an-older-story-from-december/">An older story from December</a> <span class="date">December 3, 2024</span></li>
            </ul>
            </main>
            """ + Sidebar;

        var result = ListingScraper.Scrape(html, PageUrl, null, ScrapeFixtures.FetchedAt);

        Assert.Equal(
            ["the-newest-story-on-the-page", "the-second-newest-story-here", "an-older-story-from-march", "an-older-story-from-february",
             "an-older-story-from-january", "an-older-story-from-december"],
            result.Entries.Select(e => e.Link!.Segments[^1].TrimEnd('/')));
        Assert.Contains(" + ", result.Structure, StringComparison.Ordinal);
        Assert.Contains("same link pattern (example.org/posts/*)", result.Structure, StringComparison.Ordinal);
    }

    [Fact]
    public void MergedStructure_IsRememberedOnTheNextPoll()
    {
        var html = "<main>" + Year(2025, "the-newest-post-of-this-year", "second-post-of-this-year") + Year(2024, "a-post-from-last-year", "another-post-from-last-year") + "</main>";
        var first = ListingScraper.Scrape(html, PageUrl, null, ScrapeFixtures.FetchedAt);
        var grown = html.Replace("<main>", "<main>" + Year(2026, "a-post-of-the-new-year"), StringComparison.Ordinal);

        var next = ListingScraper.Scrape(grown, PageUrl, null, ScrapeFixtures.FetchedAt, first.Structure);

        Assert.Equal(4, first.Entries.Count);
        Assert.Equal(5, next.Entries.Count);
        Assert.Equal("a-post-of-the-new-year", next.Entries[0].Link!.Segments[^1].TrimEnd('/'));
        Assert.StartsWith("detected 5 items via ", next.Structure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<article class=\"post\"><h2><a href=\"/posts/the-only-post-in-this-category/\">The only post in this category</a></h2><time datetime=\"2025-03-01\">March 1, 2025</time></article>")]
    [InlineData("<div class=\"teaser\"><h3><a href=\"/posts/the-only-post-in-this-category/\">The only post in this category</a></h3><p class=\"meta\">March 1, 2025</p></div>")]
    [InlineData("<div class=\"media\"><div class=\"title\"><a href=\"/posts/the-only-post/\">The only post in this category</a></div><a href=\"/posts/the-only-post/\" class=\"summary\">A summary of the only post, long enough to be read as a teaser of it.</a></div>")]
    public void OneArticle_WithStrongEvidence_IsRead_AndTheSidebarIsNot(string item)
    {
        var html = $"<main><h1>Category: news</h1>{item}</main>{Sidebar}";

        var result = ListingScraper.Scrape(html, new Uri("https://blog.example.org/category/news/"), null, ScrapeFixtures.FetchedAt);

        Assert.Null(result.Error);
        var entry = Assert.Single(result.Entries);
        Assert.Equal("The only post in this category", entry.Title);
        Assert.Contains("one article with strong evidence", result.Structure, StringComparison.Ordinal);
    }

    [Fact]
    public void TwoArticles_AsArticleElementsWithDates_AreBothRead()
    {
        const string html = """
            <main>
            <article><h2><a href="/posts/first-of-two-posts-here/">First of two posts here</a></h2><time datetime="2025-03-02">2 March 2025</time></article>
            <article><h2><a href="/posts/second-of-two-posts-here/">Second of two posts here</a></h2><time datetime="2025-02-02">2 February 2025</time></article>
            </main>
            """;

        var result = ListingScraper.Scrape(html, PageUrl, null, ScrapeFixtures.FetchedAt);

        Assert.Equal(["First of two posts here", "Second of two posts here"], result.Entries.Select(e => e.Title));
        Assert.Contains("2 articles with strong evidence: <article> with a headline link and a date", result.Structure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<p>Read <a href=\"/about-the-project-and-its-people/\">about the project and its people</a> before you write to us.</p>")]
    [InlineData("<div><h2><a href=\"/posts/a-post-without-a-date/\">A post without a date or a summary</a></h2></div>")]
    [InlineData("<div class=\"years\"><h2><a href=\"/2025/\">2025</a></h2><h2><a href=\"/2024/03/\">March 2024</a></h2></div>")]
    public void WeakEvidence_IsNoListing_AndSaysSo(string content)
    {
        var result = ListingScraper.Scrape($"<main>{content}</main>", PageUrl, null, ScrapeFixtures.FetchedAt);

        Assert.Empty(result.Entries);
        Assert.Equal("scrape: no repeated article structure found", result.Error);
    }

    [Fact]
    public void JsonLdListOfOneArticle_IsRead()
    {
        const string html = """
            <script type="application/ld+json">{"@context":"https://schema.org","@type":"ItemList","itemListElement":[
              {"@type":"ListItem","position":1,"url":"https://blog.example.org/posts/the-only-post-in-the-list/","name":"The only post in the list"}]}</script>
            <main><p>Nothing else here.</p></main>
            """;

        var result = ListingScraper.Scrape(html, PageUrl, null, ScrapeFixtures.FetchedAt);

        Assert.Equal("The only post in the list", Assert.Single(result.Entries).Title);
        Assert.Equal("json-ld ItemList", result.Structure);
    }

    [Fact]
    public void MarkupThatCoversAShortJsonLdList_WinsAndSaysWhy()
    {
        var posts = Enumerable.Range(1, 6).Select(i => $"article-number-{i}-of-the-list").ToList();
        var jsonLd = "<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@type\":\"ItemList\",\"itemListElement\":["
            + string.Join(',', posts.Take(3).Select((p, i) => $"{{\"@type\":\"ListItem\",\"position\":{i + 1},\"url\":\"https://blog.example.org/posts/{p}/\",\"name\":\"{Title(p)}\"}}"))
            + "]}</script>";
        var markup = "<main>" + string.Concat(posts.Select(p => $"<article><h2><a href=\"/posts/{p}/\">{Title(p)}</a></h2><p>A teaser of the article, a sentence or two long.</p></article>")) + "</main>";

        var result = ListingScraper.Scrape(jsonLd + markup, PageUrl, null, ScrapeFixtures.FetchedAt);

        Assert.Equal(6, result.Entries.Count);
        Assert.Contains("more than the 3 of the page's json-ld ItemList", result.Structure, StringComparison.Ordinal);
    }

    [Fact]
    public void JsonLdOfTheNewest_WinsOverMarkupThatListsTheWholeArchive()
    {
        var posts = Enumerable.Range(1, 40).Select(i => $"article-number-{i}-of-the-archive").ToList();
        var jsonLd = "<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@type\":\"Blog\",\"blogPost\":["
            + string.Join(',', posts.Take(10).Select(p => $"{{\"@type\":\"BlogPosting\",\"url\":\"https://blog.example.org/posts/{p}/\",\"headline\":\"{Title(p)}\"}}"))
            + "]}</script>";
        var markup = "<main>" + string.Concat(posts.Select(p => $"<article><h2><a href=\"/posts/{p}/\">{Title(p)}</a></h2><p>A teaser of the article, a sentence or two long.</p></article>")) + "</main>";

        var result = ListingScraper.Scrape(jsonLd + markup, PageUrl, null, ScrapeFixtures.FetchedAt);

        Assert.Equal(posts.Take(10).Select(Title), result.Entries.Select(e => e.Title));
        Assert.Contains("newest 10; the 40 the markup lists reach back into the archive", result.Structure, StringComparison.Ordinal);
    }

    [Fact]
    public void ALineThatPrintsOnlyADate_DatesItsTeaser()
    {
        var posts = Enumerable.Range(1, 4).Select(i => $"article-number-{i}-of-the-list").ToList();
        var markup = "<main>" + string.Concat(posts.Select((p, i) => $"<a href=\"/posts/{p}/\"><div class=\"newsarticle\"><h3>{Title(p)}</h3><p>A teaser of the article, a sentence or two long.</p><p>Jul {i + 1}, 2024</p></div></a>")) + "</main>";

        var result = ListingScraper.Scrape(markup, PageUrl, null, ScrapeFixtures.FetchedAt);

        Assert.Equal(Enumerable.Range(1, 4).Select(d => (DateTimeOffset?)new DateTimeOffset(2024, 7, d, 0, 0, 0, TimeSpan.Zero)), result.Entries.Select(e => e.Published));
    }

    [Fact]
    public void ShortTitles_BesideLongOnesInTheChosenList_AreRead_ButNotItsMoreLink()
    {
        string[] titles = ["How to start a reading group", "Cities", "Why we keep the old maps around", "Good taste", "Notes on public libraries today", "Next", "Heresy", "What the river festival taught us"];
        var items = string.Concat(titles.Select(t => $"<li><a href=\"/essays/{t.ToLowerInvariant().Replace(' ', '-')}/\">{t}</a></li>"));
        var html = $"<main><h1>Essays</h1><ul class=\"essays\">{items}<li><a href=\"/essays/older-ones/\">More essays</a></li></ul></main>";

        var result = ListingScraper.Scrape(html, PageUrl, null, ScrapeFixtures.FetchedAt);

        Assert.Equal(titles, result.Entries.Select(e => e.Title));
        Assert.Contains("4 more of the same shape with short titles", result.Structure, StringComparison.Ordinal);
    }
}
