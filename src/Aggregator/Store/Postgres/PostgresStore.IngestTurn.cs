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
