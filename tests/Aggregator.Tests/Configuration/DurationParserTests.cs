using Aggregator.Configuration;
using Xunit;

namespace Aggregator.Tests.Configuration;

public sealed class DurationParserTests
{
    [Theory]
    [InlineData("90s", 90)]
    [InlineData("10s", 10)]
    [InlineData("15m", 15 * 60)]
    [InlineData("2h", 2 * 3600)]
    [InlineData("1d", 86400)]
    [InlineData("1h30m", 5400)]
    [InlineData("1d12h", 86400 + 12 * 3600)]
    [InlineData("1h0m30s", 3630)]
    [InlineData("0h5m", 300)]
    [InlineData("365d", 365 * 86400)]
    public void Duration_Valid_IsParsed(string text, int seconds)
    {
        Assert.True(DurationParser.TryParse(text, out var duration, out var error), error);
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }

    [Theory]
    [InlineData("", "it is empty; write e.g. '90s', '15m', '2h', '1d' or '1h30m'")]
    [InlineData("90", "'90' has no unit (s, m, h or d); write e.g. '90s', '15m', '2h', '1d' or '1h30m'")]
    [InlineData("1h30", "'30' has no unit (s, m, h or d); write e.g. '90s', '15m', '2h', '1d' or '1h30m'")]
    [InlineData("0s", "a duration must be positive")]
    [InlineData("0h0m", "a duration must be positive")]
    [InlineData("-5m", "a duration must be positive")]
    [InlineData("5x", "unknown unit 'x'; use s, m, h or d, e.g. '90s', '15m', '2h', '1d' or '1h30m'")]
    [InlineData("30min", "unknown unit 'min'; use s, m, h or d, e.g. '90s', '15m', '2h', '1d' or '1h30m'")]
    [InlineData("2 h", "unknown unit ' h'; use s, m, h or d, e.g. '90s', '15m', '2h', '1d' or '1h30m'")]
    [InlineData("1.5h", "unknown unit '.'; use s, m, h or d, e.g. '90s', '15m', '2h', '1d' or '1h30m'")]
    [InlineData("30m1h", "write each unit once, largest first, e.g. '90s', '15m', '2h', '1d' or '1h30m'")]
    [InlineData("1h1h", "write each unit once, largest first, e.g. '90s', '15m', '2h', '1d' or '1h30m'")]
    [InlineData("h", "expected a number at 'h'; write e.g. '90s', '15m', '2h', '1d' or '1h30m'")]
    [InlineData("366d", "it is longer than 365 days")]
    [InlineData("99999999999999999999s", "it is longer than 365 days")]
    public void Duration_Invalid_SaysWhy(string text, string expected)
    {
        Assert.False(DurationParser.TryParse(text, out _, out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Duration_ShorterThanTenSeconds_IsRejectedAsInterval()
    {
        Assert.Equal(
            ["feeds.json:1:68: outlets[0].interval: '9s' is too short; the least allowed is 10s"],
            ProblemLines.OfOutlet(""" "id": "a", "url": "https://a.example/", "interval": "9s" """));
    }

    [Fact]
    public void Duration_ShortTimeout_IsAllowed()
    {
        Assert.Empty(ProblemLines.Of("""{ "defaults": { "timeout": "5s" } }"""));
    }
}
