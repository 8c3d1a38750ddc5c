using Aggregator.Hosting;
using Aggregator.Tests.Fixtures;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Hosting;

/// <summary>
/// Issue 23: Kestrel's connection buffers come from the ordinary heap, so a burst of readers cannot grow the pinned
/// heap into a full collection; what they serve is the same bytes.
/// </summary>
public sealed class HeapBlockMemoryPoolTests
{
    [Fact]
    public void ReturnedBlock_IsRentedAgain_WithoutANewAllocation()
    {
        using var pool = new HeapBlockMemoryPool();
        var first = pool.Rent(100);
        var memory = first.Memory;
        first.Dispose();

        using var second = pool.Rent();

        Assert.Equal(HeapBlockMemoryPool.BlockSize, second.Memory.Length);
        Assert.True(second.Memory.Span == memory.Span, "the returned block was not the one rented again");
        Assert.Equal(1, pool.BlocksAllocated);
    }

    [Fact]
    public void BlocksPastTheBound_AreLeftToTheCollector()
    {
        using var pool = new HeapBlockMemoryPool();
        var rented = Enumerable.Range(0, HeapBlockMemoryPool.MaxRetainedBlocks + 10).Select(_ => pool.Rent()).ToList();

        rented.ForEach(b => b.Dispose());

        Assert.Equal(HeapBlockMemoryPool.MaxRetainedBlocks, pool.BlocksRetained);
    }

    [Fact]
    public void LargerThanTheLargeBlock_IsRefused()
    {
        // Kestrel's pipes read MaxBufferSize and never ask for more; anything that did would get a short buffer.
        using var pool = new HeapBlockMemoryPool();

        Assert.Equal(HeapBlockMemoryPool.LargeBlockSize, pool.MaxBufferSize);
        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Rent(HeapBlockMemoryPool.LargeBlockSize + 1));
    }

    [Theory]
    [InlineData(-1, HeapBlockMemoryPool.BlockSize)]
    [InlineData(HeapBlockMemoryPool.BlockSize, HeapBlockMemoryPool.BlockSize)]
    [InlineData(HeapBlockMemoryPool.BlockSize + 1, HeapBlockMemoryPool.LargeBlockSize)]
    [InlineData(HeapBlockMemoryPool.LargeBlockSize, HeapBlockMemoryPool.LargeBlockSize)]
    public void TheSizeAskedFor_ChoosesTheBlock(int asked, int expected)
    {
        using var pool = new HeapBlockMemoryPool();
        using var block = pool.Rent(asked);

        Assert.Equal(expected, block.Memory.Length);
    }

    [Fact]
    public void ReturnedLargeBlock_IsRentedAgain_AndNotForASmallRent()
    {
        using var pool = new HeapBlockMemoryPool();
        var large = pool.Rent(HeapBlockMemoryPool.LargeBlockSize);
        var memory = large.Memory;
        large.Dispose();

        using var small = pool.Rent();
        using var again = pool.Rent(HeapBlockMemoryPool.BlockSize + 1);

        Assert.Equal(HeapBlockMemoryPool.BlockSize, small.Memory.Length);
        Assert.True(again.Memory.Span == memory.Span, "the returned large block was not the one rented again");
        Assert.Equal(1, pool.LargeBlocksAllocated);
        Assert.Equal(2, pool.BlocksAllocated);
    }

    [Fact]
    public void LargeBlocksPastTheirBound_AreLeftToTheCollector()
    {
        using var pool = new HeapBlockMemoryPool();
        var rented = Enumerable.Range(0, HeapBlockMemoryPool.MaxRetainedLargeBlocks + 10).Select(_ => pool.Rent(HeapBlockMemoryPool.LargeBlockSize)).ToList();

        rented.ForEach(b => b.Dispose());

        Assert.Equal(HeapBlockMemoryPool.MaxRetainedLargeBlocks, pool.LargeBlocksRetained);
        Assert.Equal(0, pool.BlocksRetained);
    }

    [Fact]
    public async Task KestrelServingABurst_UsesThePool_AndServesTheSameBytes()
    {
        // Larger than a block many times over, and not a repeating pattern, so a block mixed up shows in the bytes.
        var body = new byte[100_000];
        new Random(23).NextBytes(body);
        await using var server = await LoopbackApp.StartAsync(
            services => services.AddHeapConnectionBuffers(),
            app => app.MapGet("/feed", (HttpContext context) => context.Response.Body.WriteAsync(body).AsTask()));
        var factory = Assert.IsType<HeapBlockMemoryPoolFactory>(server.App.Services.GetRequiredService<IMemoryPoolFactory<byte>>());
        using var http = new HttpClient { BaseAddress = server.Address };

        // 64 at once, as the load harness's readers.
        var burst = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => http.GetByteArrayAsync(new Uri("/feed", UriKind.Relative))));
        var afterBurst = factory.BlocksAllocated;
        foreach (var _ in Enumerable.Range(0, 20))
        {
            Assert.Equal(body, await http.GetByteArrayAsync(new Uri("/feed", UriKind.Relative)));
        }

        Assert.All(burst, served => Assert.Equal(body, served));
        Assert.True(afterBurst >= body.Length / HeapBlockMemoryPool.BlockSize, $"Kestrel took {afterBurst} blocks from the pool for a {body.Length}-byte response");
        // One reader at a time needs no more blocks than the burst left behind: steady serving allocates no buffers.
        Assert.Equal(afterBurst, factory.BlocksAllocated);
    }
}
