using System.Runtime.CompilerServices;
using Aggregator.Fetch;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Aggregator.Tests.Fetch;

/// <summary>
/// A fetched body is let go by its reader, in every copy of the result: the fetch's async frames each return one and are
/// older than the body, so a copy any of them keeps must not keep the bytes (bench/alloc-profile.md, h52d).
/// </summary>
public sealed class HeldBodyTests(FetchTestServer server) : IClassFixture<FetchTestServer>
{
    [Fact]
    public async Task ReleaseBody_EmptiesEveryCopyOfTheResult_AndKeepsItsLength()
    {
        using var services = new ServiceCollection().AddFetching().BuildServiceProvider();
        var result = await services.GetRequiredService<Fetcher>().FetchAsync(new FetchRequest(server.Url("/feed/plain")), CancellationToken.None);
        var copy = result with { ETag = "\"another\"" };
        Assert.Equal(server.Feed, copy.Body);

        result.ReleaseBody();

        Assert.Null(result.Body);
        Assert.Null(copy.Body);
        Assert.Equal(server.Feed.Length, copy.Bytes);
        Assert.Equal(FetchTestServer.FeedETag, result.ETag);
    }

    [Fact]
    public async Task ReleasedBody_IsCollected_WhileTheResultsThatCarriedItLive()
    {
        using var services = new ServiceCollection().AddFetching().BuildServiceProvider();
        var result = await services.GetRequiredService<Fetcher>().FetchAsync(new FetchRequest(server.Url("/feed/plain")), CancellationToken.None);
        var copy = result with { ETag = "\"another\"" };
        var body = WeakBody(result);

        copy.ReleaseBody();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.False(body.IsAlive, "the fetcher or a copy of its result still holds the released body");
        GC.KeepAlive(result);
        GC.KeepAlive(copy);
    }

    [Fact]
    public void OkFromBytes_ReleasesOnlyItsOwnHolder_NotTheCallersArray()
    {
        var bytes = "<rss/>"u8.ToArray();
        var result = FetchResult.Ok(new Uri("https://example.org/feed"), 200, bytes, "application/rss+xml", null, null);

        result.ReleaseBody();

        Assert.Null(result.Body);
        Assert.Equal("<rss/>"u8.ToArray(), bytes);
        Assert.Equal(bytes.Length, result.Bytes);
    }

    // Not a local of the test: a debug build keeps a method's locals alive to its end.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference WeakBody(FetchResult result) => new(result.Body ?? throw new InvalidOperationException("no body"));
}
