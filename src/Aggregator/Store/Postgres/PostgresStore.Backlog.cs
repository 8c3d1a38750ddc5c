using Aggregator.Dedup;
using Npgsql;

namespace Aggregator.Store.Postgres;

/// <summary>The full-text backlog: articles of fullText outlets waiting for their page (issue 20).</summary>
public sealed partial class PostgresStore
{
    private readonly BackfilledOutlets _backfilled = new();

    public async Task<IReadOnlyList<DuePage>> TakeDuePagesAsync(string outletId, DateTimeOffset now, int limit, CancellationToken ct)
    {
        try
        {
            await using var connection = await OpenAsync(ct);
            await using var tx = await connection.BeginTransactionAsync(ct);
            var due = await BacklogIngest.TakeDueAsync(new BacklogQueries(this, connection, tx), outletId, _backfilled.Contains(outletId), now, limit, ct);
            await tx.CommitAsync(ct);
            _backfilled.Committed(outletId);
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
        var identities = BacklogIngest.Prepare(outcomes);
        using var turn = await TakeIngestTurnAsync(ct);
        try
        {
            await using var connection = await OpenAsync(ct);
            await using var tx = await connection.BeginTransactionAsync(ct);
            var queries = new BacklogQueries(this, connection, tx);
            var stored = await BacklogIngest.SaveAsync(queries, outcomes, identities, now, ct);
            await queries.FlushAsync(ct);
            await tx.CommitAsync(ct);
            return stored;
        }
        catch (NpgsqlException e)
        {
            throw Translate(e);
        }
    }

    public Task<IReadOnlyList<BacklogCount>> GetBacklogAsync(CancellationToken ct) =>
        ReadAsync(connection => StoredReads.BacklogAsync(connection, ct), ct);

    public Task<BacklogState?> GetBacklogStateAsync(string articleId, CancellationToken ct) =>
        ReadAsync(connection => StoredReads.BacklogStateAsync(connection, articleId, ct), ct);

    /// <summary>
    /// <see cref="BacklogIngest"/>'s statements in PostgreSQL. Workers index texts by revision (<see cref="CatchUpIndexAsync"/>),
    /// so a stored text takes the next one and nothing is indexed here.
    /// </summary>
    private sealed class BacklogQueries(PostgresStore store, NpgsqlConnection connection, NpgsqlTransaction tx) : IBacklogQueries
    {
        // A page's topics are rewritten by the ingest's own statements.
        private readonly IngestQueries _topics = new(store, connection, tx);

        /// <summary>Writes the topic rows the ingest's statements keep until then: before the transaction commits.</summary>
        public Task FlushAsync(CancellationToken ct) => _topics.FlushAsync(ct);

        public async Task BackfillAsync(string outletId, DateTimeOffset now, CancellationToken ct)
        {
            await using var command = new NpgsqlCommand("""
                INSERT INTO fulltext_backlog (article_seq, outlet_id, attempts, next_attempt)
                SELECT a.seq, a.outlet_id, 0, @now FROM articles a
                WHERE a.outlet_id = @outlet AND a.content IS NULL
                  AND NOT EXISTS (SELECT 1 FROM fulltext_backlog b WHERE b.article_seq = a.seq)
                ON CONFLICT (article_seq) DO NOTHING;
                """, connection, tx);
            command.Parameters.Add(Text("outlet", outletId));
            command.Parameters.Add(Time("now", now));
            await command.ExecuteNonQueryAsync(ct);
        }

        public async Task<List<DuePage>> DueAsync(string outletId, DateTimeOffset now, int limit, CancellationToken ct)
        {
            await using var command = new NpgsqlCommand($"""
                SELECT {BacklogRows.DueColumns}
                FROM fulltext_backlog b JOIN articles a ON a.seq = b.article_seq
                WHERE b.outlet_id = @outlet AND b.given_up IS NULL AND b.next_attempt <= @now
                ORDER BY a.sort_time DESC, a.seq DESC
                LIMIT @limit;
                """, connection, tx);
            command.Parameters.Add(Text("outlet", outletId));
            command.Parameters.Add(Time("now", now));
            command.Parameters.Add(Long("limit", limit));
            await using var reader = await command.ExecuteReaderAsync(ct);
            return await StoredRows.ListAsync(reader, BacklogRows.Due, ct);
        }

        // Held until commit, like every article write, so no worker's index catch-up skips the new revision.
        public Task BeginTextsAsync(CancellationToken ct) => TakeIngestLockAsync(connection, tx, ct);

        public async Task SaveTextAsync(long seq, string content, TextIdentity identity, DateTimeOffset now, CancellationToken ct)
        {
            await using var command = new NpgsqlCommand("""
                UPDATE articles SET content = @content, changed_at = @now, fingerprint = @fingerprint, signature = @signature,
                    revision = nextval('article_revisions')
                WHERE seq = @seq;
                DELETE FROM fulltext_backlog WHERE article_seq = @seq;
                """, connection, tx);
            command.Parameters.Add(Text("content", content));
            command.Parameters.Add(Time("now", now));
            command.Parameters.Add(Text("fingerprint", identity.Fingerprint));
            command.Parameters.Add(Bytes("signature", identity.Signature.ToBytes()));
            command.Parameters.Add(Long("seq", seq));
            await command.ExecuteNonQueryAsync(ct);
        }

        public Task DeleteTopicsAsync(long seq, CancellationToken ct) => _topics.DeleteTopicsAsync(seq, ct);

        public Task InsertTopicsAsync(long seq, IReadOnlyList<string> topics, long sortTime, CancellationToken ct) =>
            _topics.InsertTopicsAsync(seq, topics, sortTime, ct);

        public async Task SaveRetryAsync(long seq, BacklogState retry, CancellationToken ct)
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

        public void Indexed(long seq, NearDuplicateSignature signature)
        {
        }

        public Task AnnounceChangeAsync(CancellationToken ct) => _topics.AnnounceChangeAsync(ct);
    }

    /// <summary>Queues a poll's pages inside its transaction, after its articles (which give the rows their seq).</summary>
    private static Task QueuePagesAsync(NpgsqlConnection connection, NpgsqlTransaction tx, PollRecord poll, CancellationToken ct) =>
        BacklogIngest.QueuePagesAsync(poll, () => new PageQueue(connection, tx), ct);

    /// <summary><see cref="BacklogIngest.QueuePagesAsync"/>'s statement in PostgreSQL.</summary>
    private sealed class PageQueue(NpgsqlConnection connection, NpgsqlTransaction tx) : IPageQueue
    {
        public async Task QueueAsync(string articleId, BacklogState state, CancellationToken ct)
        {
            await using var command = new NpgsqlCommand("""
                INSERT INTO fulltext_backlog (article_seq, outlet_id, attempts, next_attempt, last_error, reason, given_up)
                SELECT seq, outlet_id, @attempts, @next, @error, @reason, @given_up FROM articles WHERE id = @id
                ON CONFLICT (article_seq) DO NOTHING;
                """, connection, tx);
            command.Parameters.Add(Text("id", articleId));
            command.Parameters.Add(Long("attempts", state.Attempts));
            command.Parameters.Add(Time("next", state.NextAttempt));
            command.Parameters.Add(Text("error", state.LastError));
            command.Parameters.Add(Text("reason", state.GivenUpReason));
            command.Parameters.Add(Time("given_up", state.GivenUpAt));
            await command.ExecuteNonQueryAsync(ct);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
