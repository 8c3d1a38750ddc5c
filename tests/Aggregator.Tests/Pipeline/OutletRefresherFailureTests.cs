using Aggregator.Configuration;
using Aggregator.Hosting;
using Aggregator.Pipeline;
using Aggregator.Store;
using Aggregator.Tests.Cli;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Pipeline;

/// <summary>Issue 17, item 2: whatever a poll throws is that outlet's failed poll, stored where status and /healthz read it.</summary>
public sealed class OutletRefresherFailureTests
{
    [Fact]
    public async Task AnExceptionOfAnyType_IsTheOutletsStoredFailedPoll_NotAThrowOutOfThePoll()
    {
        await using var world = await OutletsWorld.StartAsync();
        var snapshot = ConfigSnapshot.From(ConfigLoader.Load(world.ConfigPath).Config!, world.ConfigPath);
        await using var services = new ServiceCollection()
            .AddAggregatorPipeline(new AggregatorPaths(world.ConfigPath, world.DataPath), snapshot)
            .BuildServiceProvider();
        var store = services.GetRequiredService<IAggregatorStore>();
        await store.MigrateAsync(CancellationToken.None);
        var refresher = services.GetRequiredService<OutletRefresher>();
        // Stands for what a feed may provoke past the fetcher: an exception of a type no stage anticipated.
        refresher.Polled += _ => throw new NotSupportedException("The 'x' scheme is not supported.");

        var report = await refresher.RefreshAsync(snapshot.FindOutlet("popular-resistance")!, CancellationToken.None);

        Assert.Equal(PollReport.Failed, report.Status);
        Assert.Equal("poll: NotSupportedException: The 'x' scheme is not supported.", report.Error);
        var state = await store.GetOutletAsync("popular-resistance", CancellationToken.None);
        Assert.Equal(1, state!.ConsecutiveFailures);
        Assert.Equal(report.Error, state.LastError);
    }

    [Fact]
    public async Task TheCallersCancellation_IsNotAFailure_AndStillEndsThePoll()
    {
        await using var world = await OutletsWorld.StartAsync();
        var snapshot = ConfigSnapshot.From(ConfigLoader.Load(world.ConfigPath).Config!, world.ConfigPath);
        await using var services = new ServiceCollection()
            .AddAggregatorPipeline(new AggregatorPaths(world.ConfigPath, world.DataPath), snapshot)
            .BuildServiceProvider();
        var store = services.GetRequiredService<IAggregatorStore>();
        await store.MigrateAsync(CancellationToken.None);
        using var stopping = new CancellationTokenSource();
        await stopping.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            services.GetRequiredService<OutletRefresher>().RefreshAsync(snapshot.FindOutlet("popular-resistance")!, stopping.Token));

        Assert.Null(await store.GetOutletAsync("popular-resistance", CancellationToken.None));
    }
}
