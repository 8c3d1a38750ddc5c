using Aggregator.Configuration;
using Aggregator.Hosting;
using Aggregator.Publish;
using Aggregator.Publish.Http;
using Aggregator.Store;
using Aggregator.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Aggregator.Tests.FullText;

/// <summary>
/// A worker's pipeline over a feeds.json written into a temp folder, with its store migrated and /feeds served on
/// 127.0.0.1: what the end-to-end full-text tests poll through and read back as a reader would.
/// </summary>
internal sealed class FeedsWorker : IAsyncDisposable
{
    private FeedsWorker(LoopbackApp app, ConfigSnapshot snapshot)
    {
        App = app;
        Snapshot = snapshot;
    }

    public LoopbackApp App { get; }

    public ConfigSnapshot Snapshot { get; }

    public IServiceProvider Services => App.App.Services;

    public static async Task<FeedsWorker> StartAsync(TempFolder folder, string feedsJson)
    {
        var (configPath, snapshot) = await WrittenConfig.WriteAsync(folder, feedsJson);
        var app = await LoopbackApp.StartAsync(
            services => services
                .AddAggregatorPipeline(new AggregatorPaths(configPath, folder.File("data")), snapshot)
                .AddPublishing(new Uri("http://127.0.0.1/")),
            web => web.MapFeeds());
        await app.App.Services.GetRequiredService<IAggregatorStore>().MigrateAsync(CancellationToken.None);
        return new FeedsWorker(app, snapshot);
    }

    public ValueTask DisposeAsync() => App.DisposeAsync();
}
