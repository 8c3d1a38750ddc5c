using Aggregator.Configuration;
using Aggregator.Hosting;
using Aggregator.Model;
using Aggregator.Pipeline;
using Aggregator.Publish;
using Aggregator.Store;
using Aggregator.Tests.Cli;
using Aggregator.Tests.Publish;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Aggregator.Tests.Pipeline;

/// <summary>Issue 22, item 2: one store-change signal, which the feed cache and the WebSub publisher share, instead of the refresher's events.</summary>
public sealed class StoreChangeSignalTests
{
    [Fact]
    public async Task APollThatStoresArticles_RaisesTheSignalOnce_AndARepeatThatChangesNothingDoesNot()
    {
        await using var world = await OutletsWorld.StartAsync();
        var snapshot = ConfigSnapshot.From(ConfigLoader.Load(world.ConfigPath).Config!, world.ConfigPath);
        await using var services = new ServiceCollection()
            .AddAggregatorPipeline(new AggregatorPaths(world.ConfigPath, world.DataPath), snapshot)
            .BuildServiceProvider();
        await services.GetRequiredService<IAggregatorStore>().MigrateAsync(CancellationToken.None);
        var raised = 0;
        services.GetRequiredService<StoreChangeSignal>().Changed += () => raised++;
        var refresher = services.GetRequiredService<OutletRefresher>();
        var outlet = snapshot.FindOutlet("popular-resistance")!;

        var first = await refresher.RefreshAsync(outlet, CancellationToken.None);
        var second = await refresher.RefreshAsync(outlet, CancellationToken.None);

        Assert.True(first.New > 0, first.Error);
        Assert.Equal(0, second.New + second.Updated);
        Assert.Equal(1, raised);
    }

    [Fact]
    public async Task TheFeedCache_RendersAgain_AfterTheSignal()
    {
        await using var world = await OutletsWorld.StartAsync();
        var snapshot = ConfigSnapshot.From(ConfigLoader.Load(world.ConfigPath).Config!, world.ConfigPath);
        // The cache renders a read feed again at most once per FeedCache.RebuildInterval: the clock says when that is up.
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56));
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(clock)
            .AddAggregatorPipeline(new AggregatorPaths(world.ConfigPath, world.DataPath), snapshot)
            .AddPublishing(new Uri("http://127.0.0.1/"))
            .BuildServiceProvider();
        var store = services.GetRequiredService<IAggregatorStore>();
        await store.MigrateAsync(CancellationToken.None);
        var cache = services.GetRequiredService<FeedCache>();
        var site = new Uri("http://127.0.0.1/");
        var empty = await cache.GetAsync(TopicDefinition.AllId, FeedFormatKind.Atom, 50, site, CancellationToken.None);
        // Stored behind the cache's back, as another worker sharing the database would.
        await using (var other = new ServiceCollection()
            .AddAggregatorPipeline(new AggregatorPaths(world.ConfigPath, world.DataPath), snapshot)
            .BuildServiceProvider())
        {
            Assert.True((await other.GetRequiredService<OutletRefresher>().RefreshAsync(snapshot.FindOutlet("popular-resistance")!, CancellationToken.None)).New > 0);
        }
        var stale = await cache.GetAsync(TopicDefinition.AllId, FeedFormatKind.Atom, 50, site, CancellationToken.None);

        services.GetRequiredService<StoreChangeSignal>().Raise();
        clock.Advance(FeedCache.RebuildInterval);
        var fresh = await cache.GetAsync(TopicDefinition.AllId, FeedFormatKind.Atom, 50, site, CancellationToken.None);

        Assert.Equal(empty!.ETag, stale!.ETag);
        Assert.NotEqual(stale.ETag, fresh!.ETag);
    }
}
