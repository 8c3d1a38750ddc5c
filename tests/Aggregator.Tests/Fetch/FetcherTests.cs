using System.Net;
using System.Net.Sockets;
using System.Text;
using Aggregator.Fetch;
using Aggregator.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Aggregator.Tests.Fetch;

public sealed class FetcherTests(FetchTestServer server) : IClassFixture<FetchTestServer>
{
    private const long Limit = 10 * 1024 * 1024;

    [Fact]
    public async Task Fetch_Feed_ReturnsBodyValidatorsAndContentType()
    {
        var result = await FetchAsync(new FetchRequest(server.Url("/feed/plain")));

        Assert.Equal(FetchResultKind.Ok, result.Kind);
        Assert.Equal(200, result.StatusCode);
        Assert.Equal(server.Feed, result.Body);
        Assert.Equal(server.Feed.Length, result.Bytes);
        Assert.Equal(FetchTestServer.FeedContentType, result.ContentType);
        Assert.Equal(FetchTestServer.FeedETag, result.ETag);
        Assert.Equal(FetchTestServer.FeedLastModified, result.LastModified);
        Assert.Equal(server.Url("/feed/plain"), result.FinalUrl);
        Assert.Null(result.Error);
    }

    [Fact]
    public async Task Fetch_SecondPollWithValidators_SendsThemAndYieldsNotModified()
    {
        using var services = Services();
        var fetcher = services.GetRequiredService<Fetcher>();
        var url = server.Url("/feed/conditional");

        var first = await fetcher.FetchAsync(new FetchRequest(url), CancellationToken.None);
        var second = await fetcher.FetchAsync(new FetchRequest(url, first.ETag, first.LastModified), CancellationToken.None);

        Assert.Equal(FetchResultKind.Ok, first.Kind);
        Assert.Equal(FetchResultKind.NotModified, second.Kind);
        Assert.Equal(304, second.StatusCode);
        Assert.Null(second.Body);
        Assert.Equal(FetchTestServer.FeedETag, second.ETag);
        Assert.Equal(FetchTestServer.FeedLastModified, second.LastModified);
        var sent = server.Conditions("conditional");
        Assert.Equal(2, sent.Count);
        Assert.Equal((null, null), sent[0]);
        Assert.Equal((FetchTestServer.FeedETag, FetchTestServer.FeedLastModified), sent[1]);
    }

    [Fact]
    public async Task Fetch_NotModifiedWithoutValidators_KeepsTheOldOnes()
    {
        var result = await FetchAsync(new FetchRequest(server.Url("/feed/bare-304"), LastModified: FetchTestServer.FeedLastModified));

        Assert.Equal(FetchResultKind.NotModified, result.Kind);
        Assert.Equal(FetchTestServer.FeedLastModified, result.LastModified);
        Assert.Null(result.ETag);
        Assert.Equal((null, FetchTestServer.FeedLastModified), Assert.Single(server.Conditions("bare-304")));
    }

