using Aggregator.Dedup;
using Microsoft.Data.Sqlite;

namespace Aggregator.Store.Sqlite;

/// <summary>The full-text backlog: articles of fullText outlets waiting for their page (issue 20).</summary>
public sealed partial class SqliteStore
{
    private readonly BackfilledOutlets _backfilled = new();

    public async Task<IReadOnlyList<DuePage>> TakeDuePagesAsync(string outletId, DateTimeOffset now, int limit, CancellationToken ct)
    {
        await _writeLock.WaitAsync(ct);
        try
        {
            await using var connection = await OpenAsync(ct);
            await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
            await using var queries = new BacklogQueries(this, connection, tx);
            var due = await BacklogIngest.TakeDueAsync(queries, outletId, _backfilled.Contains(outletId), now, limit, ct);
            await tx.CommitAsync(ct);
            _backfilled.Committed(outletId);
            return due;
        }
        catch (SqliteException e)
        {
            throw Translate(e);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async Task<int> SavePagesAsync(IReadOnlyList<PageOutcome> outcomes, DateTimeOffset now, CancellationToken ct)
    {
        if (outcomes.Count == 0)
        {
            return 0;
        }
        var identities = BacklogIngest.Prepare(outcomes);
        await _writeLock.WaitAsync(ct);
        try
        {
            await using var connection = await OpenAsync(ct);
            await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
            await using var queries = new BacklogQueries(this, connection, tx);
            var stored = await BacklogIngest.SaveAsync(queries, outcomes, identities, now, ct);
            await tx.CommitAsync(ct);
            // Only what is committed may be found by later lookups.
            queries.CommitIndexed();
            return stored;
        }
        catch (SqliteException e)
        {
            throw Translate(e);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public Task<IReadOnlyList<BacklogCount>> GetBacklogAsync(CancellationToken ct) =>
        ReadAsync(connection => StoredReads.BacklogAsync(connection, ct), ct);

    public Task<BacklogState?> GetBacklogStateAsync(string articleId, CancellationToken ct) =>
        ReadAsync(connection => StoredReads.BacklogStateAsync(connection, articleId, ct), ct);

    /// <summary><see cref="BacklogIngest"/>'s statements in SQLite; the store's write lock already orders every write.</summary>
    private sealed class BacklogQueries(SqliteStore store, SqliteConnection connection, SqliteTransaction tx) : IBacklogQueries, IAsyncDisposable
    {
        private readonly StatementCache _statements = new(connection, tx);
        // A page's topics are rewritten by the ingest's own statements.
        private readonly IngestQueries _topics = new(store, connection, tx);
        private readonly List<(long Seq, NearDuplicateSignature Signature)> _indexed = [];

        public async Task BackfillAsync(string outletId, DateTimeOffset now, CancellationToken ct)
        {
            var command = _statements.For("""
                INSERT OR IGNORE INTO fulltext_backlog (article_seq, outlet_id, attempts, next_attempt)
                SELECT a.seq, a.outlet_id, 0, $now FROM articles a
                WHERE a.outlet_id = $outlet AND a.content IS NULL
                  AND NOT EXISTS (SELECT 1 FROM fulltext_backlog b WHERE b.article_seq = a.seq);
                """);
            StatementCache.Bind(command, "$outlet", outletId);
            StatementCache.Bind(command, "$now", ToUnixMs(now));
            await command.ExecuteNonQueryAsync(ct);
        }

        public async Task<List<DuePage>> DueAsync(string outletId, DateTimeOffset now, int limit, CancellationToken ct)
        {
            var command = _statements.For(DueSql);
            StatementCache.Bind(command, "$outlet", outletId);
            StatementCache.Bind(command, "$now", ToUnixMs(now));
            StatementCache.Bind(command, "$limit", limit);
            await using var reader = await command.ExecuteReaderAsync(ct);
            return await StoredRows.ListAsync(reader, BacklogRows.Due, ct);
        }

        private const string DueSql = $"""
            SELECT {BacklogRows.DueColumns}
            FROM fulltext_backlog b JOIN articles a ON a.seq = b.article_seq
            WHERE b.outlet_id = $outlet AND b.given_up IS NULL AND b.next_attempt <= $now
            ORDER BY a.sort_time DESC, a.seq DESC
            LIMIT $limit;
            """;

        public Task BeginTextsAsync(CancellationToken ct) => Task.CompletedTask;

        public async Task SaveTextAsync(long seq, string content, TextIdentity identity, DateTimeOffset now, CancellationToken ct)
        {
            var update = _statements.For("""
                UPDATE articles SET content = $content, changed_at = $now, fingerprint_key = $fingerprint, signature = $signature
                WHERE seq = $seq;
                """);
            StatementCache.Bind(update, "$content", PackedText.Pack(content)!);
            StatementCache.Bind(update, "$now", ToUnixMs(now));
            StatementCache.Bind(update, "$fingerprint", FingerprintKey(identity.Fingerprint));
            StatementCache.Bind(update, "$signature", identity.Signature.ToBytes());
            StatementCache.Bind(update, "$seq", seq);
            await update.ExecuteNonQueryAsync(ct);
            var done = _statements.For("DELETE FROM fulltext_backlog WHERE article_seq = $seq;");
            StatementCache.Bind(done, "$seq", seq);
            await done.ExecuteNonQueryAsync(ct);
        }

        public Task DeleteTopicsAsync(long seq, CancellationToken ct) => _topics.DeleteTopicsAsync(seq, ct);

        public Task InsertTopicsAsync(long seq, IReadOnlyList<string> topics, long sortTime, CancellationToken ct) =>
            _topics.InsertTopicsAsync(seq, topics, sortTime, ct);

        public async Task SaveRetryAsync(long seq, BacklogState retry, CancellationToken ct)
        {
            var command = _statements.For("""
                UPDATE fulltext_backlog SET attempts = $attempts, next_attempt = $next, last_error = $error, reason = $reason, given_up = $given_up
                WHERE article_seq = $seq;
                """);
            StatementCache.Bind(command, "$attempts", retry.Attempts);
            StatementCache.Bind(command, "$next", ToUnixMs(retry.NextAttempt));
            StatementCache.Bind(command, "$error", DbValue(retry.LastError));
            StatementCache.Bind(command, "$reason", DbValue(retry.GivenUpReason));
            StatementCache.Bind(command, "$given_up", DbTime(retry.GivenUpAt));
            StatementCache.Bind(command, "$seq", seq);
            await command.ExecuteNonQueryAsync(ct);
        }

        public void Indexed(long seq, NearDuplicateSignature signature) => _indexed.Add((seq, signature));

        /// <summary>After commit; only once the index exists (it loads from the rows when the first poll needs it).</summary>
        public void CommitIndexed()
        {
            foreach (var (seq, signature) in _indexed)
            {
                store._index?.Add(seq, signature);
            }
        }

        // SQLite readers learn of changes from the one process that writes the file.
        public Task AnnounceChangeAsync(CancellationToken ct) => Task.CompletedTask;

        public async ValueTask DisposeAsync()
        {
            await _topics.DisposeAsync();
            await _statements.DisposeAsync();
        }
    }

    /// <summary>Queues a poll's pages inside its transaction, after its articles (which give the rows their seq).</summary>
    private static Task QueuePagesAsync(SqliteConnection connection, SqliteTransaction tx, PollRecord poll, CancellationToken ct) =>
        BacklogIngest.QueuePagesAsync(poll, () => new PageQueue(connection, tx), ct);

    /// <summary><see cref="BacklogIngest.QueuePagesAsync"/>'s statement in SQLite, compiled once per poll.</summary>
    private sealed class PageQueue(SqliteConnection connection, SqliteTransaction tx) : IPageQueue
    {
        private readonly StatementCache _statements = new(connection, tx);

        public async Task QueueAsync(string articleId, BacklogState state, CancellationToken ct)
        {
            var command = _statements.For("""
                INSERT OR IGNORE INTO fulltext_backlog (article_seq, outlet_id, attempts, next_attempt, last_error, reason, given_up)
                SELECT seq, outlet_id, $attempts, $next, $error, $reason, $given_up FROM articles WHERE id = $id;
                """);
            StatementCache.Bind(command, "$id", articleId);
            StatementCache.Bind(command, "$attempts", state.Attempts);
            StatementCache.Bind(command, "$next", ToUnixMs(state.NextAttempt));
            StatementCache.Bind(command, "$error", DbValue(state.LastError));
            StatementCache.Bind(command, "$reason", DbValue(state.GivenUpReason));
            StatementCache.Bind(command, "$given_up", DbTime(state.GivenUpAt));
            await command.ExecuteNonQueryAsync(ct);
        }

        public ValueTask DisposeAsync() => _statements.DisposeAsync();
    }
}
