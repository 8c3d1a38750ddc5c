using Aggregator.Normalize;
using Aggregator.Hosting;
using Aggregator.Publish;
using Aggregator.Publish.Http;
using Aggregator.Store;
using Aggregator.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Publish.Pages;

/// <summary>
/// The site's pages and feeds in a real Kestrel app over the real services and a SQLite store in a
/// temp folder (or a given PostgreSQL database), holding a few stories: one carried by two outlets, accented and unaccented
/// headlines, a failing outlet and one never polled.
/// </summary>
internal sealed class PagesServer : IAsyncDisposable
{
    public static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private const string Config = """
        {
          "outlets": [
            { "id": "pr", "name": "Popular Resistance", "url": "https://popularresistance.example/feed" },
            { "id": "kn", "name": "Kawsachun News", "url": "https://kawsachun.example/feed" },
            { "id": "mr", "name": "Monthly Review", "url": "https://monthlyreview.example/feed" },
            { "id": "quiet", "name": "Never Polled", "url": "https://quiet.example/feed" }
          ],
          "topics": [
            { "id": "venezuela", "title": "Venezuela", "description": "Coups, sanctions and elections", "include": ["venezuela", "guaido", "maduro"] }
          ]
        }
        """;

    private readonly TempFolder folder;
    private readonly LoopbackApp app;

    private PagesServer(TempFolder folder, LoopbackApp app)
    {
        this.folder = folder;
        this.app = app;
        Http = new HttpClient { BaseAddress = app.Address };
    }

    public HttpClient Http { get; }

    public Uri Address => app.Address;

    public IAggregatorStore Store => app.App.Services.GetRequiredService<IAggregatorStore>();

    /// <summary>What /metrics would show now.</summary>
    public string ScrapeMetrics() => app.App.Services.GetRequiredService<Aggregator.Observability.PrometheusExporter>().Scrape();

    /// <param name="time">The app's clock (default the system's).</param>
    /// <param name="postgres">A PostgreSQL connection string to store in instead of SQLite in the temp folder.</param>
    /// <param name="log">Receives what the app logs (by default nothing is kept).</param>
    public static async Task<PagesServer> StartAsync(int extraVenezuelaArticles = 0, TimeProvider? time = null, string? postgres = null, CapturedLog? log = null)
    {
        var folder = new TempFolder();
        var (configPath, snapshot) = await WrittenConfig.WriteAsync(folder, Config);
        var app = await LoopbackApp.StartAsync(
            services =>
            {
                services
                    .AddSingleton(time ?? TimeProvider.System)
                    .AddAggregatorPipeline(new AggregatorPaths(configPath, folder.File("data")) { Store = StoreLocation.Parse(postgres) }, snapshot)
                    .AddPublishing(new Uri("http://127.0.0.1/"));
                if (log is not null)
                {
                    services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(log);
                }
            },
            web =>
            {
                web.MapSite();
                web.MapPages();
                web.MapFeeds();
            });
        var server = new PagesServer(folder, app);
        await server.Store.MigrateAsync(CancellationToken.None);
        await server.SeedAsync(extraVenezuelaArticles);
        return server;
    }

    private async Task SeedAsync(int extra)
    {
        var ct = CancellationToken.None;
        await Store.SavePollAsync(new PollRecord
        {
            OutletId = "pr", AttemptedAt = Now.AddHours(-30), Succeeded = true, StatusCode = 200, NextDue = Now.AddMinutes(20),
            IntervalNote = "every 30 min",
            Articles =
            [
                Candidate("pr", "https://popularresistance.example/guaido", "Guaidó declares himself president of Venezuela", Now.AddHours(-30), "venezuela"),
                Candidate("pr", "https://popularresistance.example/bolivia", "The coup in Bolivia, one year on", Now.AddHours(-29)),
                .. Enumerable.Range(0, extra).Select(i => Candidate("pr", $"https://popularresistance.example/v{i}", $"Venezuela sanctions, part {i}", Now.AddHours(-40 - i), "venezuela")),
            ],
        }, ct);
        await Store.SavePollAsync(new PollRecord { OutletId = "pr", AttemptedAt = Now.AddHours(-2), Succeeded = true, StatusCode = 304, NextDue = Now.AddMinutes(20) }, ct);
        // The same story at a second outlet: one item, "also published by" the other.
        await Store.SavePollAsync(new PollRecord
        {
            OutletId = "kn", AttemptedAt = Now.AddHours(-20), Succeeded = true, StatusCode = 200, NextDue = Now.AddMinutes(5),
            Duplicates = Aggregator.Dedup.DuplicatePolicy.Default,
            Articles = [Candidate("kn", "https://popularresistance.example/guaido", "Guaidó declares himself president of Venezuela", Now.AddHours(-20), "venezuela") with { Link = new Uri("https://kawsachun.example/guaido") }],
        }, ct);
        await Store.SavePollAsync(new PollRecord
        {
            OutletId = "mr", AttemptedAt = Now.AddHours(-1), Succeeded = true, StatusCode = 200, NextDue = Now.AddMinutes(50),
            Articles = [Candidate("mr", "https://monthlyreview.example/guaido", "Guaido and the sanctions on Venezuela", Now.AddHours(-1), "venezuela")],
        }, ct);
        await Store.SavePollAsync(new PollRecord { OutletId = "mr", AttemptedAt = Now.AddMinutes(-10), Succeeded = false, Error = "fetch: connection refused (monthlyreview.example:443)", NextDue = Now.AddMinutes(5) }, ct);
    }

    private static ArticleCandidate Candidate(string outlet, string url, string title, DateTimeOffset published, params string[] topics) => new()
    {
        OutletId = outlet,
        CanonicalUrl = url,
        Link = new Uri(url),
        Title = title,
        Summary = $"<p>{System.Net.WebUtility.HtmlEncode(title)}: what the <em>press</em> did not say.</p>",
        Published = published,
        Topics = ["all", .. topics],
    };

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await app.DisposeAsync();
        folder.Dispose();
    }
}
