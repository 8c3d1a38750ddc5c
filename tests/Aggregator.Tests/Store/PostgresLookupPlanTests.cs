using System.Text.Json;
using Aggregator.Normalize;
using Aggregator.Store;
using Aggregator.Store.Postgres;
using Aggregator.Tests.Fixtures;
using Npgsql;
using NpgsqlTypes;

namespace Aggregator.Tests.Store;

/// <summary>
/// The ingest's cluster lookups cost a few index pages per value asked, also on a table PostgreSQL has no statistics for
/// yet (a new database's first round, before autovacuum analyzes it): then the planner guesses 200 rows per URL or
/// fingerprint, and a lookup it could answer by walking the primary key in seq order read the whole table per value
/// (issue 23). Judged by the buffers each statement touched (EXPLAIN ANALYZE), a count that does not depend on the
/// machine's speed or load.
/// </summary>
public sealed class PostgresLookupPlanTests : IAsyncLifetime, IDisposable
{
    private const int Rows = 30_000;
    private const int Asked = 50;
    // A descent of a small B-tree (root, leaf) and at most a heap page: far below the table's hundreds of pages.
    private const int PagesPerValue = 6;
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);
    private static readonly CancellationToken None = CancellationToken.None;
    private UnanalyzedPostgresStore? _database;

    private UnanalyzedPostgresStore Database => _database ?? throw new InvalidOperationException("not initialized");

    private PostgresStore Store => Database.Store;

    public async Task InitializeAsync()
    {
        // No ANALYZE may run while the table fills, or the statistics would hide the plan the test is about.
        _database = await UnanalyzedPostgresStore.CreateAsync();
        // One real poll makes the outlet; then generated rows, enough that the planner's guess of 200 rows per value
        // (0.5% of the table) makes a seq-order walk look cheaper than a lookup when no index gives the value in seq order.
        await Store.SavePollAsync(new PollRecord
        {
            OutletId = "o", AttemptedAt = T0, Succeeded = true, StatusCode = 200,
            Articles = [new ArticleCandidate { OutletId = "o", CanonicalUrl = "https://o.example/first", Link = new Uri("https://o.example/first"), Title = "First report", Topics = ["all"] }],
        }, None);
        await Database.ExecuteAsync($"""
            INSERT INTO articles (id, outlet_id, canonical_url, link, title, first_seen, changed_at, sort_time, cluster_id,
                                  content_hash, fingerprint, signature)
            SELECT 'g' || i, 'o', 'https://o.example/story/' || i, 'https://o.example/story/' || i, 'Report ' || i, i, i, i,
                   'g' || i, 'h' || i, 'f' || i, '\x00'::bytea
            FROM generate_series(1, {Rows}) AS i;
            """);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _database?.Dispose();

    [Fact]
    public async Task SameUrlLookup_UnanalyzedTable_ReadsAFewPagesPerUrl()
    {
        await AssertUnanalyzedAsync();
        var urls = Enumerable.Range(0, Asked).Select(i => $"https://new.example/story/{i}").ToArray();

        var pages = await PagesAsync(PostgresStore.SameUrlLookupSql,
            new NpgsqlParameter("urls", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = urls },
            new NpgsqlParameter("outlet", NpgsqlDbType.Text) { Value = "new" });

        Assert.InRange(pages, 1, urls.Length * PagesPerValue);
    }

    [Fact]
    public async Task SameTextLookup_UnanalyzedTable_ReadsAFewPagesPerFingerprint()
    {
        await AssertUnanalyzedAsync();
        var fingerprints = Enumerable.Range(0, Asked).Select(i => $"unknown-fingerprint-{i}").ToArray();

        var pages = await PagesAsync(PostgresStore.SameTextLookupSql,
            new NpgsqlParameter("fingerprints", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = fingerprints },
            new NpgsqlParameter("outlet", NpgsqlDbType.Text) { Value = "new" },
            new NpgsqlParameter("max", NpgsqlDbType.Integer) { Value = 8 });

        Assert.InRange(pages, 1, fingerprints.Length * PagesPerValue);
    }

    [Fact]
    public async Task TextCandidates_UnanalyzedTable_ReadTheFingerprintAndTheProposedRowsOnly()
    {
        await AssertUnanalyzedAsync();
        // Two proposed articles (the near-duplicate index's answer) and a fingerprint nobody has.
        var pages = await PagesAsync(PostgresStore.TextCandidatesSql,
            new NpgsqlParameter("outlet", NpgsqlDbType.Text) { Value = "new" },
            new NpgsqlParameter("fingerprint", NpgsqlDbType.Text) { Value = "unknown-fingerprint" },
            new NpgsqlParameter("proposed", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = new long[] { 3, 15_000 } },
            new NpgsqlParameter("max", NpgsqlDbType.Bigint) { Value = 8L });

        Assert.InRange(pages, 1, 3 * PagesPerValue);
    }

    private async Task AssertUnanalyzedAsync()
    {
        await using var connection = await Database.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stats WHERE tablename = 'articles';", connection);
        Assert.Equal(0L, (long)(await command.ExecuteScalarAsync())!);
        // The table is big enough that reading it per value would show: hundreds of pages, not a handful.
        Assert.True(await TablePagesAsync() > 100, "the articles table is too small for the test to tell a walk from a lookup");
    }

    private async Task<long> TablePagesAsync()
    {
        await using var connection = await Database.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pg_relation_size('articles') / current_setting('block_size')::int;", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Shared buffers the statement hit or read, from its plan's top node.</summary>
    private async Task<long> PagesAsync(string sql, params NpgsqlParameter[] parameters)
    {
        await using var connection = await Database.OpenAsync();
        await using var command = new NpgsqlCommand("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql, connection);
        command.Parameters.AddRange(parameters);
        var json = (string)(await command.ExecuteScalarAsync())!;
        var plan = JsonDocument.Parse(json).RootElement[0].GetProperty("Plan");
        return plan.GetProperty("Shared Hit Blocks").GetInt64() + plan.GetProperty("Shared Read Blocks").GetInt64();
    }
}
