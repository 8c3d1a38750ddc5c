using Aggregator.Dedup;
using Npgsql;

namespace Aggregator.Store.Postgres;

/// <summary>The full-text backlog: articles of fullText outlets waiting for their page (issue 20).</summary>
public sealed partial class PostgresStore
{
    // Outlets whose articles from before the backlog were queued by this process: once is enough, since every
    // article stored since is queued with its poll.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _backfilled = new(StringComparer.Ordinal);

    /// <summary>Queues a poll's pages inside its transaction, after its articles (which give the rows their seq).</summary>
    private static async Task QueuePagesAsync(NpgsqlConnection connection, NpgsqlTransaction tx, PollRecord poll, CancellationToken ct)
    {
        if (poll.Backlog.Count == 0)
        {
            return;
        }
        // An article the poll matched to one stored under another id (same URL, new guid) is no new article: nothing to queue.
        await using var command = new NpgsqlCommand("""
            INSERT INTO fulltext_backlog (article_seq, outlet_id, attempts, next_attempt, last_error, reason, given_up)
            SELECT seq, outlet_id, @attempts, @next, @error, @reason, @given_up FROM articles WHERE id = @id
            ON CONFLICT (article_seq) DO NOTHING;
            """, connection, tx);
        var id = command.Parameters.Add(Text("id", null));
        var attempts = command.Parameters.Add(Long("attempts", 0));
        var next = command.Parameters.Add(Long("next", 0));
        var error = command.Parameters.Add(Text("error", null));
        var reason = command.Parameters.Add(Text("reason", null));
        var givenUp = command.Parameters.Add(Long("given_up", null));
        foreach (var (articleId, state) in poll.Backlog)
        {
            id.Value = articleId;
            attempts.Value = (long)state.Attempts;
            next.Value = state.NextAttempt.ToUnixTimeMilliseconds();
            error.Value = (object?)state.LastError ?? DBNull.Value;
            reason.Value = (object?)state.GivenUpReason ?? DBNull.Value;
            givenUp.Value = (object?)state.GivenUpAt?.ToUnixTimeMilliseconds() ?? DBNull.Value;
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    public async Task<IReadOnlyList<DuePage>> TakeDuePagesAsync(string outletId, DateTimeOffset now, int limit, CancellationToken ct)
    {
        try
        {
            await using var connection = await OpenAsync(ct);
            await using var tx = await connection.BeginTransactionAsync(ct);
            // Stored before the backlog existed (the feed's content was dropped, the page never fetched).
            if (!_backfilled.ContainsKey(outletId))
            {
                await using var backfill = new NpgsqlCommand("""
                INSERT INTO fulltext_backlog (article_seq, outlet_id, attempts, next_attempt)
                SELECT a.seq, a.outlet_id, 0, @now FROM articles a
                WHERE a.outlet_id = @outlet AND a.content IS NULL
                  AND NOT EXISTS (SELECT 1 FROM fulltext_backlog b WHERE b.article_seq = a.seq)
                ON CONFLICT (article_seq) DO NOTHING;
                """, connection, tx);
                backfill.Parameters.Add(Text("outlet", outletId));
                backfill.Parameters.Add(Time("now", now));
                await backfill.ExecuteNonQueryAsync(ct);
            }
            var due = new List<DuePage>();
            await using (var select = new NpgsqlCommand($"""
                SELECT {StoredRows.ArticleColumns}, a.sort_time, b.attempts
                FROM fulltext_backlog b JOIN articles a ON a.seq = b.article_seq
                WHERE b.outlet_id = @outlet AND b.given_up IS NULL AND b.next_attempt <= @now
                ORDER BY a.sort_time DESC, a.seq DESC
                LIMIT @limit;
                """, connection, tx))
            {
                select.Parameters.Add(Text("outlet", outletId));
                select.Parameters.Add(Time("now", now));
                select.Parameters.Add(Long("limit", limit));
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
        catch (NpgsqlException e)
        {
            throw Translate(e);
        }
    }

    public async Task<int> SavePagesAsync(IReadOnlyList<PageOutcome> outcomes, DateTimeOffset now, CancellationToken ct)
    {
        if (outcomes.Count == 0)
        {
            return 0;
        }
        // Folded before the ingest lock is taken, as a poll's articles are.
        var identities = outcomes.Select(o => o.Content is null ? (TextIdentity?)null : TextIdentity.Of(o.Page.Article.Title, o.Content)).ToList();
        try
        {
            await using var connection = await OpenAsync(ct);
            await using var tx = await connection.BeginTransactionAsync(ct);
            var changed = 0;
            if (identities.Any(i => i is not null))
            {
                // A new signature takes the next revision: held until commit, like every article write, so no worker's
                // index catch-up skips it.
                await ExecuteAsync(connection, tx, $"SELECT pg_advisory_xact_lock({AdvisoryLocks.Ingest});", ct);
            }
            for (var i = 0; i < outcomes.Count; i++)
            {
                var outcome = outcomes[i];
                if (identities[i] is { } identity)
                {
                    await SavePageContentAsync(connection, tx, outcome, identity, now, ct);
                    changed++;
                }
                else if (outcome.Retry is { } retry)
                {
                    await SaveRetryAsync(connection, tx, outcome.Page.Seq, retry, ct);
                }
            }
            if (changed > 0)
            {
                // Delivered at commit, to every worker listening (this one included).
                await ExecuteAsync(connection, tx, $"SELECT pg_notify('{ChangesChannel}', '');", ct);
            }
            await tx.CommitAsync(ct);
            return changed;
        }
        catch (NpgsqlException e)
        {
            throw Translate(e);
        }
    }

    private async Task SavePageContentAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, PageOutcome outcome, TextIdentity identity, DateTimeOffset now, CancellationToken ct)
    {
        await using (var update = new NpgsqlCommand("""
            UPDATE articles SET content = @content, changed_at = @now, fingerprint = @fingerprint, signature = @signature,
                revision = nextval('article_revisions')
            WHERE seq = @seq;
            DELETE FROM fulltext_backlog WHERE article_seq = @seq;
            """, connection, tx))
        {
            update.Parameters.Add(Text("content", outcome.Content));
            update.Parameters.Add(Time("now", now));
            update.Parameters.Add(Text("fingerprint", identity.Fingerprint));
            update.Parameters.Add(Bytes("signature", identity.Signature.ToBytes()));
            update.Parameters.Add(Long("seq", outcome.Page.Seq));
            await update.ExecuteNonQueryAsync(ct);
        }
        // The page's text can decide a topic the feed's teaser did not: the ingest's own statements rewrite them.
        var queries = new IngestQueries(this, connection, tx);
        await queries.DeleteTopicsAsync(outcome.Page.Seq, ct);
        await queries.InsertTopicsAsync(outcome.Page.Seq, outcome.Topics, outcome.Page.SortTime, ct);
    }

    private static async Task SaveRetryAsync(NpgsqlConnection connection, NpgsqlTransaction tx, long seq, BacklogState retry, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            UPDATE fulltext_backlog SET attempts = @attempts, next_attempt = @next, last_error = @error, reason = @reason, given_up = @given_up
            WHERE article_seq = @seq;
            """, connection, tx);
        command.Parameters.Add(Long("attempts", retry.Attempts));
        command.Parameters.Add(Time("next", retry.NextAttempt));
        command.Parameters.Add(Text("error", retry.LastError));
        command.Parameters.Add(Text("reason", retry.GivenUpReason));
        command.Parameters.Add(Time("given_up", retry.GivenUpAt));
        command.Parameters.Add(Long("seq", seq));
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<IReadOnlyList<BacklogCount>> GetBacklogAsync(CancellationToken ct)
    {
        try
        {
            await using var connection = await OpenAsync(ct);
            await using var command = new NpgsqlCommand(BacklogRows.CountSql, connection);
            await using var reader = await command.ExecuteReaderAsync(ct);
            return await StoredRows.ListAsync(reader, BacklogRows.Count, ct);
        }
        catch (NpgsqlException e)
        {
            throw Translate(e);
        }
    }

    public async Task<BacklogState?> GetBacklogStateAsync(string articleId, CancellationToken ct)
    {
        try
        {
            await using var connection = await OpenAsync(ct);
            await using var command = new NpgsqlCommand(BacklogRows.StateSql, connection);
            command.Parameters.Add(Text("id", articleId));
            await using var reader = await command.ExecuteReaderAsync(ct);
            return await reader.ReadAsync(ct) ? BacklogRows.State(reader) : null;
        }
        catch (NpgsqlException e)
        {
            throw Translate(e);
        }
    }
}
