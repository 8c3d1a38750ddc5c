using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Time.Testing;

namespace Aggregator.Tests.Publish.Pages;

/// <summary>Pages carry the feeds' validators; a search past defaults.searchTimeout is a counted one-line 503.</summary>
public sealed partial class PageEndpointsTests
{
    [Theory]
    [InlineData("/")]
    [InlineData("/topics/venezuela")]
    [InlineData("/topics/venezuela?q=guaido")]
    [InlineData("/search?q=guaido")]
    [InlineData("/outlets")]
    public async Task Page_HasAnETag_AndIsA304ToAReaderWhoHasIt(string path)
    {
        // A stopped clock: the page's relative times, and so its bytes, are the same on both requests.
        await using var server = await PagesServer.StartAsync(time: new FakeTimeProvider(PagesServer.Now));

        var (status, html, response) = await GetAsync(server, path);
        Assert.Equal(HttpStatusCode.OK, status);
        var etag = Assert.IsType<EntityTagHeaderValue>(response.Headers.ETag);
        Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Contains("<html", html, StringComparison.Ordinal);

        using var again = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        again.Headers.IfNoneMatch.Add(etag);
        using var notModified = await server.Http.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task SearchPastItsBudget_IsA503WithOneLine_CountedInMetrics()
    {
        // Each reading of this clock moves it a second: every search spends the default 2 s budget in its first steps.
        await using var server = await PagesServer.StartAsync(extraVenezuelaArticles: 300,
            time: new FakeTimeProvider(PagesServer.Now) { AutoAdvanceAmount = TimeSpan.FromSeconds(1) });
        // The exporter counts from its first use on, as /metrics does from start-up.
        server.ScrapeMetrics();
        const string Reason = "search: stopped after 2 s (defaults.searchTimeout); narrow it with rarer words, a \"phrase\" or outlet:";

        var (feedStatus, feedBody, _) = await GetAsync(server, "/feeds/search.atom?q=venezuela");
        var (pageStatus, pageBody, _) = await GetAsync(server, "/search?q=venezuela");
        var (topicStatus, topicBody, _) = await GetAsync(server, "/topics/venezuela?q=sanctions");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, feedStatus);
        Assert.Equal(Reason, feedBody);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, pageStatus);
        Assert.Contains("search: stopped after 2 s (defaults.searchTimeout)", pageBody, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, topicStatus);
        Assert.Equal(Reason, topicBody);
        Assert.Contains("aggregator_searches_total{outcome=\"stopped\"} 3", server.ScrapeMetrics().Split('\n'));
    }
}