    [Fact]
    public async Task Fetch_ByDefault_SendsDescriptiveUserAgentAndFeedFirstAccept()
    {
        var headers = await EchoedHeadersAsync(new FetchRequest(server.Url("/echo")));

        Assert.Contains($"User-Agent: {FetchOptions.DefaultUserAgent}", headers);
        Assert.Contains($"Accept: {FetchOptions.DefaultAccept}", headers);
        Assert.Contains("https://github.com/aggregator/aggregator", FetchOptions.DefaultUserAgent, StringComparison.Ordinal);
        Assert.Contains(headers, line => line.StartsWith("Accept-Encoding:", StringComparison.Ordinal)
            && line.Contains("gzip", StringComparison.Ordinal) && line.Contains("br", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Fetch_OutletHeadersAndUserAgent_OverrideTheDefaults()
    {
        var outletHeaders = new Dictionary<string, string> { ["Accept"] = "application/rss+xml", ["X-Api-Key"] = "k1" };

        var headers = await EchoedHeadersAsync(new FetchRequest(server.Url("/echo"), Headers: outletHeaders, UserAgent: "CustomReader/2.0"));

        Assert.Contains("User-Agent: CustomReader/2.0", headers);
        Assert.Contains("Accept: application/rss+xml", headers);
        Assert.Contains("X-Api-Key: k1", headers);
        Assert.DoesNotContain(headers, line => line.Contains(FetchOptions.DefaultUserAgent, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("br")]
    [InlineData("deflate")]
    public async Task Fetch_CompressedBody_IsDecompressed(string encoding)
    {
        var result = await FetchAsync(new FetchRequest(server.Url($"/encoded/{encoding}")));

        Assert.Equal(FetchResultKind.Ok, result.Kind);
        Assert.Equal(server.Feed, result.Body);
        Assert.Equal(FetchTestServer.FeedContentType, result.ContentType);
    }

    [Fact]
    public async Task Fetch_BodyAnnouncedLargerThanTheLimit_FailsWithoutReadingIt()
    {
        var result = await FetchAsync(new FetchRequest(server.Url("/big")));

        Assert.Equal(FetchResultKind.Failed, result.Kind);
        Assert.Equal(200, result.StatusCode);
        Assert.Equal("fetch: body larger than 10485760 bytes", result.Error);
        Assert.Null(result.Body);
        Assert.Equal(0, result.Bytes);
    }

    [Theory]
    [InlineData("/big-unannounced")]
    [InlineData("/endless")]
    [InlineData("/bomb")]
    public async Task Fetch_BodyGrowingPastTheLimit_IsCutAtTheLimit(string path)
    {
        var result = await FetchAsync(new FetchRequest(server.Url(path)));

        Assert.Equal(FetchResultKind.Failed, result.Kind);
        Assert.Equal("fetch: body larger than 10485760 bytes", result.Error);
        Assert.Null(result.Body);
        Assert.Equal(Limit + 1, result.Bytes);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Fetch_GzipBomb_IsSmallOnTheWire()
    {
        // The bomb test above only means something if the compressed form is well under the limit.
        Assert.True(server.Bomb.Length < 1024 * 1024, $"bomb is {server.Bomb.Length} bytes compressed");
        var small = await FetchAsync(new FetchRequest(server.Url("/bomb")), new FetchOptions { MaxBodyBytes = 64L * 1024 * 1024 });
        Assert.Equal(FetchResultKind.Ok, small.Kind);
        Assert.Equal(64L * 1024 * 1024, small.Bytes);
    }

    [Fact]
    public async Task Fetch_SlowDripBody_TimesOutAtTheTotalTimeout()
    {
        // On the fetcher's own clock, moved by the test: the timeout is one second of it however slow the machine is.
        var clock = new FakeTimeProvider();
        using var services = new ServiceCollection().AddSingleton<TimeProvider>(clock)
            .AddFetching(new FetchOptions { Timeout = TimeSpan.FromSeconds(1) }).BuildServiceProvider();
        var before = server.DripBytes;
        var fetching = services.GetRequiredService<Fetcher>().FetchAsync(new FetchRequest(server.Url("/drip")), CancellationToken.None);

        // Bytes keep coming, so only a total deadline (not one between reads) can end this fetch.
        await WaitFor.UntilAsync("the drip's first bytes sent", () => Task.FromResult(server.DripBytes > before));
        clock.Advance(TimeSpan.FromSeconds(1));
        var result = await fetching.WaitAsync(WaitFor.Hang);

        Assert.Equal(FetchResultKind.Failed, result.Kind);
        Assert.Equal("fetch: timed out after 1s", result.Error);
        Assert.Equal(1000, result.ElapsedMilliseconds);
    }

    [Fact]
    public async Task Fetch_RedirectLoop_FailsWithTooManyRedirects()
    {
        var result = await FetchAsync(new FetchRequest(server.Url("/loop")));

        Assert.Equal(FetchResultKind.Failed, result.Kind);
        Assert.Equal(302, result.StatusCode);
        Assert.Equal("fetch: too many redirects", result.Error);
    }

    [Fact]
    public async Task Fetch_SixChainedRedirects_FailsWithTooManyRedirects()
    {
        var result = await FetchAsync(new FetchRequest(server.Url("/chain/6")));

        Assert.Equal(FetchResultKind.Failed, result.Kind);
        Assert.Equal("fetch: too many redirects", result.Error);
        Assert.False(result.Permanent);
    }

    [Fact]
    public async Task Fetch_ThreeChainedRedirects_AreFollowedAndFinalUrlReported()
    {
        var result = await FetchAsync(new FetchRequest(server.Url("/chain/3")));

        Assert.Equal(FetchResultKind.Ok, result.Kind);
        Assert.Equal(server.Url("/chain/0"), result.FinalUrl);
        Assert.Equal(server.Feed, result.Body);
    }

    [Theory]
    [InlineData(404, "fetch: resource not found (404 status code)", true)]
    [InlineData(410, "fetch: resource gone (410 status code)", true)]
    [InlineData(403, "fetch: access forbidden (403 status code)", false)]
    [InlineData(500, "fetch: server error (500 status code)", false)]
    public async Task Fetch_ErrorStatus_FailsWithStatusLineAndPermanence(int status, string error, bool permanent)
    {
        var result = await FetchAsync(new FetchRequest(server.Url($"/status/{status}")));

        Assert.Equal(FetchResultKind.Failed, result.Kind);
        Assert.Equal(status, result.StatusCode);
        Assert.Equal(error, result.Error);
        Assert.Equal(permanent, result.Permanent);
        Assert.Null(result.RetryAfter);
    }

    [Fact]
    public async Task Fetch_TooManyRequests_CarriesRetryAfterAndLaterRequestsFailFastWithoutSending()
    {
        using var services = Services();
        var fetcher = services.GetRequiredService<Fetcher>();
        var before = DateTimeOffset.UtcNow;

        var first = await fetcher.FetchAsync(new FetchRequest(server.Url("/ratelimited/a")), CancellationToken.None);
        var second = await fetcher.FetchAsync(new FetchRequest(server.Url("/ratelimited/a")), CancellationToken.None);
        var otherPath = await fetcher.FetchAsync(new FetchRequest(server.Url("/ratelimited/b")), CancellationToken.None);

        Assert.Equal(429, first.StatusCode);
        Assert.NotNull(first.RetryAfter);
        Assert.InRange(first.RetryAfter.Value, before.AddSeconds(119), DateTimeOffset.UtcNow.AddSeconds(121));
        Assert.StartsWith("fetch: too many requests (429 status code), retry after ", first.Error, StringComparison.Ordinal);
        Assert.Equal(FetchResultKind.Failed, second.Kind);
        Assert.Null(second.StatusCode);
        Assert.StartsWith("fetch: host asked us to wait until ", second.Error, StringComparison.Ordinal);
        Assert.Equal(first.RetryAfter, second.RetryAfter);
        Assert.StartsWith("fetch: host asked us to wait until ", otherPath.Error, StringComparison.Ordinal);
        Assert.Equal(1, server.Hits("a"));
        Assert.Equal(0, server.Hits("b"));
    }

    [Fact]
    public async Task Fetch_TooManyRequests_HoldsItsOwnUrlForTheRetryAfter_ItsHostsOtherUrlsOnlyForTheHostBound()
    {
        // On the fetcher's own clock, moved by the test: the bounds are checked exactly, however slow the machine is.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var services = new ServiceCollection().AddSingleton<TimeProvider>(clock)
            .AddFetching(new FetchOptions { MaxHostRetryAfter = TimeSpan.FromSeconds(30) }).BuildServiceProvider();
        var fetcher = services.GetRequiredService<Fetcher>();
        var start = clock.GetUtcNow();

        var limited = await fetcher.FetchAsync(new FetchRequest(server.Url("/ratelimited/own")), CancellationToken.None);
        var again = await fetcher.FetchAsync(new FetchRequest(server.Url("/ratelimited/own")), CancellationToken.None);
        var neighbour = await fetcher.FetchAsync(new FetchRequest(server.Url("/ratelimited/neighbour")), CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(31));
        var neighbourAfterTheBound = await fetcher.FetchAsync(new FetchRequest(server.Url("/feed/plain")), CancellationToken.None);
        var ownAfterTheBound = await fetcher.FetchAsync(new FetchRequest(server.Url("/ratelimited/own")), CancellationToken.None);

        // The test server asks for 120 s: the URL told waits that long, the rest of its host 30 s.
        Assert.Equal(429, limited.StatusCode);
        Assert.Equal(start.AddSeconds(120), limited.RetryAfter);
        Assert.Equal(start.AddSeconds(120), again.RetryAfter);
        Assert.StartsWith("fetch: host asked us to wait until ", again.Error, StringComparison.Ordinal);
        Assert.Equal(start.AddSeconds(30), neighbour.RetryAfter);
        Assert.EndsWith(FormattableString.Invariant($"(a Retry-After another URL of {server.Url("/").Host}:{server.Url("/").Port} received, held host-wide for at most 30s)"), neighbour.Error, StringComparison.Ordinal);
        Assert.Equal((null, FetchResult.HeldByUrl, FetchResult.HeldByHost), (limited.HeldBy, again.HeldBy, neighbour.HeldBy));
        Assert.Equal(FetchResultKind.Ok, neighbourAfterTheBound.Kind);
        Assert.Equal(start.AddSeconds(120), ownAfterTheBound.RetryAfter);
        Assert.Equal(1, server.Hits("own"));
        Assert.Equal(0, server.Hits("neighbour"));
    }

    [Fact]
    public async Task Fetch_ServiceUnavailableWithHttpDate_CarriesThatMoment()
    {
        using var services = Services();
        var fetcher = services.GetRequiredService<Fetcher>();

        var first = await fetcher.FetchAsync(new FetchRequest(server.Url("/unavailable/u")), CancellationToken.None);
        var second = await fetcher.FetchAsync(new FetchRequest(server.Url("/unavailable/u")), CancellationToken.None);

        Assert.Equal(503, first.StatusCode);
        Assert.NotNull(first.RetryAfter);
        Assert.InRange(first.RetryAfter.Value, DateTimeOffset.UtcNow.AddMinutes(9), DateTimeOffset.UtcNow.AddMinutes(11));
        Assert.StartsWith("fetch: host asked us to wait until ", second.Error, StringComparison.Ordinal);
        Assert.Equal(1, server.Hits("u"));
    }

    [Fact]
    public async Task Fetch_SixConcurrentToOneHost_NeverMoreThanTwoInFlight()
    {
        using var services = Services(new FetchOptions { PerHostConcurrency = 2 });
        var fetcher = services.GetRequiredService<Fetcher>();

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            fetcher.FetchAsync(new FetchRequest(server.Url("/slow/per-host")), CancellationToken.None)));

        Assert.All(results, r => Assert.Equal(FetchResultKind.Ok, r.Kind));
        Assert.Equal(2, server.MaxInFlight("per-host"));
    }

    [Fact]
    public async Task Fetch_GlobalLimitOfOne_SerializesEveryRequest()
    {
        using var services = Services(new FetchOptions { PerHostConcurrency = 4, GlobalConcurrency = 1 });
        var fetcher = services.GetRequiredService<Fetcher>();

        var results = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ =>
            fetcher.FetchAsync(new FetchRequest(server.Url("/slow/global")), CancellationToken.None)));

        Assert.All(results, r => Assert.Equal(FetchResultKind.Ok, r.Kind));
        Assert.Equal(1, server.MaxInFlight("global"));
    }

    [Fact]
    public async Task Fetch_ClosedPort_FailsWithConnectionRefused()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var result = await FetchAsync(new FetchRequest(new Uri($"http://127.0.0.1:{port}/feed")));

        Assert.Equal(FetchResultKind.Failed, result.Kind);
        Assert.Null(result.StatusCode);
        Assert.Equal($"fetch: connection refused (127.0.0.1:{port})", result.Error);
    }

    [Fact]
    public async Task Fetch_CallerCancels_Throws()
    {
        using var services = Services();
        var fetcher = services.GetRequiredService<Fetcher>();
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        // Shutdown is not an outlet failure: it must not be recorded as one.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            fetcher.FetchAsync(new FetchRequest(server.Url("/drip")), cts.Token));
    }

    private static ServiceProvider Services(FetchOptions? options = null) =>
        new ServiceCollection().AddFetching(options).BuildServiceProvider();

    private static async Task<FetchResult> FetchAsync(FetchRequest request, FetchOptions? options = null)
    {
        using var services = Services(options);
        return await services.GetRequiredService<Fetcher>().FetchAsync(request, CancellationToken.None);
    }

    private static async Task<string[]> EchoedHeadersAsync(FetchRequest request)
    {
        var result = await FetchAsync(request);
        Assert.Equal(FetchResultKind.Ok, result.Kind);
        return Encoding.UTF8.GetString(result.Body!).Split('\n');
    }
}
