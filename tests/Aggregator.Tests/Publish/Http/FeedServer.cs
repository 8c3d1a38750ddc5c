using Aggregator.Hosting;
using Aggregator.Model;
using Aggregator.Observability;
using Aggregator.Pipeline;
using Aggregator.Publish;
using Aggregator.Publish.Http;
using Aggregator.Store;
using Aggregator.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aggregator.Tests.Publish.Http;

/// <summary>
/// The feed endpoints in a real Kestrel app over the real pipeline services and a fresh SQLite
/// store in a temp folder: an empty store still serves every topic's (empty) feed.
/// </summary>
internal sealed class FeedServer : IAsyncDisposable
{
    private const string Config = """
        {
          "outlets": [ { "id": "one", "url": "http://127.0.0.1:9/feed" } ],
          "topics": [ { "id": "coups", "include": ["coup*"] } ]
        }
        """;

    private readonly TempFolder folder;
    private readonly LoopbackApp app;

    private FeedServer(TempFolder folder, LoopbackApp app)
    {
        this.folder = folder;
        this.app = app;
        Http = new HttpClient { BaseAddress = app.Address };
    }

    public HttpClient Http { get; }

    public IServiceProvider Services => app.App.Services;

    /// <param name="feedRebuildInterval">The feed cache's least time between renderings begun by changes; the worker's default unless given.</param>
    public static async Task<FeedServer> StartAsync(TimeSpan? feedRebuildInterval = null)
    {
        var folder = new TempFolder();
        var (configPath, snapshot) = await WrittenConfig.WriteAsync(folder, Config);
        var app = await LoopbackApp.StartAsync(
            services => services
                .AddAggregatorPipeline(new AggregatorPaths(configPath, folder.File("data")), snapshot)
                .AddPublishing(new Uri("http://127.0.0.1/"))
                // The worker's connection transport, so the feeds are checked as it serves them.
                .AddHeapConnectionBuffers()
                .AddInlineConnectionScheduling()
                .AddSingleton(sp => new FeedCache(sp.GetRequiredService<TopicFeedBuilder>(), sp.GetRequiredService<StoreChangeSignal>(),
                    sp.GetRequiredService<ISiteCatalog>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<FeedCache>>(),
                    sp.GetService<AggregatorMetrics>(), feedRebuildInterval)),
            web => web.MapFeeds());
        await app.App.Services.GetRequiredService<IAggregatorStore>().MigrateAsync(CancellationToken.None);
        return new FeedServer(folder, app);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await app.DisposeAsync();
        folder.Dispose();
    }
}
