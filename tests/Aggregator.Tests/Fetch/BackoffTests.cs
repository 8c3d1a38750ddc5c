using Aggregator.Fetch;
using Xunit;

namespace Aggregator.Tests.Fetch;

public sealed class BackoffTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(30);
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 6, 0, 0, TimeSpan.Zero);

    [Fact]
    public void NextDelay_NoFailures_IsTheInterval()
    {
        Assert.Equal(Interval, Backoff.NextDelay(0, Interval, Backoff.DefaultCap, new Random(1)));
    }

    [Fact]
    public void NextDelay_AfterFailures_StaysBetweenIntervalAndExponentialCeiling()
    {
        var random = new Random(42);
        for (var failures = 1; failures <= 12; failures++)
        {
            var ceiling = TimeSpan.FromTicks(Math.Min(Backoff.DefaultCap.Ticks, Interval.Ticks << failures));
            for (var i = 0; i < 200; i++)
            {
                Assert.InRange(Backoff.NextDelay(failures, Interval, Backoff.DefaultCap, random), Interval, ceiling);
            }
        }
    }

    [Fact]
    public void NextDelay_ManyFailures_NeverPassesTheCap()
    {
        var random = new Random(7);
        foreach (var failures in new[] { 10, 40, 63, 64, 1000, int.MaxValue })
        {
            Assert.InRange(Backoff.NextDelay(failures, Interval, Backoff.DefaultCap, random), Interval, Backoff.DefaultCap);
        }
    }

    [Fact]
    public void NextDelay_SameFailureCount_IsJittered()
    {
        var random = new Random(3);
        var delays = Enumerable.Range(0, 50).Select(_ => Backoff.NextDelay(4, Interval, Backoff.DefaultCap, random)).ToHashSet();

        Assert.True(delays.Count > 40, $"only {delays.Count} distinct delays");
    }

    [Fact]
    public void NextDelay_GrowsOnAverage()
    {
        var random = new Random(5);
        double Mean(int failures) => Enumerable.Range(0, 500).Average(_ => Backoff.NextDelay(failures, Interval, Backoff.DefaultCap, random).TotalMinutes);

        Assert.True(Mean(1) < Mean(3));
        Assert.True(Mean(3) < Mean(5));
    }

    [Fact]
    public void NextDelay_IntervalLongerThanTheCap_KeepsTheInterval()
    {
        var weekly = TimeSpan.FromDays(7);

        Assert.Equal(weekly, Backoff.NextDelay(5, weekly, Backoff.DefaultCap, new Random(1)));
    }

    [Fact]
    public void ParseRetryAfter_Seconds_AddsToNow()
    {
        Assert.Equal(Now.AddSeconds(120), Backoff.ParseRetryAfter("120", Now));
        Assert.Equal(Now, Backoff.ParseRetryAfter(" 0 ", Now));
    }

    [Fact]
    public void ParseRetryAfter_HttpDate_IsThatMoment()
    {
        Assert.Equal(new DateTimeOffset(2015, 10, 21, 7, 28, 0, TimeSpan.Zero), Backoff.ParseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", Now));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("-5")]
    [InlineData("1.5")]
    public void ParseRetryAfter_Unreadable_IsNull(string? value)
    {
        Assert.Null(Backoff.ParseRetryAfter(value, Now));
    }
}
