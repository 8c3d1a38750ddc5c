using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Aggregator.Store.Sqlite;

/// <summary>
/// When the write-ahead log is copied back into the database. A checkpoint copies every page the log holds; a page that
/// a bulk round goes on rewriting after a checkpoint mid-round is copied again at the next one (issue 23: in a
/// 97k-article cold poll the mid-poll checkpoint and the final one copied 162 MB for a 152 MB database). So a round's
/// log waits for a pause in the writes (<see cref="IdleCheckpointBytes"/>), and only a log past the bound
/// (<see cref="WalLimitPages"/>) is checkpointed while writes go on.
/// </summary>
public sealed partial class SqliteStore
{
    /// <summary>
    /// Pages past which a commit checkpoints the log whatever else is going on (every connection's wal_autocheckpoint):
    /// 512 MB, above a 2,000-outlet cold poll's whole log (about 400 MB), so such a round checkpoints once, at its end.
    /// On disk the log can pass it by one commit, or for as long as a reader still reads an older snapshot.
    /// </summary>
    internal const int DefaultWalLimitPages = 131_072;

    /// <summary>
    /// A log longer than this is checkpointed (and truncated) as soon as writes pause (SQLite's own default is 4 MB, the
    /// store's was 64 MB for every commit): a pause is where a bulk round ends, and a quiet store does not keep a large log.
    /// </summary>
    internal const long DefaultIdleCheckpointBytes = 64L * 1024 * 1024;

    /// <summary>How long no poll may have been taken for the writes to count as paused.</summary>
    internal static readonly TimeSpan DefaultIdleCheckpointAfter = TimeSpan.FromSeconds(2);

    /// <summary>Once checkpointed, a log longer than this is cut back, so the disk does not keep its high-water mark.</summary>
    private const long WalSizeLimitBytes = 64L * 1024 * 1024;

    /// <summary>The busy timeout every connection opens with (<see cref="SqliteConnectionStringBuilder.DefaultTimeout"/>, 30 s).</summary>
    private const int ConnectionBusyTimeoutMs = 30_000;

    private int _walLimitPages = DefaultWalLimitPages;
    private ITimer? _idleCheckpoints;
    private int _pollsTakenAtLastLook = -1;
    private int _idleCheckpointsDone;
    private volatile bool _disposed;

    /// <summary>The bound in force (tests lower it; connections opened after the change use it).</summary>
    internal int WalLimitPages
    {
        get => _walLimitPages;
        set
        {
            _walLimitPages = value;
            _connectionPragmas = ConnectionPragmas();
        }
    }

    /// <summary>
    /// How often the store looks for a pause; set before <see cref="MigrateAsync(CancellationToken)"/>. Tests that call
    /// <see cref="CheckpointIfIdleAsync"/> themselves turn the looks off (<see cref="Timeout.InfiniteTimeSpan"/>).
    /// </summary>
    internal TimeSpan IdleCheckpointAfter { get; set; } = DefaultIdleCheckpointAfter;

    /// <summary>The idle threshold in force (tests lower it).</summary>
    internal long IdleCheckpointBytes { get; set; } = DefaultIdleCheckpointBytes;

    /// <summary>Checkpoints tried in a pause so far, whether or not they could copy every frame (tests count them).</summary>
    internal int IdleCheckpointsDone => Volatile.Read(ref _idleCheckpointsDone);

    /// <summary>The log's file as it stands on disk (0 when there is none).</summary>
    internal long LogBytes()
    {
        var log = new FileInfo(DatabasePath + "-wal");
        return log.Exists ? log.Length : 0;
    }

    // temp_store = MEMORY also keeps statement journals in memory: a statement inside a poll's transaction that
    // must be undoable on its own (a foreign key, an upsert) wrote its undo pages to a temporary file otherwise.
    // foreign_keys: this e_sqlite3 build turns them on by default, SQLite's own default is off; said here so the store
    // does not depend on the build (a no-op inside a transaction, and a pooled connection is opened outside one).
    // synchronous is per connection too: set only by the migration, every other physical connection committed with this
    // build's default (FULL, an fsync of the log per commit), not the NORMAL the store chose: durable across
    // application crashes in WAL mode; only power loss can drop the last commits.
    private string ConnectionPragmas() => string.Create(CultureInfo.InvariantCulture,
        $"PRAGMA foreign_keys = 1; PRAGMA synchronous = NORMAL; PRAGMA temp_store = MEMORY; PRAGMA wal_autocheckpoint = {_walLimitPages}; PRAGMA journal_size_limit = {WalSizeLimitBytes};")
        + (_maxPageCount is { } pages ? string.Create(CultureInfo.InvariantCulture, $" PRAGMA max_page_count = {pages};") : "");

    /// <summary>Starts looking for pauses (once the schema is there: a store that is never migrated never writes).</summary>
    private void WatchForIdleCheckpoints()
    {
        if (IdleCheckpointAfter == Timeout.InfiniteTimeSpan)
        {
            return;
        }
        _idleCheckpoints ??= TimeProvider.System.CreateTimer(_ => _ = CheckpointIfIdleAsync(), null, IdleCheckpointAfter, IdleCheckpointAfter);
    }

    /// <summary>
    /// Checkpoints a long log when no poll was taken since the last look, none is waiting and no writer holds the lock.
    /// PASSIVE copies what it can without waiting for anyone; TRUNCATE then empties the file once readers are off the log.
    /// A checkpoint that cannot finish (a reader on an older snapshot) is tried again at the next look; nothing is lost
    /// either way: the log keeps every commit until it is copied.
    /// </summary>
    internal async Task CheckpointIfIdleAsync()
    {
        var taken = PollsTaken;
        var paused = Interlocked.Exchange(ref _pollsTakenAtLastLook, taken) == taken && _pendingPolls.IsEmpty;
        if (_disposed || !paused || LogBytes() <= IdleCheckpointBytes)
        {
            return;
        }
        try
        {
            if (!_writeLock.Wait(0))
            {
                return;
            }
        }
        catch (ObjectDisposedException)
        {
            return;
        }
        try
        {
            await using var connection = await OpenAsync(CancellationToken.None);
            var (busy, logPages, copied) = await CheckpointAsync(connection, "PASSIVE");
            if (busy == 0 && copied == logPages)
            {
                // TRUNCATE waits for readers of older snapshots with the busy handler, and the writers wait behind it:
                // a short wait here, the next pause tries again.
                await ExecuteAsync(connection, $"PRAGMA busy_timeout = {(int)DefaultIdleCheckpointAfter.TotalMilliseconds};", CancellationToken.None);
                try
                {
                    await CheckpointAsync(connection, "TRUNCATE");
                }
                finally
                {
                    await ExecuteAsync(connection, $"PRAGMA busy_timeout = {ConnectionBusyTimeoutMs};", CancellationToken.None);
                }
            }
            Interlocked.Increment(ref _idleCheckpointsDone);
        }
        catch (Exception e) when (e is SqliteException or StoreException or ObjectDisposedException)
        {
            // The log stays as it is (every commit in it is durable) and the next pause tries again.
        }
        finally
        {
            ReleaseUnlessDisposed();
        }
    }

    private void ReleaseUnlessDisposed()
    {
        try
        {
            _writeLock.Release();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private static async Task<(long Busy, long LogPages, long Copied)> CheckpointAsync(SqliteConnection connection, string mode)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA wal_checkpoint({mode});";
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2)) : (1, 0, 0);
    }
}
