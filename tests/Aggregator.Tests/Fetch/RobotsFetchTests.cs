using Aggregator.Fetch;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Aggregator.Tests.Fetch;

/// <summary>robots.txt fetched from a real local site, cached, and applied only when the request asks.</summary>
public sealed class RobotsFetchTests
{
    private const string Rules = "User-agent: *\nDisallow: /\n\nUser-agent: Aggregator\nDisallow: /private/\n";

    [Fact]
    public async Task Fetch_PathDisallowedForUs_FailsWithoutRequestingThePage()
    {
        await using var site = await RobotsSite(200, Rules);

        var result = await FetchAsync(new FetchRequest(site.Url("/private/page?id=1"), RespectRobots: true));

        Assert.Equal(FetchResultKind.Failed, result.Kind);
        Assert.True(result.DisallowedByRobots);
        Assert.Equal("fetch: disallowed by robots.txt (/private/page?id=1)", result.Error);
        Assert.Null(result.StatusCode);
        Assert.Equal(0, site.Hits("/private/page?id=1"));
        Assert.Equal(1, site.Hits("/robots.txt"));
    }

    [Fact]
    public async Task Fetch_AllowedPaths_ReadRobotsOnceForManyRequests()
    {
        await using var site = await RobotsSite(200, Rules);
        using var services = Services();
        var fetcher = services.GetRequiredService<Fetcher>();

        var results = await Task.WhenAll(Enumerable.Range(0, 5).Select(i =>
            fetcher.FetchAsync(new FetchRequest(site.Url($"/news/{i}"), RespectRobots: true), CancellationToken.None)));
        var later = await fetcher.FetchAsync(new FetchRequest(site.Url("/news/later"), RespectRobots: true), CancellationToken.None);

        Assert.All(results, r => Assert.Equal(FetchResultKind.Ok, r.Kind));
        Assert.Equal(FetchResultKind.Ok, later.Kind);
        Assert.False(later.DisallowedByRobots);
        Assert.Equal(1, site.Hits("/robots.txt"));
    }

    [Fact]
    public async Task Fetch_DeclaredFeedNotRespectingRobots_IgnoresThemAndNeverAsks()
    {
        await using var site = await RobotsSite(200, "User-agent: *\nDisallow: /\n");

        var result = await FetchAsync(new FetchRequest(site.Url("/feed.xml")));

        Assert.Equal(FetchResultKind.Ok, result.Kind);
        Assert.Equal(0, site.Hits("/robots.txt"));
    }

    [Theory]
    [InlineData(404)]
    [InlineData(403)]
    [InlineData(410)]
    public async Task Fetch_RobotsMissing_AllowsEverything(int status)
    {
        await using var site = await RobotsSite(status, "User-agent: *\nDisallow: /\n");

        var result = await FetchAsync(new FetchRequest(site.Url("/private/page"), RespectRobots: true));

        Assert.Equal(FetchResultKind.Ok, result.Kind);
        Assert.Equal(1, site.Hits("/private/page"));
    }

    [Theory]
    [InlineData(500, "server error (500 status code)")]
    [InlineData(503, "service unavailable (503 status code)")]
    public async Task Fetch_RobotsUnreachable_DisallowsEverythingForAWhile(int status, string cause)
    {
        await using var site = await RobotsSite(status, "");
        using var services = Services();
        var fetcher = services.GetRequiredService<Fetcher>();

        var first = await fetcher.FetchAsync(new FetchRequest(site.Url("/news/1"), RespectRobots: true), CancellationToken.None);
        var second = await fetcher.FetchAsync(new FetchRequest(site.Url("/news/2"), RespectRobots: true), CancellationToken.None);

        Assert.True(first.DisallowedByRobots);
        Assert.Equal($"fetch: robots.txt unreachable ({cause}), so disallowed (/news/1)", first.Error);
        Assert.True(second.DisallowedByRobots);
        Assert.Equal(0, site.Hits("/news/1"));
        Assert.Equal(1, site.Hits("/robots.txt"));
    }

