using Aggregator.Configuration;
using Aggregator.Hosting;
using Aggregator.Publish;
using Aggregator.Publish.Http;
using Aggregator.Store;
using Aggregator.Tests.Cli;
using Aggregator.Tests.Fixtures;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aggregator.Tests.Publish.Http;

/// <summary>The worker's requests to its own feeds once it listens, through a real Kestrel on a port the OS chose.</summary>
public sealed class ServingWarmUpTests
{
    private const string Config = """
        {
          "outlets": [ { "id": "one", "url": "http://127.0.0.1:9/feed" } ],
          "topics": [ { "id": "coups", "include": ["coup*"] } ]
        }
        """;

    [Fact]
    public async Task Once_listening_the_worker_asks_its_first_topic_in_every_format_as_many_times_as_configured()
    {
        using var folder = new TempFolder();
        var configPath = folder.File("feeds.json");
        await File.WriteAllTextAsync(configPath, Config);
        var snapshot = ConfigSnapshot.From(ConfigLoader.Load(configPath).Config!, configPath);
        // Recorded before the response goes out: after it, the client may have finished before the server recorded it.
        var seen = new System.Collections.Concurrent.ConcurrentBag<string>();
        var log = new CapturedLog();
        var paths = new AggregatorPaths(configPath, folder.File("data"));
        // Migrated before the app starts, as `run` does before it listens: the warm-up begins the moment Kestrel does.
        await using (var migrating = new ServiceCollection().AddLogging().AddAggregatorPipeline(paths, snapshot).BuildServiceProvider())
        {
            await migrating.GetRequiredService<IAggregatorStore>().MigrateAsync(CancellationToken.None);
        }
        await using var app = await LoopbackApp.StartAsync(
            services => services
                .AddAggregatorPipeline(paths, snapshot)
                .AddPublishing(new Uri("http://127.0.0.1/"))
                .AddServingWarmUp()
                .AddLogging(b => b.AddProvider(log)),
            web =>
            {
                web.Use((context, next) =>
                {
                    seen.Add(context.Request.Path.Value! + context.Request.QueryString.Value);
                    return next(context);
                });
                web.MapFeeds();
            });
        var warmUp = app.App.Services.GetServices<IHostedService>().OfType<ServingWarmUp>().Single();

        await warmUp.ExecuteTask!.WaitAsync(TimeSpan.FromMinutes(2));

        var expected = ServingWarmUp.RequestsFromEnvironment(out _)!.Value;
        Assert.Equal(expected, seen.Count);
        var site = app.App.Services.GetRequiredService<Aggregator.Model.ISiteCatalog>();
        var firstTopic = site.Topics.First().Id;
        // One item short of what readers get by default: the readers' own cached feeds are left alone.
        var limit = FeedWarmer.DefaultLimit(site) - 1;
        Assert.Equal(
            FeedFormatKind.All.Select(f => $"/feeds/{firstTopic}.{f.Extension}?limit={limit}").Order(StringComparer.Ordinal),
            seen.Distinct().Order(StringComparer.Ordinal));
        Assert.Contains(log.Lines, l => l.Contains($"Serving path warmed: {expected} requests answered (0 not)", StringComparison.Ordinal));
        // One line for the warm-up, none per request (the client factory's own logging wrote four per request).
        Assert.DoesNotContain(log.Lines, l => l.Contains("HTTP request", StringComparison.Ordinal) || l.Contains("HTTP response", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_answer_that_is_not_a_success_is_counted_as_failed_not_thrown()
    {
        await using var server = await FeedServer.StartAsync();
        var feeds = new[] { new Uri(server.Http.BaseAddress!, "feeds/coups.atom"), new Uri(server.Http.BaseAddress!, "feeds/no-such-topic.atom") };

        var (answered, failed) = await ServingWarmUp.RunAsync(server.Http, feeds, requests: 10, connections: 3, CancellationToken.None);

        Assert.Equal((5, 5), (answered, failed));
    }

    [Fact]
    public async Task Run_WithAWarmUpCountThatIsNotACount_StopsWithOneLineNamingTheVariable()
    {
        await using var world = await OutletsWorld.StartAsync();
        var line = await world.RunRefusingAsync(ServingWarmUp.EnvironmentVariable, "lots");

        Assert.StartsWith("AGGREGATOR_SERVING_WARMUP: 'lots' is not a whole number of requests", line, StringComparison.Ordinal);
    }
}
