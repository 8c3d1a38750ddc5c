using Aggregator.Tests.Fixtures;

namespace Aggregator.Tests.Cli;

/// <summary>
/// The fixture outlets of testdata/outlets behind a local server, a feeds.json naming them (plus a
/// dead one), and a data folder: everything a command needs, in a temp folder of the test's own.
/// </summary>
public sealed class OutletsWorld : IAsyncDisposable
{
    private readonly TempFolder _folder = new();

    private OutletsWorld(OutletServer server, string? store)
    {
        Server = server;
        Store = store;
    }

    /// <summary>A PostgreSQL connection string when the world stores there; null for SQLite in <see cref="DataPath"/>.</summary>
    public string? Store { get; }

    public OutletServer Server { get; }

    public string ConfigPath => _folder.File("feeds.json");

    public string DataPath => _folder.File("data");

    public string Folder => _folder.Path;

    /// <param name="postgres">Store in a fresh database of the tests' PostgreSQL cluster instead of SQLite.</param>
    public static async Task<OutletsWorld> StartAsync(bool postgres = false)
    {
        var store = postgres ? await (await PostgresServer.Shared).CreateDatabaseAsync() : null;
        var world = new OutletsWorld(await OutletServer.StartAsync(TestPaths.TestData("outlets")), store);
        await File.WriteAllTextAsync(world.ConfigPath, world.Config());
        return world;
    }

    /// <summary>The common options every command takes, pointing at this world.</summary>
    public string[] Args(params string[] command) =>
        Store is null ? [.. command, "--config", ConfigPath, "--data", DataPath] : [.. command, "--config", ConfigPath, "--data", DataPath, "--store", Store];

    /// <summary>
    /// Starts `run` on this world with <paramref name="variable"/> set to <paramref name="value"/>, which it must refuse:
    /// asserts it stops with exit code 1 and a single line on stderr, and returns that line.
    /// </summary>
    public async Task<string> RunRefusingAsync(string variable, string value)
    {
        using var worker = AggregatorProcess.Start(new Dictionary<string, string> { [variable] = value },
            ["run", .. Args(), "--urls", $"http://127.0.0.1:{FreePort.Next()}"]);

        var (exit, _, error) = await worker.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, exit);
        return Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    private string Config() => $$"""
        {
          // The fixture outlets, one per wire format, plus one that is dead.
          "defaults": { "interval": "30m", "maxItemsPerFeed": 50 },
          "outlets": [
            { "id": "popular-resistance", "name": "Popular Resistance", "url": "{{Server.Url("popular-resistance.rss")}}" },
            { "id": "marxist-com", "name": "In Defence of Marxism", "url": "{{Server.Url("marxist.atom")}}" },
            { "id": "peoples-dispatch", "name": "Peoples Dispatch", "url": "{{Server.Url("peoples-dispatch.rdf")}}" },
            { "id": "venezuelanalysis", "name": "Venezuelanalysis", "url": "{{Server.Url("venezuelanalysis.json")}}" },
            { "id": "half-a-feed", "name": "Half a feed", "url": "{{Server.Url("broken.rss")}}" },
            { "id": "kawsachun-news", "name": "Kawsachun News", "url": "{{Server.Url("kawsachun.html")}}" },
            { "id": "dead-outlet", "name": "Dead", "url": "http://127.0.0.1:{{FreePort.Next()}}/feed.xml" },
          ],
          "topics": [
            { "id": "venezuela", "title": "Venezuela", "include": ["venezuela", "maduro", "guaido", "bolivarian", "chavez*", "caracas"] },
            { "id": "bolivia", "title": "Bolivia", "include": ["bolivia*", "evo morales", "arce"] },
            { "id": "coups", "title": "Coups and regime change", "include": ["coup*", "regime change"], "exclude": ["coupon*"] },
          ],
        }
        """;

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        _folder.Dispose();
    }
}
