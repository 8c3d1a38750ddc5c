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

    [Fact]
    public async Task SavePoll_OneAfterAnother_RunOnOneKeptBackend_ReplacedWhenItEnds()
    {
        // Unpooled, as the fixture's stores are: each poll used to open (and end) a backend of its own.
        var database = await (await PostgresServer.Shared).CreateDatabaseAsync();
        await using var store = new PostgresStore(database) { IngestIdleCheckMs = 0 };
        await store.MigrateAsync(CancellationToken.None);
        await using var watcher = new NpgsqlConnection(database);
        await watcher.OpenAsync();
        await OtherBackendsAsync(watcher, settledAt: 0);

        var seen = new List<int[]>();
        foreach (var outlet in new[] { "a", "b", "c", "d" })
        {
            Assert.Equal(1, (await store.SavePollAsync(Poll(outlet), CancellationToken.None)).New);
            seen.Add(await OtherBackendsAsync(watcher, settledAt: 1));
        }
        // Ended under the worker (a server restart, idle_session_timeout): the next poll opens another and is stored.
        await ExecuteAsync(watcher, $"SELECT pg_terminate_backend({seen[0].Single()});");
        await OtherBackendsAsync(watcher, settledAt: 0);
        var after = await store.SavePollAsync(Poll("e"), CancellationToken.None);
        var replaced = await OtherBackendsAsync(watcher, settledAt: 1);

        Assert.All(seen, pids => Assert.Equal(seen[0], pids));
        Assert.Single(seen[0]);
        Assert.Equal(1, after.New);
        Assert.NotEqual(seen[0], replaced);
        Assert.Equal(5, (await store.GetTopicItemsAsync("all", 10, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task SavePoll_AfterAPollCancelledWhileWaitingForTheLock_IsStored()
    {
        // The first kept connection was a pool of one: a poll cancelled at the wrong moment never gave it back, and every
        // later poll of the worker failed after the pool's open timeout (5 s here, so such a failure shows quickly).
        var database = await (await PostgresServer.Shared).CreateDatabaseAsync();
        await using var store = new PostgresStore(new NpgsqlConnectionStringBuilder(database) { Timeout = 5 }.ConnectionString) { IngestIdleCheckMs = 0 };
        await store.MigrateAsync(CancellationToken.None);
        await using var other = new NpgsqlConnection(database);
        await other.OpenAsync();
        Assert.Equal(1, (await store.SavePollAsync(Poll("a"), CancellationToken.None)).New);
        await ExecuteAsync(other, $"SELECT pg_advisory_lock({AdvisoryLocks.Ingest});");

        using var cancel = new CancellationTokenSource();
        var cancelled = store.SavePollAsync(Poll("b"), cancel.Token);
        Assert.Equal(1, await WaitingForIngestLockAsync(other, atLeast: 1));
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        await ExecuteAsync(other, $"SELECT pg_advisory_unlock({AdvisoryLocks.Ingest});");
        var next = await store.SavePollAsync(Poll("c"), CancellationToken.None);

        Assert.Equal(1, next.New);
        Assert.Equal(["https://a.example/1", "https://c.example/1"],
            (await store.GetTopicItemsAsync("all", 10, CancellationToken.None)).Select(i => i.Article.Link.AbsoluteUri).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task IngestConnection_RestingPastItsIdleLimit_IsClosed()
    {
        var database = await (await PostgresServer.Shared).CreateDatabaseAsync();
        await using var store = new PostgresStore(database) { IngestIdleCloseMs = 200 };
        await store.MigrateAsync(CancellationToken.None);
        await using var watcher = new NpgsqlConnection(database);
        await watcher.OpenAsync();

        Assert.Equal(1, (await store.SavePollAsync(Poll("a"), CancellationToken.None)).New);
        var resting = await OtherBackendsAsync(watcher, settledAt: 0);
        var again = await store.SavePollAsync(Poll("b"), CancellationToken.None);

        Assert.Empty(resting);
        Assert.Equal(1, again.New);
    }

    /// <summary>The other client backends of the database, once there are <paramref name="settledAt"/> of them (or after 10 s).</summary>
    private static async Task<int[]> OtherBackendsAsync(NpgsqlConnection connection, int settledAt)
    {
        for (var attempt = 0; ; attempt++)
        {
            await using var command = new NpgsqlCommand("""
                SELECT pid FROM pg_stat_activity
                WHERE datname = current_database() AND backend_type = 'client backend' AND pid <> pg_backend_pid() ORDER BY pid;
                """, connection);
            var pids = new List<int>();
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    pids.Add(reader.GetInt32(0));
                }
            }
            if (pids.Count == settledAt || attempt == 100)
            {
                return [.. pids];
            }
            await Task.Delay(100);
        }
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
