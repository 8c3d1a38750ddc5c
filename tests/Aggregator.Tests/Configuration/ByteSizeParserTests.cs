using Aggregator.Configuration;
using Xunit;

namespace Aggregator.Tests.Configuration;

public sealed class ByteSizeParserTests
{
    [Theory]
    [InlineData("10MB", 10L * 1024 * 1024)]
    [InlineData("512KB", 512L * 1024)]
    [InlineData("1GB", 1024L * 1024 * 1024)]
    [InlineData("2048", 2048L)]
    [InlineData("2048B", 2048L)]
    [InlineData("10 mb", 10L * 1024 * 1024)]
    [InlineData("4MiB", 4L * 1024 * 1024)]
    public void ByteSize_Valid_IsParsed(string text, long bytes)
    {
        Assert.True(ByteSizeParser.TryParse(text, out var parsed, out var error), error);
        Assert.Equal(bytes, parsed);
    }

    [Theory]
    [InlineData("MB", "expected a size like '10MB', '512KB' or a number of bytes")]
    [InlineData("10TB", "unknown unit 'TB'; use B, KB, MB or GB")]
    [InlineData("0KB", "the size must be positive")]
    [InlineData("99999999999999GB", "the size is too large")]
    public void ByteSize_Invalid_SaysWhy(string text, string expected)
    {
        Assert.False(ByteSizeParser.TryParse(text, out _, out var error));
        Assert.Equal(expected, error);
    }
}
