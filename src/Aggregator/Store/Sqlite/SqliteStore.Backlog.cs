using Aggregator.Dedup;
using Microsoft.Data.Sqlite;

namespace Aggregator.Store.Sqlite;

/// <summary>The full-text backlog: articles of fullText outlets waiting for their page (issue 20).</summary>
public sealed partial class SqliteStore
{
    // Outlets whose articles from before the backlog were queued by this process: once is enough, since every
    // article stored since is queued with its poll.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _backfilled = new(StringComparer.Ordinal);

    /// <summary>Queues a poll's pages inside its transaction, after its articles (which give the rows their seq).</summary>
    private static async Task QueuePagesAsync(SqliteConnection connection, SqliteTransaction tx, PollRecord poll, CancellationToken ct)
    {
        if (poll.Backlog.Count == 0)
        {
            return;
        }
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        // An article the poll matched to one stored under another id (same URL, new guid) is no new article: nothing to queue.
        command.CommandText = """
            INSERT OR IGNORE INTO fulltext_backlog (article_seq, outlet_id, attempts, next_attempt, last_error, reason, given_up)
            SELECT seq, outlet_id, $attempts, $next, $error, $reason, $given_up FROM articles WHERE id = $id;
            """;
        var id = command.Parameters.Add("$id", SqliteType.Text);
        var attempts = command.Parameters.Add("$attempts", SqliteType.Integer);
        var next = command.Parameters.Add("$next", SqliteType.Integer);
        var error = command.Parameters.Add("$error", SqliteType.Text);
        var reason = command.Parameters.Add("$reason", SqliteType.Text);
        var givenUp = command.Parameters.Add("$given_up", SqliteType.Integer);
        foreach (var (articleId, state) in poll.Backlog)
        {
            id.Value = articleId;
            attempts.Value = state.Attempts;
            next.Value = ToUnixMs(state.NextAttempt);
            error.Value = DbValue(state.LastError);
            reason.Value = DbValue(state.GivenUpReason);
            givenUp.Value = DbTime(state.GivenUpAt);
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    public async Task<IReadOnlyList<DuePage>> TakeDuePagesAsync(string outletId, DateTimeOffset now, int limit, CancellationToken ct)
    {
        await _writeLock.WaitAsync(ct);
        try
        {
            await using var connection = await OpenAsync(ct);
            await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
            if (!_backfilled.ContainsKey(outletId))
            {
                await using var backfill = connection.CreateCommand();
                backfill.Transaction = tx;
                // Stored before the backlog existed (the feed's content was dropped, the page never fetched).
                backfill.CommandText = """
                    INSERT OR IGNORE INTO fulltext_backlog (article_seq, outlet_id, attempts, next_attempt)
                    SELECT a.seq, a.outlet_id, 0, $now FROM articles a
                    WHERE a.outlet_id = $outlet AND a.content IS NULL
                      AND NOT EXISTS (SELECT 1 FROM fulltext_backlog b WHERE b.article_seq = a.seq);
                    """;
                backfill.Parameters.AddWithValue("$outlet", outletId);
                backfill.Parameters.AddWithValue("$now", ToUnixMs(now));
                await backfill.ExecuteNonQueryAsync(ct);
            }
            var due = new List<DuePage>();
            await using (var select = connection.CreateCommand())
            {
                select.Transaction = tx;
                select.CommandText = $"""
                    SELECT {StoredRows.ArticleColumns}, a.sort_time, b.attempts
                    FROM fulltext_backlog b JOIN articles a ON a.seq = b.article_seq
                    WHERE b.outlet_id = $outlet AND b.given_up IS NULL AND b.next_attempt <= $now
                    ORDER BY a.sort_time DESC, a.seq DESC
                    LIMIT $limit;
                    """;
                select.Parameters.AddWithValue("$outlet", outletId);
                select.Parameters.AddWithValue("$now", ToUnixMs(now));
                select.Parameters.AddWithValue("$limit", limit);
                await using var reader = await select.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    due.Add(new DuePage(reader.GetInt64(16), StoredRows.Article(reader), reader.GetInt64(17), reader.GetInt32(18)));
                }
            }
            await tx.CommitAsync(ct);
            _backfilled[outletId] = true;
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
        // Folded before the writer is taken, as a poll's articles are.
        var identities = outcomes.Select(o => o.Content is null ? (TextIdentity?)null : TextIdentity.Of(o.Page.Article.Title, o.Content)).ToList();
        await _writeLock.WaitAsync(ct);
        try
        {
            var signatures = new List<(long Seq, NearDuplicateSignature Signature)>();
            await using var connection = await OpenAsync(ct);
            await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
            await using var statements = new StatementCache(connection, tx);
            for (var i = 0; i < outcomes.Count; i++)
            {
                var outcome = outcomes[i];
                if (identities[i] is { } identity)
                {
                    await SavePageContentAsync(statements, outcome, identity, now, ct);
                    signatures.Add((outcome.Page.Seq, identity.Signature));
                }
                else if (outcome.Retry is { } retry)
                {
                    await SaveRetryAsync(statements, outcome.Page.Seq, retry, ct);
                }
            }
            await tx.CommitAsync(ct);
            // Only what is committed may be found by later lookups (and only once the index exists: it loads from the rows).
            foreach (var (seq, signature) in signatures)
            {
                _index?.Add(seq, signature);
            }
            return signatures.Count;
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

    private async Task SavePageContentAsync(StatementCache statements, PageOutcome outcome, TextIdentity identity, DateTimeOffset now, CancellationToken ct)
    {
        var update = statements.For("""
            UPDATE articles SET content = $content, changed_at = $now, fingerprint = $fingerprint, signature = $signature
            WHERE seq = $seq;
            """);
        StatementCache.Bind(update, "$content", DbValue(outcome.Content));
        StatementCache.Bind(update, "$now", ToUnixMs(now));
        StatementCache.Bind(update, "$fingerprint", identity.Fingerprint);
        StatementCache.Bind(update, "$signature", identity.Signature.ToBytes());
        StatementCache.Bind(update, "$seq", outcome.Page.Seq);
        await update.ExecuteNonQueryAsync(ct);
        // The page's text can decide a topic the feed's teaser did not: the ingest's own statements rewrite them.
        await using (var queries = new IngestQueries(this, statements.Connection, statements.Transaction))
        {
            await queries.DeleteTopicsAsync(outcome.Page.Seq, ct);
            await queries.InsertTopicsAsync(outcome.Page.Seq, outcome.Topics, outcome.Page.SortTime, ct);
        }
        var done = statements.For("DELETE FROM fulltext_backlog WHERE article_seq = $seq;");
        StatementCache.Bind(done, "$seq", outcome.Page.Seq);
        await done.ExecuteNonQueryAsync(ct);
    }

    private static async Task SaveRetryAsync(StatementCache statements, long seq, BacklogState retry, CancellationToken ct)
    {
        var command = statements.For("""
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

    public async Task<IReadOnlyList<BacklogCount>> GetBacklogAsync(CancellationToken ct)
    {
        try
        {
            await using var connection = await OpenAsync(ct);
            await using var command = connection.CreateCommand();
            command.CommandText = BacklogRows.CountSql;
            await using var reader = await command.ExecuteReaderAsync(ct);
            return await StoredRows.ListAsync(reader, BacklogRows.Count, ct);
        }
        catch (SqliteException e)
        {
            throw Translate(e);
        }
    }

    public async Task<BacklogState?> GetBacklogStateAsync(string articleId, CancellationToken ct)
    {
        try
        {
            await using var connection = await OpenAsync(ct);
            await using var command = connection.CreateCommand();
            command.CommandText = BacklogRows.StateSql;
            command.Parameters.AddWithValue("@id", articleId);
            await using var reader = await command.ExecuteReaderAsync(ct);
            return await reader.ReadAsync(ct) ? BacklogRows.State(reader) : null;
        }
        catch (SqliteException e)
        {
            throw Translate(e);
        }
    }
}
