using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Aggregator.Tests.Publish.Pages;

/// <summary>What readers and operators get from /, /topics/{id}, /search, /feeds/search.* and /outlets over real HTTP.</summary>
public sealed partial class PageEndpointsTests
{
    private static readonly XNamespace AtomNs = "http://www.w3.org/2005/Atom";

    private static async Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> GetAsync(PagesServer server, string path)
    {
        var response = await server.Http.GetAsync(new Uri(path, UriKind.Relative));
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    [Fact]
    public async Task TopicPage_ShowsEachStoryOnceWithItsCopies_SubscribeButtonsAndAutodiscovery_WithoutScript()
    {
        await using var server = await PagesServer.StartAsync();

        var (status, html, response) = await GetAsync(server, "/topics/venezuela");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Single(Regex.Matches(html, "Guaidó declares himself president"));
        Assert.Contains("href=\"https://popularresistance.example/guaido\"", html, StringComparison.Ordinal);
        Assert.Contains("Also published by: <a href=\"https://kawsachun.example/guaido\">Kawsachun News</a>", html, StringComparison.Ordinal);
        Assert.Contains("<em>press</em>", html, StringComparison.Ordinal);
        foreach (var ext in new[] { "atom", "rss", "json" })
        {
            Assert.Contains($"<link rel=\"alternate\" type=\"application/", html, StringComparison.Ordinal);
            Assert.Contains($"class=\"button\" href=\"{server.Address}feeds/venezuela.{ext}\"", html, StringComparison.Ordinal);
        }
        Assert.Contains("<time datetime=\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TopicPage_Paging_FollowsTheFeedsCursorsToEveryArticleOnce()
    {
        await using var server = await PagesServer.StartAsync(extraVenezuelaArticles: 4);

        var titles = new List<string>();
        var path = "/topics/venezuela?limit=2";
        for (var i = 0; i < 10 && path is not null; i++)
        {
            var (status, html, _) = await GetAsync(server, path);
            Assert.Equal(HttpStatusCode.OK, status);
            titles.AddRange(ArticleTitle().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)));
            var older = OlderLink().Match(html);
            path = older.Success ? new Uri(WebUtility.HtmlDecode(older.Groups[1].Value)).PathAndQuery : null;
        }

        Assert.Equal(6, titles.Count);
        Assert.Equal(titles.Distinct().Count(), titles.Count);
    }

    [Fact]
    public async Task Index_LinksEachTopicPageWithItsNewestHeadlines()
    {
        await using var server = await PagesServer.StartAsync();

        var (_, html, _) = await GetAsync(server, "/");

        Assert.Contains($"href=\"{server.Address}topics/venezuela\"", html, StringComparison.Ordinal);
        Assert.Contains("Guaido and the sanctions on Venezuela</a>", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"{server.Address}outlets\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SearchFeed_FindsAccentedAndUnaccented_WithValidatorsA304AndPagingThatKeepsTheQuery()
    {
        await using var server = await PagesServer.StartAsync();

        var (status, body, response) = await GetAsync(server, "/feeds/search.atom?q=guaido&limit=1");
        Assert.Equal(HttpStatusCode.OK, status);
        var feed = XDocument.Parse(body).Root!;
        Assert.Equal("Guaido and the sanctions on Venezuela", feed.Element(AtomNs + "entry")!.Element(AtomNs + "title")!.Value);
        var next = feed.Elements(AtomNs + "link").Single(l => (string?)l.Attribute("rel") == "next").Attribute("href")!.Value;
        Assert.Contains("q=guaido", next, StringComparison.Ordinal);
        var (_, older, _) = await GetAsync(server, new Uri(next).PathAndQuery);
        Assert.Equal("Guaidó declares himself president of Venezuela",
            XDocument.Parse(older).Root!.Element(AtomNs + "entry")!.Element(AtomNs + "title")!.Value);

        using var again = new HttpRequestMessage(HttpMethod.Get, new Uri("/feeds/search.atom?q=guaido&limit=1", UriKind.Relative));
        again.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(response.Headers.ETag!.ToString()));
        using var notModified = await server.Http.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);

        var (_, accented, _) = await GetAsync(server, "/feeds/search.json?q=" + Uri.EscapeDataString("GUAIDÓ"));
        Assert.Equal(2, Regex.Count(accented, "\"title\": ?\"Guaid"));
    }

    [Fact]
    public async Task TopicFeedAndPage_TakeQ_ToNarrow()
    {
        await using var server = await PagesServer.StartAsync();

        var (_, rss, _) = await GetAsync(server, "/feeds/venezuela.rss?q=sanctions");
        var items = XDocument.Parse(rss).Root!.Element("channel")!.Elements("item").Select(i => i.Element("title")!.Value).ToList();
        Assert.Equal(["Guaido and the sanctions on Venezuela"], items);

        var (_, html, _) = await GetAsync(server, "/topics/venezuela?q=-sanctions+president");
        Assert.Equal(["Guaidó declares himself president of Venezuela"], ArticleTitle().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)));
        Assert.Contains("feeds/venezuela.atom?q=", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/feeds/search.atom?q=%22unclosed", "unclosed quote")]
    [InlineData("/feeds/search.rss", "q: missing")]
    [InlineData("/feeds/venezuela.json?q=-only", "only excluded terms")]
    [InlineData("/feeds/search.atom?q=ab*", "at least 3 letters")]
    [InlineData("/feeds/search.atom?q=a+b+c+d+e+f+g+h+i", "more than 8 terms")]
    [InlineData("/topics/venezuela?q=gu*ido", "only allowed at the end")]
    [InlineData("/feeds/search.atom?q=%21%21%21", "holds no letter or digit")]
    public async Task MalformedQuery_Is400WithOneLineNamingTheFault(string path, string reason)
    {
        await using var server = await PagesServer.StartAsync();

        var (status, body, _) = await GetAsync(server, path);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("q: ", body, StringComparison.Ordinal);
        Assert.Contains(reason, body, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', body.TrimEnd());
    }

    [Fact]
    public async Task SearchPage_MalformedQuery_Is400WithTheReasonAndTheForm()
    {
        await using var server = await PagesServer.StartAsync();

        var (status, html, _) = await GetAsync(server, "/search?q=%22open");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("role=\"alert\">q: unclosed quote", html, StringComparison.Ordinal);
        Assert.Contains("<input id=\"q\" name=\"q\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OutletsPage_DrawsEachOutlet_WorstFirst_InOneSvgEach()
    {
        await using var server = await PagesServer.StartAsync();

        var (status, html, _) = await GetAsync(server, "/outlets");

        Assert.Equal(HttpStatusCode.OK, status);
        var order = OutletHeading().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["mr", "quiet"], order.Take(2));
        Assert.Equal(3, Regex.Count(html, "<svg class=\"chart\""));
        Assert.Contains("fetch: connection refused (monthlyreview.example:443)", html, StringComparison.Ordinal);
        // pr: a poll with new articles and an unchanged one in the last 48 hours.
        Assert.Contains(": new</title>", html, StringComparison.Ordinal);
        Assert.Contains(": unchanged</title>", html, StringComparison.Ordinal);
        Assert.Contains(": failed</title>", html, StringComparison.Ordinal);
        Assert.Contains("every 30 min", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
    }

    [GeneratedRegex("<article><h2><a href=\"[^\"]*\">([^<]*)</a>")]
    internal static partial Regex ArticleTitle();

    [GeneratedRegex("<a rel=\"next\" href=\"([^\"]*)\">Older</a>")]
    private static partial Regex OlderLink();

    [GeneratedRegex("</a> <span class=\"muted\">([^<]*)</span></h2>")]
    private static partial Regex OutletHeading();
}
