using Aggregator.Fetch;
using Xunit;

namespace Aggregator.Tests.Fetch;

/// <summary>The spacing itself, measured where it is granted (the server-side tests add the network).</summary>
public sealed class StartSpacerTests
{
    [Fact]
    public async Task WaitTurn_ConcurrentWaiters_StartAtLeastTheSpacingApart()
    {
        var spacer = new StartSpacer(TimeProvider.System);
        var spacing = TimeSpan.FromMilliseconds(100);

        var starts = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ =>
            spacer.WaitTurnAsync([("group g", spacing)], CancellationToken.None)));

        var ordered = starts.Order().ToArray();
        for (var i = 1; i < ordered.Length; i++)
        {
            Assert.True(ordered[i] - ordered[i - 1] >= spacing, $"{(ordered[i] - ordered[i - 1]).TotalMilliseconds} ms");
        }
    }

    [Fact]
    public async Task WaitTurn_TwoKeys_WaitsForTheLongerAndRecordsBoth()
    {
        var spacer = new StartSpacer(TimeProvider.System);
        var first = await spacer.WaitTurnAsync([("group g", TimeSpan.FromMilliseconds(50)), ("origin o", TimeSpan.FromMilliseconds(300))], CancellationToken.None);

        var sameGroup = await spacer.WaitTurnAsync([("group g", TimeSpan.FromMilliseconds(50))], CancellationToken.None);
        var sameOrigin = await spacer.WaitTurnAsync([("origin o", TimeSpan.FromMilliseconds(300))], CancellationToken.None);
        var both = await spacer.WaitTurnAsync([("group g", TimeSpan.FromMilliseconds(50)), ("origin o", TimeSpan.FromMilliseconds(300))], CancellationToken.None);

        Assert.True(sameGroup - first >= TimeSpan.FromMilliseconds(50));
        Assert.True(sameOrigin - first >= TimeSpan.FromMilliseconds(300));
        // The longer key rules; the grant was recorded for the origin as well as the group.
        Assert.True(both - sameOrigin >= TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task WaitTurn_Cancelled_Throws()
    {
        var spacer = new StartSpacer(TimeProvider.System);
        await spacer.WaitTurnAsync([("k", TimeSpan.FromSeconds(30))], CancellationToken.None);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => spacer.WaitTurnAsync([("k", TimeSpan.FromSeconds(30))], cts.Token));
    }
}
