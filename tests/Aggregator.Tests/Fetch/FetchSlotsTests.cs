using Aggregator.Fetch;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Fetch;

/// <summary>
/// What the overall limits hold: waiting on a server holds a request slot only (of which there
/// are many), reading a body holds a download slot (of which there are few).
/// </summary>
public sealed class FetchSlotsTests(FetchTestServer server) : IClassFixture<FetchTestServer>
{
    [Fact]
    public async Task Fetch_MoreSilentServersThanDownloadSlots_DoNotHoldUpAnAnsweringOne()
    {
        // One port stands for many hosts here, so the per-host limit is lifted; the timeout is long
        // enough that only the silent servers' own answer (none) could end their fetches.
        var options = new FetchOptions { DownloadConcurrency = 2, PerHostConcurrency = 8, Timeout = TimeSpan.FromMinutes(1) };
        using var services = new ServiceCollection().AddFetching(options).BuildServiceProvider();
        var fetcher = services.GetRequiredService<Fetcher>();
        using var hangUp = new CancellationTokenSource();
        var silent = Enumerable.Range(0, 4)
            .Select(_ => fetcher.FetchAsync(new FetchRequest(server.Url("/silent/held")), hangUp.Token))
            .ToArray();
        await server.WaitForHitsAsync("held", 4);

        var answering = fetcher.FetchAsync(new FetchRequest(server.Url("/feed/past-the-silent")), CancellationToken.None);
        var first = await Task.WhenAny(answering, Task.WhenAll(silent));

        Assert.Equal(4, server.Hits("held"));
        Assert.Same(answering, first);
        Assert.Equal(FetchResultKind.Ok, (await answering).Kind);
        Assert.All(silent, fetch => Assert.False(fetch.IsCompleted));
        await hangUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Task.WhenAll(silent));
    }

    [Fact]
    public async Task Fetch_DownloadLimitOfOne_ReadsOneBodyAtATime()
    {
        var counter = new BodyReadCounter();
        var services = new ServiceCollection().AddFetching(new FetchOptions { DownloadConcurrency = 1, PerHostConcurrency = 4 });
        services.AddHttpClient(FetchServiceCollectionExtensions.ClientName).AddHttpMessageHandler(() => counter);
        using var provider = services.BuildServiceProvider();
        var fetcher = provider.GetRequiredService<Fetcher>();

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            fetcher.FetchAsync(new FetchRequest(server.Url("/trickle/downloads")), CancellationToken.None)));

        Assert.All(results, r => Assert.Equal(server.Feed, r.Body));
        // Four fetches of a body that takes a while, and never two of those bodies read at once.
        Assert.Equal(4, server.Hits("downloads"));
        Assert.Equal(1, counter.MaxReadingAtOnce);
    }
}
