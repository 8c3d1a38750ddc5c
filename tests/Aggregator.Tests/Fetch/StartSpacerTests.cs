using Aggregator.Fetch;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Aggregator.Tests.Fetch;

/// <summary>
/// The spacing itself, measured where it is granted, on virtual time: the clock moves only when the
/// test moves it, so the figures are exact and nothing sleeps (the server-side tests add the network).
/// </summary>
public sealed class StartSpacerTests
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(10);

    [Fact]
    public async Task WaitTurn_ConcurrentWaiters_StartAtLeastTheSpacingApart()
    {
        var clock = new FakeTimeProvider();
        var spacer = new StartSpacer(clock);
        var spacing = TimeSpan.FromMilliseconds(100);

        var starts = await RunAsync(clock, Task.WhenAll(Enumerable.Range(0, 5).Select(_ =>
            spacer.WaitTurnAsync([("group g", spacing)], CancellationToken.None))));

        var ordered = starts.Order().ToArray();
        for (var i = 1; i < ordered.Length; i++)
        {
            Assert.True(ordered[i] - ordered[i - 1] >= spacing, $"{(ordered[i] - ordered[i - 1]).TotalMilliseconds} ms");
        }
    }

    [Fact]
    public async Task WaitTurn_TwoKeys_WaitsForTheLongerAndRecordsBoth()
    {
        var clock = new FakeTimeProvider();
        var spacer = new StartSpacer(clock);
        var first = await spacer.WaitTurnAsync([("group g", TimeSpan.FromMilliseconds(50)), ("origin o", TimeSpan.FromMilliseconds(300))], CancellationToken.None);

        var sameGroup = await RunAsync(clock, spacer.WaitTurnAsync([("group g", TimeSpan.FromMilliseconds(50))], CancellationToken.None));
        var sameOrigin = await RunAsync(clock, spacer.WaitTurnAsync([("origin o", TimeSpan.FromMilliseconds(300))], CancellationToken.None));
        var both = await RunAsync(clock, spacer.WaitTurnAsync([("group g", TimeSpan.FromMilliseconds(50)), ("origin o", TimeSpan.FromMilliseconds(300))], CancellationToken.None));

        Assert.True(sameGroup - first >= TimeSpan.FromMilliseconds(50));
        Assert.True(sameOrigin - first >= TimeSpan.FromMilliseconds(300));
        // The longer key rules; the grant was recorded for the origin as well as the group.
        Assert.True(both - sameOrigin >= TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task WaitTurn_FirstStartOfAKey_IsGrantedWithoutWaiting()
    {
        var clock = new FakeTimeProvider();
        var spacer = new StartSpacer(clock);
        var before = clock.GetUtcNow();

        var granted = await spacer.WaitTurnAsync([("k", TimeSpan.FromSeconds(30))], CancellationToken.None);

        Assert.Equal(before, granted);
    }

    [Fact]
    public async Task WaitTurn_Cancelled_Throws()
    {
        var clock = new FakeTimeProvider();
        var spacer = new StartSpacer(clock);
        await spacer.WaitTurnAsync([("k", TimeSpan.FromSeconds(30))], CancellationToken.None);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(50), clock);

        var waiting = spacer.WaitTurnAsync([("k", TimeSpan.FromSeconds(30))], cts.Token);
        clock.Advance(TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }

    /// <summary>
    /// Moves the virtual clock on in small steps until the task is done. Between steps it only yields, so the woken
    /// waiters run before time moves again; the step bounds how late a start can be recorded, never how early.
    /// </summary>
    private static async Task<T> RunAsync<T>(FakeTimeProvider clock, Task<T> task)
    {
        for (var steps = 0; !task.IsCompleted; steps++)
        {
            Assert.True(steps < 100_000, "the waiters never finished on virtual time");
            clock.Advance(Step);
            await Task.Yield();
        }

        return await task;
    }
}
