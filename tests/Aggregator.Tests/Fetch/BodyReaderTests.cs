using Aggregator.Fetch;
using Xunit;

namespace Aggregator.Tests.Fetch;

public sealed class BodyReaderTests
{
    [Theory]
    [InlineData(0, null)]
    [InlineData(1000, null)]
    [InlineData(1000, 1000L)]
    [InlineData(1000, 10L)]
    [InlineData(1000, 5000L)]
    [InlineData(200_000, null)]
    public async Task ReadAsync_BodyWithinTheLimit_IsReadWhateverContentLengthSays(int size, long? contentLength)
    {
        var data = Enumerable.Range(0, size).Select(i => (byte)i).ToArray();

        var (body, read) = await BodyReader.ReadAsync(new MemoryStream(data), 200_000, contentLength, CancellationToken.None);

        Assert.Equal(data, body!.Bytes);
        Assert.Equal(size, read);
    }

    [Fact]
    public async Task ReadAsync_Bodies_AreTheirOwnArrays_NotThePooledBuffersTheyWereReadInto()
    {
        // Read one after another, as the pool hands the same buffer back: each body keeps its own bytes, at its exact length.
        var first = Enumerable.Range(0, 70_000).Select(i => (byte)i).ToArray();
        var second = Enumerable.Repeat((byte)0xEE, 70_000).ToArray();

        var (a, _) = await BodyReader.ReadAsync(new MemoryStream(first), 200_000, first.Length, CancellationToken.None);
        var (b, _) = await BodyReader.ReadAsync(new MemoryStream(second), 200_000, null, CancellationToken.None);

        Assert.Equal(first, a!.Bytes);
        Assert.Equal(second, b!.Bytes);
        Assert.Equal((first.Length, second.Length), (a.Bytes!.Length, b.Bytes!.Length));
    }

    [Theory]
    [InlineData(300_000, 300_000L)]
    [InlineData(300_000, null)]
    [InlineData(300_000, 1000L)]
    public async Task ReadAsync_BodyLargerThanThePoolKeeps_IsReadWhole(int size, long? contentLength)
    {
        var data = Enumerable.Range(0, size).Select(i => (byte)(i * 7)).ToArray();

        var (body, read) = await BodyReader.ReadAsync(new MemoryStream(data), 1_000_000, contentLength, CancellationToken.None);

        Assert.Equal(data, body!.Bytes);
        Assert.Equal(size, read);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(100L)]
    public async Task ReadAsync_OneByteOverTheLimit_IsRefused(long? contentLength)
    {
        var (body, read) = await BodyReader.ReadAsync(new MemoryStream(new byte[100_001]), 100_000, contentLength, CancellationToken.None);

        Assert.Null(body);
        Assert.Equal(100_001, read);
    }
}
