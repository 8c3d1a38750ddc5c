using Aggregator.Fetch;
using Aggregator.Model;
using Aggregator.Pipeline;

namespace Aggregator.Tests.Pipeline;

/// <summary>The poll-hold setting: what it keeps, what it reads back (session 23's form included), and when it is news.</summary>
public sealed class PollHoldTests
{
    private static readonly DateTimeOffset HeldAt = new(2026, 12, 7, 12, 0, 5, TimeSpan.Zero);
    private static readonly DateTimeOffset Until = HeldAt.AddMinutes(5);

    [Theory]
    [InlineData(FetchResult.HeldByUrl)]
    [InlineData(FetchResult.HeldByHost)]
    [InlineData(FetchResult.HeldByRateGroup)]
    [InlineData(FetchResult.HeldByRobots)]
    public void EveryReason_RoundTripsWithItsLineAndShowsInStatus(string heldBy)
    {
        var hold = new PollHold(HeldAt, Until, heldBy, "fetch: a host of rate group svc asked us to wait until 2026-12-07T12:05:05Z");

        var read = PollHold.Parse(hold.ToSetting());

        Assert.Equal(hold, read);
        Assert.Equal($"waiting: a host of rate group svc asked us to wait until 2026-12-07T12:05:05Z [reason: {heldBy}]", read!.Line);
    }

    [Fact]
    public void ASettingOfSession23_IsReadWithNoReason()
    {
        var read = PollHold.Parse("2026-12-07T12:00:05.0000000Z 2026-12-07T12:05:05.0000000Z fetch: host asked us to wait until 2026-12-07T12:05:05Z");

        Assert.Equal(new PollHold(HeldAt, Until, null, "fetch: host asked us to wait until 2026-12-07T12:05:05Z"), read);
        Assert.Equal("waiting: host asked us to wait until 2026-12-07T12:05:05Z", read!.Line);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("2026-12-07T12:00:05Z")]
    [InlineData("yesterday 2026-12-07T12:05:05Z fetch: wait")]
    [InlineData("2026-12-07T12:00:05Z soon fetch: wait")]
    public void AnUnreadableSetting_IsNoHold(string? setting) => Assert.Null(PollHold.Parse(setting));

    [Fact]
    public void AReasonWithALineBreak_IsKeptOnOneLine()
    {
        var read = PollHold.Parse(new PollHold(HeldAt, Until, FetchResult.HeldByHost, "fetch: two\nlines").ToSetting());

        Assert.Equal("fetch: two lines", read?.Reason);
    }

    [Fact]
    public void AHold_IsNewsOnlyUntilTheOutletsNextAttempt()
    {
        var hold = new PollHold(HeldAt, Until, FetchResult.HeldByHost, "fetch: wait");

        Assert.True(hold.IsCurrent(null));
        Assert.True(hold.IsCurrent(new OutletHealth { OutletId = "o", LastAttempt = HeldAt.AddHours(-1) }));
        Assert.False(hold.IsCurrent(new OutletHealth { OutletId = "o", LastAttempt = Until }));
    }
}
