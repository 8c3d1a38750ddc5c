using Aggregator.Fetch;
using Aggregator.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Aggregator.Tests.Fetch;

/// <summary>
/// One publisher behind two hosts: 127.0.0.1 and localhost name the same test server but are
/// different hosts to the fetcher, so only the rate group ties them together.
/// </summary>
public sealed class RateGroupTests : IAsyncLifetime
{
    private TinySite site = null!;

    public async Task InitializeAsync() =>
        site = await TinySite.StartAsync(async context =>
        {
            if (context.Request.Path == "/limited")
            {
                context.Response.StatusCode = 429;
                context.Response.Headers.RetryAfter = "120";
                return;
            }

            if (context.Request.Path.StartsWithSegments("/slow", StringComparison.Ordinal))
            {
                await Task.Delay(300);
            }

            await TinySite.Text(context, "<rss/>");
        });

    public async Task DisposeAsync() => await site.DisposeAsync();

    [Fact]
    public async Task Fetch_TooManyRequestsFromOneHost_BlocksTheWholeGroupWithoutSending()
    {
        using var services = Services(new FetchOptions { RateGroupSpacing = TimeSpan.FromMilliseconds(200) });
        var fetcher = services.GetRequiredService<Fetcher>();

        var limited = await fetcher.FetchAsync(new FetchRequest(site.Url("/limited"), RateGroup: "publisher"), CancellationToken.None);
        var sibling = await fetcher.FetchAsync(new FetchRequest(site.Url("/feed", "localhost"), RateGroup: "publisher"), CancellationToken.None);
        var outsider = await fetcher.FetchAsync(new FetchRequest(site.Url("/feed", "localhost")), CancellationToken.None);

        Assert.Equal(429, limited.StatusCode);
        Assert.NotNull(limited.RetryAfter);
        Assert.Equal(FetchResultKind.Failed, sibling.Kind);
        Assert.Null(sibling.StatusCode);
        Assert.Equal(limited.RetryAfter, sibling.RetryAfter);
        Assert.StartsWith("fetch: a host of rate group publisher asked us to wait until ", sibling.Error, StringComparison.Ordinal);
        // The sibling was held, not sent (so not its outlet's failure); the 429 itself was sent and answered.
        Assert.Equal(FetchResult.HeldByRateGroup, sibling.HeldBy);
        Assert.True(FetchResult.IsHold(sibling.StatusCode, sibling.RetryAfter));
        Assert.Null(limited.HeldBy);
        Assert.False(FetchResult.IsHold(limited.StatusCode, limited.RetryAfter));
        Assert.Equal(FetchResultKind.Ok, outsider.Kind);
        Assert.Single(site.Arrivals, a => a.Path == "/feed");
    }

    [Fact]
    public async Task Fetch_GroupSpacing_KeepsStartsApartAcrossHosts()
    {
        // The fetcher's clock moves only when the test moves it: each spacing step must let exactly one more request
        // reach the server, whatever the machine's load (the spacing's arithmetic is StartSpacerTests').
        var clock = new FakeTimeProvider();
        using var services = Services(new FetchOptions { RateGroupSpacing = TimeSpan.FromMilliseconds(200) }, clock);
        var fetcher = services.GetRequiredService<Fetcher>();

        var fetches = Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            fetcher.FetchAsync(new FetchRequest(site.Url($"/spaced/{i}", i % 2 == 0 ? "127.0.0.1" : "localhost"), RateGroup: "g"), CancellationToken.None)));
        for (var arrived = 1; arrived <= 6; arrived++)
        {
            await WaitFor.UntilAsync($"request {arrived} of the group at the server", () => Task.FromResult(Spaced() >= arrived));
            Assert.Equal(arrived, Spaced());
            if (arrived < 6)
            {
                clock.Advance(TimeSpan.FromMilliseconds(200));
            }
        }

        var results = await fetches.WaitAsync(WaitFor.Hang);
        Assert.All(results, r => Assert.Equal(FetchResultKind.Ok, r.Kind));
        Assert.Equal(2, site.Arrivals.Where(a => a.Path.StartsWith("/spaced/", StringComparison.Ordinal)).Select(a => a.Host).Distinct().Count());

        int Spaced() => site.Arrivals.Count(a => a.Path.StartsWith("/spaced/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Fetch_WithoutAGroup_IsNotSpaced()
    {
        // A clock that never moves: any spacing would hold the fetches until the hang guard.
        var clock = new FakeTimeProvider();
        using var services = Services(new FetchOptions { RateGroupSpacing = TimeSpan.FromSeconds(1), PerHostConcurrency = 4 }, clock);
        var fetcher = services.GetRequiredService<Fetcher>();
        var start = clock.GetUtcNow();

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(i =>
            fetcher.FetchAsync(new FetchRequest(site.Url($"/free/{i}")), CancellationToken.None))).WaitAsync(WaitFor.Hang);

        Assert.All(results, r => Assert.Equal(FetchResultKind.Ok, r.Kind));
        Assert.Equal(4, site.Arrivals.Count(a => a.Path.StartsWith("/free/", StringComparison.Ordinal)));
        Assert.Equal(start, clock.GetUtcNow());
    }

    [Fact]
    public async Task Fetch_GroupConcurrency_CapsRequestsInFlightAcrossHosts()
    {
        using var services = Services(new FetchOptions { RateGroupConcurrency = 2, RateGroupSpacing = TimeSpan.Zero, PerHostConcurrency = 4 });
        var fetcher = services.GetRequiredService<Fetcher>();

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            fetcher.FetchAsync(new FetchRequest(site.Url($"/slow/{i}", i % 2 == 0 ? "127.0.0.1" : "localhost"), RateGroup: "g"), CancellationToken.None)));

        Assert.All(results, r => Assert.Equal(FetchResultKind.Ok, r.Kind));
        Assert.Equal(2, site.MaxInFlight);
    }

    private static ServiceProvider Services(FetchOptions options, TimeProvider? clock = null) =>
        new ServiceCollection().AddSingleton(clock ?? TimeProvider.System).AddFetching(options).BuildServiceProvider();
}
