using Aggregator.Configuration;
using Xunit;

namespace Aggregator.Tests.Configuration;

public sealed class CronCheckTests
{
    [Theory]
    [InlineData("0 15 * * * ?")]
    [InlineData("0 0/30 * * * ?")]
    [InlineData("0 0 6 ? * MON-FRI")]
    [InlineData("30 0 12 1 * ? 2030")]
    public void Cron_QuartzExpression_IsValid(string expression)
    {
        Assert.True(CronCheck.IsValid(expression, out var error), error);
    }

    [Theory]
    [InlineData("every hour")]
    [InlineData("0 0 25 * * ?")]
    [InlineData("0 61 * * * ?")]
    [InlineData("")]
    public void Cron_Invalid_CarriesAReason(string expression)
    {
        Assert.False(CronCheck.IsValid(expression, out var error));
        Assert.StartsWith("not a valid Quartz cron expression", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Cron_UnixFiveFields_SaysToAddSeconds()
    {
        Assert.False(CronCheck.IsValid("*/15 * * * *", out var error));
        Assert.Contains("seconds", error, StringComparison.Ordinal);
    }
}