    [Fact]
    public async Task Fetch_RobotsOnAPrivateAddressOfAnUntrustedOrigin_IsRefusedNotFetched()
    {
        await using var site = await RobotsSite(200, "User-agent: *\nAllow: /\n");

        var result = await FetchAsync(new FetchRequest(site.Url("/news/1"), TrustedOrigin: new Uri("https://example.org/"), RespectRobots: true));

        Assert.True(result.DisallowedByRobots);
        Assert.Equal(
            "fetch: robots.txt unreachable (refused to connect to a private address (127.0.0.1) for host 127.0.0.1), so disallowed (/news/1)",
            result.Error);
        Assert.Empty(site.Arrivals);
    }

    [Fact]
    public async Task Fetch_RobotsExpired_IsFetchedAgain()
    {
        await using var site = await RobotsSite(200, Rules);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var services = new ServiceCollection().AddSingleton<TimeProvider>(clock)
            .AddFetching(new FetchOptions { RobotsCacheDuration = TimeSpan.FromHours(1) }).BuildServiceProvider();
        var fetcher = services.GetRequiredService<Fetcher>();

        await fetcher.FetchAsync(new FetchRequest(site.Url("/news/1"), RespectRobots: true), CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(59));
        await fetcher.FetchAsync(new FetchRequest(site.Url("/news/2"), RespectRobots: true), CancellationToken.None);
        var withinTheHour = site.Hits("/robots.txt");
        clock.Advance(TimeSpan.FromMinutes(1));
        await fetcher.FetchAsync(new FetchRequest(site.Url("/news/3"), RespectRobots: true), CancellationToken.None);

        Assert.Equal(1, withinTheHour);
        Assert.Equal(2, site.Hits("/robots.txt"));
    }

    [Fact]
    public async Task Fetch_CrawlDelay_SpacesRequestsToThatOrigin()
    {
        await using var site = await RobotsSite(200, "User-agent: *\nCrawl-delay: 0.3\n");
        using var services = Services();
        var fetcher = services.GetRequiredService<Fetcher>();

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(i =>
            fetcher.FetchAsync(new FetchRequest(site.Url($"/news/{i}"), RespectRobots: true), CancellationToken.None)));

        Assert.All(results, r => Assert.Equal(FetchResultKind.Ok, r.Kind));
        Assert.Equal(3, site.Gaps("/news/").Count);
        // Server-side arrival times, with slack for a request held up in a busy test server; unspaced they land within a few ms.
        Assert.InRange(site.Span("/news/"), TimeSpan.FromMilliseconds(3 * 300 * 0.75), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Fetch_HostileCrawlDelay_IsCappedAtTheMaximum()
    {
        await using var site = await RobotsSite(200, "User-agent: *\nCrawl-delay: 86400\n");
        using var services = Services(new FetchOptions { MaxCrawlDelay = TimeSpan.FromMilliseconds(200) });
        var fetcher = services.GetRequiredService<Fetcher>();

        var results = await Task.WhenAll(Enumerable.Range(0, 3).Select(i =>
            fetcher.FetchAsync(new FetchRequest(site.Url($"/news/{i}"), RespectRobots: true), CancellationToken.None)));

        Assert.All(results, r => Assert.Equal(FetchResultKind.Ok, r.Kind));
        // Two gaps of the 200 ms cap, not of a day.
        Assert.InRange(site.Span("/news/"), TimeSpan.FromMilliseconds(2 * 200 * 0.75), TimeSpan.FromSeconds(5));
    }

    private static Task<TinySite> RobotsSite(int robotsStatus, string robots) =>
        TinySite.StartAsync(context => context.Request.Path == "/robots.txt"
            ? TinySite.Text(context, robots, robotsStatus)
            : TinySite.Text(context, "<html><body>page</body></html>"));

    private static ServiceProvider Services(FetchOptions? options = null) =>
        new ServiceCollection().AddFetching(options).BuildServiceProvider();

    private static async Task<FetchResult> FetchAsync(FetchRequest request, FetchOptions? options = null)
    {
        using var services = Services(options);
        return await services.GetRequiredService<Fetcher>().FetchAsync(request, CancellationToken.None);
    }
}
