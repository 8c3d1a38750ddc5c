using Aggregator.Configuration;
using Aggregator.Hosting;
using Aggregator.Model;
using Aggregator.Pipeline;
using Aggregator.Publish;
using Aggregator.Store;
using Aggregator.Tests.Cli;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Aggregator.Tests.Publish;

/// <summary>Issue 23: the worker renders every topic's feeds at start-up, so its first readers find a rendering to serve.</summary>
public sealed class FeedWarmerTests
{
    [Fact]
    public async Task AtStartUp_EveryTopicIsRenderedInEveryFormat_ForTheSiteAddress_BeforeAnyoneAsks()
    {
        await using var world = await OutletsWorld.StartAsync();
        var snapshot = ConfigSnapshot.From(ConfigLoader.Load(world.ConfigPath).Config!, world.ConfigPath);
        var site = new Uri("http://127.0.0.1:8080/");
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddAggregatorPipeline(new AggregatorPaths(world.ConfigPath, world.DataPath), snapshot)
            .AddPublishing(site)
            .BuildServiceProvider();
        await services.GetRequiredService<IAggregatorStore>().MigrateAsync(CancellationToken.None);
        Assert.True((await services.GetRequiredService<OutletRefresher>().RefreshAsync(snapshot.FindOutlet("popular-resistance")!, CancellationToken.None)).New > 0);
        var cache = services.GetRequiredService<FeedCache>();
        var catalog = services.GetRequiredService<ISiteCatalog>();
        var feeds = catalog.Topics.Count() * FeedFormatKind.All.Count;
        var warmer = services.GetServices<IHostedService>().OfType<FeedWarmer>().Single();

        await warmer.StartAsync(CancellationToken.None);
        try
        {
            // Bounded, not timed: the warm-up runs in the background, one feed after another.
            for (var i = 0; i < 600 && cache.Rebuilds < feeds; i++)
            {
                await Task.Delay(100);
            }
            Assert.Equal(feeds, cache.Rebuilds);
            var limit = FeedWarmer.DefaultLimit(catalog);
            foreach (var format in FeedFormatKind.All)
            {
                var feed = await cache.GetAsync(TopicDefinition.AllId, format, limit, site, CancellationToken.None);
                Assert.Contains("popular", System.Text.Encoding.UTF8.GetString(feed!.Body), StringComparison.OrdinalIgnoreCase);
            }

            // Served from what the warm-up rendered: no reader started a rebuild.
            Assert.Equal(feeds, cache.Rebuilds);
            Assert.Equal(feeds, cache.Count);
        }
        finally
        {
            await warmer.StopAsync(CancellationToken.None);
        }
    }
}
