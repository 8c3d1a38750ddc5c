using Aggregator.Dedup;
using Aggregator.Normalize;
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

    protected override int ProgramSteps => PostgresMigrations.Steps.Count;

    protected override string Location => ((PostgresStore)Store).Location;

    protected override async Task<int> SchemaVersionAsync()
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT max(version) FROM aggregator_schema;", connection);
        return (int)(await command.ExecuteScalarAsync())!;
    }

    protected override async Task SetSchemaVersionAsync(int version)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"INSERT INTO aggregator_schema (version) VALUES ({version});", connection);
        await command.ExecuteNonQueryAsync();
    }

    protected override async Task MigrateWithAsync(params string[] extraSteps)
    {
        await using var store = new PostgresStore(_connectionString);
        await store.MigrateAsync([.. PostgresMigrations.Steps, .. extraSteps], CancellationToken.None);
    }

    protected override async Task ExecuteSqlAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    protected override async Task<List<string>> ColumnAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var column = new List<string>();
        while (await reader.ReadAsync())
        {
            column.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        }
        return column;
    }

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

    [Fact]
    public async Task SavePoll_OneArticleRefused_IsAOneLineErrorNamingItAndLosesNothingStored()
    {
        // A poll's new articles are written in one statement (issue 23): the error still has to say which one was refused.
        await Save("pa", T0, Candidate("pa", "https://pa.example/kept", "Kept from an earlier poll"));
        await ExecuteAsync("ALTER TABLE articles ADD CONSTRAINT test_refused_title CHECK (title <> 'Refused headline');");
        ArticleCandidate[] poll =
        [
            Candidate("pb", "https://pb.example/first", "First headline of the poll"),
            Candidate("pb", "https://pb.example/refused", "Refused headline"),
            Candidate("pb", "https://pb.example/third", "Third headline of the poll"),
        ];

        var error = await Assert.ThrowsAsync<StoreException>(() => Save("pb", T0.AddMinutes(1), poll));

        Assert.Contains("https://pb.example/refused", error.Message, StringComparison.Ordinal);
        Assert.Contains("test_refused_title", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("https://pb.example/first", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        // The poll is one transaction, as before: none of it is stored, and everything stored before it stays.
        var titles = (await Store.GetTopicItemsAsync("all", 50, CancellationToken.None)).Select(i => i.Article.Title).ToList();
        Assert.Equal(["Kept from an earlier poll"], titles);
        var next = await Save("pb", T0.AddMinutes(2), poll[0], poll[2]);
        Assert.Equal(2, next.New);
        Assert.Equal(3, (await Store.GetTopicItemsAsync("all", 50, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task Migrate_StoreFromBeforeBatchedIngest_KeepsItsArticlesAndCountsEachPollsNewOnes()
    {
        var steps = PostgresMigrations.Steps;
        var batched = steps.ToList().FindIndex(s => s.Contains("poll_log_new_articles()", StringComparison.Ordinal));
        Assert.True(batched > 0);
        // The store as the previous release left it: a database of its own (this test's own starts fully migrated).
        _connectionString = await (await PostgresServer.Shared).CreateDatabaseAsync();
        await using (var old = new PostgresStore(_connectionString))
        {
            await old.MigrateAsync([.. steps.Take(batched)], CancellationToken.None);
            await old.SavePollAsync(Poll("old", T0, 2), CancellationToken.None);
        }
        await using var store = new PostgresStore(_connectionString);
        await store.MigrateAsync(CancellationToken.None);
        var summary = await store.SavePollAsync(Poll("new", T0.AddMinutes(1), 3), CancellationToken.None);

        Assert.Equal(3, summary.New);
        Assert.Equal(5, (await store.GetTopicItemsAsync("all", 50, CancellationToken.None)).Count);
        Assert.Equal("old=2 new=3", await ScalarAsync(
            "SELECT string_agg(outlet_id || '=' || new_articles, ' ' ORDER BY at) FROM poll_log;"));
        Assert.Equal("0", await ScalarAsync("SELECT count(*)::text FROM pg_indexes WHERE indexname = 'ix_articles_outlet_sort';"));
        Assert.Equal("1", await ScalarAsync("SELECT count(*)::text FROM pg_trigger WHERE tgname LIKE 'poll_log_new_article%';"));
    }

    private static PollRecord Poll(string outlet, DateTimeOffset at, int articles) => new()
    {
        OutletId = outlet,
        AttemptedAt = at,
        Succeeded = true,
        StatusCode = 200,
        Articles = [.. Enumerable.Range(0, articles).Select(i => Candidate(outlet, $"https://{outlet}.example/{i}", $"Story {i} of {outlet}"))],
    };

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<string?> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync() as string;
    }

    private static System.Threading.Channels.Channel<bool> Channel() => System.Threading.Channels.Channel.CreateUnbounded<bool>();
}
