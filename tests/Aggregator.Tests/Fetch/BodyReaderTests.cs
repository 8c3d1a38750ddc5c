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

        Assert.Equal(data, body);
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
