using Aggregator.Model;
using Aggregator.Pipeline;

namespace Aggregator.Tests.Pipeline;

public sealed class AdaptiveIntervalTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Floor = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan Ceiling = TimeSpan.FromHours(24);

    private static IEnumerable<DateTimeOffset> Every(TimeSpan gap, int count) => Enumerable.Range(0, count).Select(i => Now - gap * i - TimeSpan.FromMinutes(1));

    [Fact]
    public void Choose_FollowsThePublishingRate_AtHalfTheMeanGap()
    {
        var choice = AdaptiveInterval.Choose(Every(TimeSpan.FromHours(7), 24), PublishingHints.None, null, Floor, Ceiling, Now);

        Assert.Equal(TimeSpan.FromHours(3.5), choice.Interval);
        Assert.Equal(Now + TimeSpan.FromHours(3.5), choice.NextDue);
        Assert.Equal("every 3.5h (auto: 24 articles in 7 days, one every 7h)", choice.Reason);
    }

    [Fact]
    public void Choose_BusyOutlet_IsHeldAtTheFloor()
    {
        var choice = AdaptiveInterval.Choose(Every(TimeSpan.FromMinutes(5), 500), PublishingHints.None, null, Floor, Ceiling, Now);

        Assert.Equal(Floor, choice.Interval);
        Assert.Contains("held at the floor of 15m", choice.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Choose_QuietOutlet_IsHeldAtTheCeiling()
    {
        var choice = AdaptiveInterval.Choose([Now - TimeSpan.FromDays(30)], PublishingHints.None, null, Floor, Ceiling, Now);

        Assert.Equal(Ceiling, choice.Interval);
        Assert.Contains("no articles in the last 7 days", choice.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Choose_FeedHintsLongerThanTheRate_AreHonoured()
    {
        var hourly = Every(TimeSpan.FromHours(1), 168);

        Assert.Equal(TimeSpan.FromHours(2), AdaptiveInterval.Choose(hourly, new PublishingHints { Ttl = TimeSpan.FromHours(2) }, null, Floor, Ceiling, Now).Interval);
        Assert.Equal(TimeSpan.FromHours(6), AdaptiveInterval.Choose(hourly, new PublishingHints { UpdateEvery = TimeSpan.FromHours(6) }, null, Floor, Ceiling, Now).Interval);
        Assert.Equal(TimeSpan.FromHours(1), AdaptiveInterval.Choose(hourly, PublishingHints.None, TimeSpan.FromHours(1), Floor, Ceiling, Now).Interval);
    }

    [Fact]
    public void Choose_HintsNeverPushBelowTheFloor_NorAboveTheCeiling()
    {
        var choice = AdaptiveInterval.Choose(Every(TimeSpan.FromMinutes(1), 1000), new PublishingHints { Ttl = TimeSpan.FromMinutes(1) }, TimeSpan.FromSeconds(30), Floor, Ceiling, Now);
        Assert.Equal(Floor, choice.Interval);

        var weekly = AdaptiveInterval.Choose(Every(TimeSpan.FromHours(1), 100), new PublishingHints { UpdateEvery = TimeSpan.FromDays(7) }, null, Floor, Ceiling, Now);
        Assert.Equal(Ceiling, weekly.Interval);
    }

    [Fact]
    public void Choose_NextPollFallingInSkipHoursOrDays_MovesPastThem()
    {
        var hints = new PublishingHints { SkipHours = new HashSet<int> { 9, 10, 11 }, SkipDays = new HashSet<DayOfWeek> { DayOfWeek.Tuesday } };

        var choice = AdaptiveInterval.Choose(Every(TimeSpan.FromHours(2), 84), hints, null, Floor, Ceiling, Now);

        // 08:00 + 1h = 09:00 on a Monday, inside skipHours: the next allowed hour is 12:00.
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero), choice.NextDue);
        Assert.Contains("skipHours", choice.Reason, StringComparison.Ordinal);
    }
}
