using Npgsql;

namespace Aggregator.Store.Postgres;

/// <summary>What the workers sharing this database coordinate through it besides the data itself.</summary>
public sealed partial class PostgresStore
{
    /// <summary>A session advisory lock on a connection of its own, released (with the connection) on dispose or when this process dies.</summary>
    public async Task<IAsyncDisposable> ExclusiveAsync(string name, CancellationToken ct)
    {
        var connection = await OpenAsync(ct);
        try
        {
            // No command timeout: the holder may take a while (a reconcile of thousands of outlets); cancellation still ends the wait.
            await using var command = new NpgsqlCommand("SELECT pg_advisory_lock(@key);", connection) { CommandTimeout = 0 };
            command.Parameters.Add(Long("key", AdvisoryLocks.Named(name)));
            await command.ExecuteNonQueryAsync(ct);
            // Closing the session releases the lock; the pooled connection is reset on return.
            return new Section(connection);
        }
        catch (NpgsqlException e)
        {
            await connection.DisposeAsync();
            throw Translate(e);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async Task ListenAsync(Action changed, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                // Not from the pool: this connection only waits, for as long as the worker runs.
                await using var connection = await OpenAsync(ct);
                connection.Notification += (_, _) => changed();
                await ExecuteAsync(connection, null, $"LISTEN {ChangesChannel};", ct);
                // Whatever was announced while we were not listening is unknown: treat it as a change.
                changed();
                while (!ct.IsCancellationRequested)
                {
                    await connection.WaitAsync(ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or StoreException or System.IO.IOException)
            {
                // The database restarted or the network dropped: listen again shortly.
                await Task.Delay(TimeSpan.FromSeconds(1), ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private sealed class Section(NpgsqlConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await ExecuteAsync(connection, null, "SELECT pg_advisory_unlock_all();", CancellationToken.None);
            }
            catch (NpgsqlException)
            {
                // A broken connection has lost its session, and its locks with it.
            }
            await connection.DisposeAsync();
        }
    }
}
