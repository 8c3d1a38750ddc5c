using Aggregator.Normalize;
using Aggregator.Store;
using Aggregator.Store.Postgres;
using Aggregator.Tests.Fixtures;
using Npgsql;

namespace Aggregator.Tests.Store;

/// <summary>
/// Polls that wait for the cluster-wide ingest lock longer than the command timeout are stored, not failed (issue 23: a
/// bulk round on a loaded machine lost hundreds of polls with "Timeout during reading attempt"), and a worker's polls
/// queue in the worker rather than as backends waiting inside PostgreSQL.
/// </summary>
public sealed class PostgresIngestTurnTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 6, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task SavePoll_LockHeldByAnotherWorkerPastTheCommandTimeout_EveryPollStoredAndOneBackendWaits()
    {
        var database = await (await PostgresServer.Shared).CreateDatabaseAsync();
        // A one-second command timeout, so a wait of a few seconds is past it.
        await using var store = new PostgresStore(new NpgsqlConnectionStringBuilder(database) { CommandTimeout = 1 }.ConnectionString);
        await store.MigrateAsync(CancellationToken.None);
        await using var other = new NpgsqlConnection(database);
        await other.OpenAsync();
        // Another worker's transaction holding the ingest lock (a session lock conflicts with the transaction locks).
        await ExecuteAsync(other, $"SELECT pg_advisory_lock({AdvisoryLocks.Ingest});");

        var polls = new[] { "a", "b", "c" }.Select(outlet => store.SavePollAsync(Poll(outlet), CancellationToken.None)).ToList();
        var waiting = await WaitingForIngestLockAsync(other, atLeast: 1);
        // Held past the command timeout: a wait bounded by it would have failed by now.
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var waitingLater = await WaitingForIngestLockAsync(other, atLeast: 0);
        await ExecuteAsync(other, $"SELECT pg_advisory_unlock({AdvisoryLocks.Ingest});");
        var summaries = await Task.WhenAll(polls);

        Assert.Equal(1, waiting);
        Assert.Equal(1, waitingLater);
        Assert.All(summaries, s => Assert.Equal(1, s.New));
        var stored = await store.GetTopicItemsAsync("all", 10, CancellationToken.None);
        Assert.Equal(["https://a.example/1", "https://b.example/1", "https://c.example/1"],
            stored.Select(i => i.Article.Link.AbsoluteUri).Order(StringComparer.Ordinal));
    }

    /// <summary>Backends waiting for the ingest lock, once at least <paramref name="atLeast"/> are (or after 30 s).</summary>
    private static async Task<long> WaitingForIngestLockAsync(NpgsqlConnection connection, int atLeast)
    {
        for (var attempt = 0; ; attempt++)
        {
            await using var command = new NpgsqlCommand("""
                SELECT count(*) FROM pg_locks
                WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                  AND ((classid::bigint << 32) | objid::bigint) = @key;
                """, connection);
            command.Parameters.AddWithValue("key", AdvisoryLocks.Ingest);
            var count = (long)(await command.ExecuteScalarAsync())!;
            if (count >= atLeast || attempt == 300)
            {
                return count;
            }
            await Task.Delay(100);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static PollRecord Poll(string outlet) => new()
    {
        OutletId = outlet,
        AttemptedAt = T0,
        Succeeded = true,
        StatusCode = 200,
        Articles =
        [
            new ArticleCandidate
            {
                OutletId = outlet,
                CanonicalUrl = $"https://{outlet}.example/1",
                Link = new Uri($"https://{outlet}.example/1"),
                Title = $"The story {outlet} told first",
                Summary = $"<p>What the outlet {outlet} wrote about its own town, in words no other outlet used.</p>",
                Published = T0.AddHours(-1),
                Topics = ["all"],
            },
        ],
    };
}
