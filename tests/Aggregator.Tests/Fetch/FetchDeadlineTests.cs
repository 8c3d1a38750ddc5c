using Aggregator.Fetch;
using Microsoft.Extensions.Time.Testing;

namespace Aggregator.Tests.Fetch;

/// <summary>The fetch timeout judges the server only: time queued for a download slot of ours is not counted.</summary>
public sealed class FetchDeadlineTests
{
    private static readonly TimeSpan Allowance = TimeSpan.FromSeconds(10);

    [Fact]
    public void Deadline_NeverPaused_ExpiresWhenTheAllowanceRunsOut()
    {
        var clock = new FakeTimeProvider();
        using var deadline = new FetchDeadline(Allowance, clock);

        clock.Advance(TimeSpan.FromSeconds(9.9));
        var before = deadline.HasExpired;
        clock.Advance(TimeSpan.FromSeconds(0.1));

        Assert.False(before);
        Assert.True(deadline.HasExpired);
        Assert.True(deadline.Token.IsCancellationRequested);
    }

    [Fact]
    public void Deadline_PausedLongPastTheAllowance_ResumesWithWhatWasLeft()
    {
        var clock = new FakeTimeProvider();
        using var deadline = new FetchDeadline(Allowance, clock);

        clock.Advance(TimeSpan.FromSeconds(4));
        deadline.Pause();
        clock.Advance(TimeSpan.FromMinutes(5));
        var afterQueueing = deadline.HasExpired;
        deadline.Resume();
        clock.Advance(TimeSpan.FromSeconds(5.9));
        var justBeforeTheRest = deadline.HasExpired;
        clock.Advance(TimeSpan.FromSeconds(0.1));

        Assert.False(afterQueueing);
        Assert.False(justBeforeTheRest);
        Assert.True(deadline.HasExpired);
    }

    [Fact]
    public void Deadline_ExpiredBeforeThePause_StaysExpired()
    {
        var clock = new FakeTimeProvider();
        using var deadline = new FetchDeadline(Allowance, clock);

        clock.Advance(Allowance);
        deadline.Pause();
        deadline.Resume();

        Assert.True(deadline.HasExpired);
    }
}
