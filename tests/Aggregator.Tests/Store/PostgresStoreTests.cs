using Aggregator.Dedup;
using Aggregator.Store;
using Aggregator.Store.Postgres;
using Aggregator.Tests.Fixtures;
using Npgsql;

namespace Aggregator.Tests.Store;

/// <summary>
/// The store contract on PostgreSQL (a private cluster started for the test run), plus what only
/// a store shared by several workers has to do: take decisions one at a time across processes
/// and tell every worker about changes.
/// </summary>
public sealed class PostgresStoreTests : StoreContractTests
{
    private string _connectionString = "";

    protected override async Task<IAggregatorStore> CreateAsync()
    {
        _connectionString = await (await PostgresServer.Shared).CreateDatabaseAsync();
        return Open();
    }

    protected override IAggregatorStore Open() => new PostgresStore(_connectionString);

    [Fact]
    public async Task Migrate_FromSeveralWorkersAtOnce_CreatesTheSchemaOnce()
    {
        var stores = Enumerable.Range(0, 4).Select(_ => Open()).ToList();
        try
        {
            await Task.WhenAll(stores.Select(s => s.MigrateAsync(CancellationToken.None)));
        }
        finally
        {
            stores.ForEach(s => ((IDisposable)s).Dispose());
        }
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*), max(version) FROM aggregator_schema;", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        // Every step once, whatever number of steps the schema has grown to.
        Assert.Equal((long)PostgresMigrations.Steps.Count, reader.GetInt64(0));
        Assert.Equal(PostgresMigrations.Steps.Count, reader.GetInt32(1));
    }

    [Fact]
    public async Task SavePoll_SameStoryFromTwoWorkersAtOnce_IsOneClusterShownOnce()
    {
        // Two handles are two workers: each has its own near-duplicate index, so only the ingest
        // lock and the index catch-up make the second one see the first one's article.
        var workers = new[] { Store, await ReopenAsync() };
        var outlets = Enumerable.Range(0, 6).Select(i => $"outlet{i}").ToList();
        await Task.WhenAll(outlets.Select((outlet, i) => workers[i % 2].SavePollAsync(new PollRecord
        {
            OutletId = outlet,
            AttemptedAt = T0.AddSeconds(i),
            Succeeded = true,
            Duplicates = DuplicatePolicy.Default,
            Articles = [Candidate(outlet, $"https://{outlet}.example/bolivia", "How the coup in Bolivia was planned") with
            {
                Summary = "<p>The coup attempt in Bolivia was planned for months by the same people who now claim to restore democracy, " +
                    "according to documents published this week by independent journalists who followed the money to the police units that mutinied.</p>",
            }],
        }, CancellationToken.None)));

        var item = Assert.Single(await Store.GetTopicItemsAsync("all", 50, CancellationToken.None));
        Assert.Equal(5, item.Copies.Count);
        var cluster = await Store.GetClusterAsync(item.Article.Id, CancellationToken.None);
        Assert.Equal(6, cluster.Count);
        Assert.Single(cluster, m => m.Shown);
    }

    [Fact]
    public async Task Listen_HearsArticlesStoredByAnotherWorker()
    {
        var listener = (IStoreChangeSource)await ReopenAsync();
        using var stop = new CancellationTokenSource();
        var heard = Channel();
        var listening = listener.ListenAsync(() => heard.Writer.TryWrite(true), stop.Token);
        // The first call says "maybe missed something" once the LISTEN is in place.
        await heard.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));

        await Save("pr", T0, Candidate("pr", "https://p.org/a"));

        Assert.True(await heard.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30)));
        await stop.CancelAsync();
        await listening;
    }

    [Fact]
    public async Task Unreachable_Server_IsOneLineNamingIt()
    {
        var port = FreePort.Next();
        using var store = new PostgresStore($"Host=127.0.0.1;Port={port};Username=aggregator;Database=aggregator;Timeout=3");

        var error = await Assert.ThrowsAsync<StoreException>(() => store.MigrateAsync(CancellationToken.None));
        Assert.StartsWith($"store: cannot reach PostgreSQL at 127.0.0.1:{port}/aggregator", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.False(await store.PingAsync(CancellationToken.None));
    }

    private static System.Threading.Channels.Channel<bool> Channel() => System.Threading.Channels.Channel.CreateUnbounded<bool>();
}
