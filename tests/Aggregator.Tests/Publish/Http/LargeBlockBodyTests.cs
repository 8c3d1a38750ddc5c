using System.Net;
using Aggregator.Hosting;
using Aggregator.Publish;
using Aggregator.Publish.Http;
using Aggregator.Tests.Fixtures;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Publish.Http;

/// <summary>
/// Issue 23: a served feed crosses Kestrel's pipe in the pool's large blocks (asked for by size) instead of 4 KB ones,
/// and arrives byte for byte, whatever its length against the block sizes.
/// </summary>
public sealed class LargeBlockBodyTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(HeapBlockMemoryPool.BlockSize - 1)]
    [InlineData(HeapBlockMemoryPool.BlockSize + 1)]
    [InlineData(LargeBlockBody.ChunkSize)]
    [InlineData(LargeBlockBody.ChunkSize + 1)]
    [InlineData(3 * LargeBlockBody.ChunkSize + 4_321)]
    public async Task Feed_OfAnyLength_IsServedWhole(int length)
    {
        var feed = Feed(length, seed: length);
        await using var server = await StartAsync(feed);
        using var http = new HttpClient { BaseAddress = server.Address };

        using var response = await http.GetAsync(new Uri("/feed", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(length, response.Content.Headers.ContentLength);
        Assert.Equal(feed.Body, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Feed_Head_HasItsLengthAndNoBody()
    {
        var feed = Feed(100_000, seed: 7);
        await using var server = await StartAsync(feed);
        using var http = new HttpClient { BaseAddress = server.Address };

        using var response = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, new Uri("/feed", UriKind.Relative)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(100_000, response.Content.Headers.ContentLength);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task ABurstOfReaders_TakesLargeBlocks_AndSteadyServingAllocatesNone()
    {
        // Larger than a large block several times over and not a repeating pattern, so a block mixed up shows.
        var feed = Feed(100_000, seed: 23);
        await using var server = await StartAsync(feed);
        var factory = Assert.IsType<HeapBlockMemoryPoolFactory>(server.App.Services.GetRequiredService<IMemoryPoolFactory<byte>>());
        using var http = new HttpClient { BaseAddress = server.Address };

        var burst = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => http.GetByteArrayAsync(new Uri("/feed", UriKind.Relative))));
        var (all, large) = (factory.BlocksAllocated, factory.LargeBlocksAllocated);
        foreach (var _ in Enumerable.Range(0, 20))
        {
            Assert.Equal(feed.Body, await http.GetByteArrayAsync(new Uri("/feed", UriKind.Relative)));
        }

        Assert.All(burst, served => Assert.Equal(feed.Body, served));
        Assert.True(large >= feed.Body.Length / LargeBlockBody.ChunkSize, $"the body took {large} large blocks");
        // In 4 KB blocks alone one response would have needed 25: the body did not go through them.
        Assert.True(all - large < 64 * (feed.Body.Length / HeapBlockMemoryPool.BlockSize) / 4, $"{all - large} small blocks for 64 responses");
        Assert.Equal(all, factory.BlocksAllocated);
    }

    private static RenderedFeed Feed(int length, int seed)
    {
        var body = new byte[length];
        new Random(seed).NextBytes(body);
        return new RenderedFeed(body, "application/atom+xml; charset=utf-8", "\"t1\"", new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero));
    }

    private static Task<LoopbackApp> StartAsync(RenderedFeed feed) => LoopbackApp.StartAsync(
        // The worker's connection transport, as FeedServer.
        services => services.AddHeapConnectionBuffers().AddInlineConnectionScheduling(),
        app => app.MapMethods("/feed", ["GET", "HEAD"], context => ConditionalGet.WriteAsync(context, feed).AsTask()));
}
