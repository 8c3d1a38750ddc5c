using System.Data;
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
    /// The connection the turn's writers use, kept between turns and touched only by the turn's holder (issue 23). On the
    /// shared pool a turn landed on whichever of its 64+ connections was free, so each connection ran a statement a
    /// handful of times: never often enough for it to be prepared and its plan kept (Npgsql prepares after 5 uses,
    /// PostgreSQL keeps a generic plan after 5 more), and every backend loaded the schema's catalog entries, compiled the
    /// trigger functions and planned the foreign-key checks for itself. It is a connection of its own, not a pool of one:
    /// a pool hands its connection out and takes it back, and a holder that never gave it back (a cancelled ping did,
    /// in the first version) made every later poll wait out the pool's open timeout. Here there is nothing to give back;
    /// the turn's holder uses it, and on leaving the turn a connection that is no longer open is dropped.
    /// </summary>
    private NpgsqlConnection? _ingestConnection;

    /// <summary>When the ingest connection was last used (<see cref="Environment.TickCount64"/>), read under the turn.</summary>
    private long _ingestUsedAt;

    /// <summary>How long the ingest connection may rest before it is tried first (tests lower it to reach that path at once).</summary>
    internal long IngestIdleCheckMs { get; init; } = 5_000;

    /// <summary>How long the ingest connection may rest before it is closed, as an operator's idle pooled connections are.</summary>
    internal long IngestIdleCloseMs { get; init; } = 60_000;

    /// <summary>Closes the ingest connection once it has rested <see cref="IngestIdleCloseMs"/>, so an idle worker holds no backend.</summary>
    private Timer? _ingestIdleCloser;

    private async Task<IngestTurn> TakeIngestTurnAsync(CancellationToken ct)
    {
        await _ingestTurn.WaitAsync(ct);
        return new IngestTurn(this);
    }

    /// <summary>
    /// The ingest connection, for the holder of the ingest turn only. After a pause it is tried first: a kept backend may
    /// have ended meanwhile (a server restart, idle_session_timeout), and a poll should not fail for a connection that
    /// a fresh one replaces. Back-to-back polls, as in a bulk round, skip that round trip.
    /// </summary>
    private async Task<NpgsqlConnection> IngestConnectionAsync(CancellationToken ct)
    {
        try
        {
            if (_ingestConnection is { } kept)
            {
                if (Environment.TickCount64 - _ingestUsedAt < IngestIdleCheckMs)
                {
                    return kept;
                }
                try
                {
                    await using var ping = new NpgsqlCommand("SELECT 1;", kept);
                    await ping.ExecuteNonQueryAsync(ct);
                    return kept;
                }
                catch (NpgsqlException)
                {
                    // Its backend is gone: a new one replaces it (and its own error, if any, is the one to report).
                    await DropIngestConnectionAsync();
                }
            }
            _ingestConnection = await _ingestSource.OpenConnectionAsync(ct);
            _ingestIdleCloser ??= new Timer(_ => _ = CloseIdleIngestConnectionAsync(), null, IngestIdleCloseMs, IngestIdleCloseMs / 4);
            return _ingestConnection;
        }
        catch (NpgsqlException e)
        {
            throw Translate(e);
        }
    }

    private async Task DropIngestConnectionAsync()
    {
        if (_ingestConnection is { } connection)
        {
            _ingestConnection = null;
            await connection.DisposeAsync();
        }
    }

    /// <summary>Closes a rested ingest connection, unless a writer holds the turn (then it is not resting).</summary>
    private async Task CloseIdleIngestConnectionAsync()
    {
        if (!_ingestTurn.Wait(0))
        {
            return;
        }
        try
        {
            if (_ingestConnection is not null && Environment.TickCount64 - _ingestUsedAt >= IngestIdleCloseMs)
            {
                await DropIngestConnectionAsync();
            }
        }
        catch (NpgsqlException)
        {
            // Closing a connection whose backend has gone: it is gone either way.
        }
        catch (ObjectDisposedException)
        {
            // The store was disposed meanwhile.
        }
        finally
        {
            _ingestTurn.Release();
        }
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

    /// <summary>
    /// A writer's hold on the turn and its connection. Leaving it drops a connection that is not plainly open (broken, or
    /// left mid-statement by a cancelled poll), so the next holder starts on a fresh one rather than on whatever is left.
    /// </summary>
    private sealed class IngestTurn(PostgresStore store) : IAsyncDisposable
    {
        private int _released;

        public Task<NpgsqlConnection> ConnectionAsync(CancellationToken ct) => store.IngestConnectionAsync(ct);

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) != 0)
            {
                return;
            }
            try
            {
                if (store._ingestConnection is { FullState: not ConnectionState.Open })
                {
                    await store.DropIngestConnectionAsync();
                }
            }
            catch (NpgsqlException)
            {
                // Closing a connection whose backend has gone: it is gone either way.
            }
            finally
            {
                store._ingestUsedAt = Environment.TickCount64;
                store._ingestTurn.Release();
            }
        }
    }
}
