using Npgsql;

namespace Aggregator.Store.Postgres;

public sealed partial class PostgresStore
{
    /// <summary>
    /// This worker's writers under the ingest lock, one at a time. The lock admits one transaction cluster-wide anyway;
    /// without this turn every poll in progress (64 in a bulk round) opened a transaction and waited for the lock inside
    /// the server, where a wait longer than the command timeout failed the poll with "Timeout during reading attempt"
    /// (issue 23). Queued here, a poll holds no connection while it waits, and only one backend per worker waits on
    /// the lock, for other workers' transactions.
    /// </summary>
    private readonly SemaphoreSlim _ingestTurn = new(1, 1);

    /// <summary>
    /// The connection the turn's writers use: one backend per worker, kept between polls (issue 23). Taken from the
    /// shared pool, a poll landed on whichever of its 64+ connections was free, so each connection ran a statement a
    /// handful of times: never often enough for it to be prepared and its plan kept (Npgsql prepares after 5 uses,
    /// PostgreSQL keeps a generic plan after 5 more), and every backend loaded the schema's catalog entries, compiled
    /// the trigger functions and planned the foreign-key checks for itself. Only the turn's holder opens it, so a pool of
    /// one never waits; idle for a minute it closes, as an operator's idle pooled connections do after five.
    /// </summary>
    private static NpgsqlDataSource IngestSource(NpgsqlConnectionStringBuilder shared) =>
        NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(shared.ConnectionString)
        {
            Pooling = true,
            MinPoolSize = 0,
            MaxPoolSize = 1,
            ConnectionIdleLifetime = 60,
        });

    /// <summary>When the ingest connection was last handed out (Environment.TickCount64).</summary>
    private long _ingestUsedAt;

    /// <summary>
    /// The ingest connection, for the holder of the ingest turn only. After a pause it is tried first: a kept backend may
    /// have ended meanwhile (a server restart, idle_session_timeout), and a poll should not fail for a connection that
    /// a fresh one replaces. Back-to-back polls, as in a bulk round, skip that round trip.
    /// </summary>
    private async Task<NpgsqlConnection> OpenIngestAsync(CancellationToken ct)
    {
        var idleMs = Environment.TickCount64 - Interlocked.Exchange(ref _ingestUsedAt, Environment.TickCount64);
        try
        {
            var connection = await _ingestSource.OpenConnectionAsync(ct);
            if (idleMs < IngestIdleCheckMs)
            {
                return connection;
            }
            try
            {
                await using var ping = new NpgsqlCommand("SELECT 1;", connection);
                await ping.ExecuteNonQueryAsync(ct);
                return connection;
            }
            catch (NpgsqlException)
            {
                // Broken: the pool drops it; the next open starts a new backend (its own error, if any, is the one to report).
                await connection.DisposeAsync();
                return await _ingestSource.OpenConnectionAsync(ct);
            }
        }
        catch (NpgsqlException e)
        {
            throw Translate(e);
        }
    }

    /// <summary>How long the ingest connection may rest before it is tried first (tests lower it to reach that path at once).</summary>
    internal long IngestIdleCheckMs { get; init; } = 5_000;

    private async Task<IDisposable> TakeIngestTurnAsync(CancellationToken ct)
    {
        await _ingestTurn.WaitAsync(ct);
        return new IngestTurn(_ingestTurn);
    }

    /// <summary>
    /// The cluster-wide ingest lock, held until the transaction ends. Waited for without a command timeout, as the
    /// migration lock is: the wait is for other workers' writes, each of whose statements is itself bounded, and a poll
    /// that gave up after the timeout lost work it had already fetched and parsed. The poll's token still ends the wait.
    /// </summary>
    private static async Task TakeIngestLockAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({AdvisoryLocks.Ingest});", connection, tx) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(ct);
    }

    private sealed class IngestTurn(SemaphoreSlim turn) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                turn.Release();
            }
        }
    }
}
