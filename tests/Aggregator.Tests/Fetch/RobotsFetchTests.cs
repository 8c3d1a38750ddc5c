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
        var starts = await SpacedStartsAsync("Crawl-delay: 0.3", new FetchOptions(), requests: 4, TimeSpan.FromMilliseconds(300));

        // Each page asked for only once the clock had moved on by a whole delay since the one before: never two at once.
        Assert.Equal([0, 300, 600, 900], starts);
    }

    [Fact]
    public async Task Fetch_HostileCrawlDelay_IsCappedAtTheMaximum()
    {
        var starts = await SpacedStartsAsync("Crawl-delay: 86400", new FetchOptions { MaxCrawlDelay = TimeSpan.FromMilliseconds(200) },
            requests: 3, TimeSpan.FromMilliseconds(200));

        // Two gaps of the 200 ms cap, not of a day.
        Assert.Equal([0, 200, 400], starts);
    }

    /// <summary>
    /// Fetches <paramref name="requests"/> pages of one site at once, on a fake clock that moves only by
    /// <paramref name="step"/> and only once the page before has reached the server; returns when (ms on that clock)
    /// each page reached it. Spacing is read on the clock the fetcher waits on, so a busy machine delays the test but
    /// cannot squeeze or stretch a gap: with no spacing every page would arrive before the clock first moves.
    /// </summary>
    private static async Task<List<double>> SpacedStartsAsync(string crawlDelay, FetchOptions options, int requests, TimeSpan step)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var start = clock.GetUtcNow();
        var arrivals = new System.Collections.Concurrent.ConcurrentQueue<DateTimeOffset>();
        await using var site = await TinySite.StartAsync(context =>
        {
            if (context.Request.Path == "/robots.txt")
            {
                return TinySite.Text(context, $"User-agent: *\n{crawlDelay}\n");
            }
            arrivals.Enqueue(clock.GetUtcNow());
            return TinySite.Text(context, "<html><body>page</body></html>");
        });
        // The fetch deadline runs on the same clock: far enough that stepping it never ends a request.
        using var services = new ServiceCollection().AddSingleton<TimeProvider>(clock)
            .AddFetching(options with { Timeout = TimeSpan.FromHours(1) }).BuildServiceProvider();
        var fetcher = services.GetRequiredService<Fetcher>();

        var fetches = Task.WhenAll(Enumerable.Range(0, requests).Select(i =>
            fetcher.FetchAsync(new FetchRequest(site.Url($"/news/{i}"), RespectRobots: true), CancellationToken.None)));
        for (var arrived = 1; arrived <= requests; arrived++)
        {
            await ArrivedAsync(arrivals, arrived, fetches);
            if (arrived < requests)
            {
                clock.Advance(step);
            }
        }
        var results = await fetches.WaitAsync(TimeSpan.FromMinutes(2));

        Assert.All(results, r => Assert.Equal(FetchResultKind.Ok, r.Kind));
        Assert.Equal(requests, arrivals.Count);
        return [.. arrivals.Select(a => (a - start).TotalMilliseconds).Order()];
    }

    /// <summary>Waits until <paramref name="count"/> pages have reached the server (a state, not a time; the bound only ends a hang).</summary>
    private static async Task ArrivedAsync(System.Collections.Concurrent.ConcurrentQueue<DateTimeOffset> arrivals, int count, Task fetches)
    {
        using var hang = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (arrivals.Count < count)
        {
            if (fetches.IsFaulted)
            {
                await fetches;
            }
            Assert.False(hang.IsCancellationRequested, $"{arrivals.Count} of the pages reached the server, waiting for {count}; the clock held at each delay");
            await Task.Delay(5, CancellationToken.None);
        }
    }

    [Theory]
    [InlineData(429)]
    [InlineData(503)]
    public async Task Fetch_RobotsAskingToWait_HoldsThePageUntilThen_NotDisallowed_AndAsksForTheFileAgainAfter(int status)
    {
        // A 429 or 503 WITH Retry-After is "not yet", not "unreachable": the page waits with the file (a held page is
        // deferred, not given up as a robots refusal is), and the file is read again once the wait is over.
        var robotsAnswers = 0;
        await using var site = await TinySite.StartAsync(context =>
        {
            if (context.Request.Path == "/robots.txt" && Interlocked.Increment(ref robotsAnswers) == 1)
            {
                context.Response.Headers.RetryAfter = "120";
                return TinySite.Text(context, "", status);
            }
            return context.Request.Path == "/robots.txt" ? TinySite.Text(context, Rules) : TinySite.Text(context, "<html><body>page</body></html>");
        });
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var services = new ServiceCollection().AddSingleton<TimeProvider>(clock).AddFetching(null).BuildServiceProvider();
        var fetcher = services.GetRequiredService<Fetcher>();
        var start = clock.GetUtcNow();

        var held = await fetcher.FetchAsync(new FetchRequest(site.Url("/news/1"), RespectRobots: true), CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(121));
        var after = await fetcher.FetchAsync(new FetchRequest(site.Url("/news/1"), RespectRobots: true), CancellationToken.None);

        Assert.Equal(FetchResultKind.Failed, held.Kind);
        Assert.False(held.DisallowedByRobots);
        Assert.Equal(FetchResult.HeldByRobots, held.HeldBy);
        Assert.True(FetchResult.IsHold(held.StatusCode, held.RetryAfter));
        Assert.Equal(start.AddSeconds(120), held.RetryAfter);
        Assert.StartsWith($"fetch: http://{site.Url("/").Host}:{site.Url("/").Port}/robots.txt asked us to wait until ", held.Error, StringComparison.Ordinal);
        Assert.Equal(FetchResultKind.Ok, after.Kind);
        Assert.Equal(2, robotsAnswers);
        Assert.Single(site.Arrivals, a => a.Path == "/news/1");
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
