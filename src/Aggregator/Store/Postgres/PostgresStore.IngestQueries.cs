using Aggregator.Dedup;
using Aggregator.Normalize;
using Npgsql;

namespace Aggregator.Store.Postgres;

public sealed partial class PostgresStore
{
    /// <summary>
    /// Other outlets' articles with this exact fingerprint (the earliest <c>@max</c>) or proposed by the index, earliest
    /// first. The two halves are asked apart: as one <c>fingerprint = … OR seq = ANY(…)</c>, a table not yet analyzed
    /// (a new database's first round) is planned as a walk of the primary key testing every row (issue 23).
    /// </summary>
    internal static readonly string TextCandidatesSql = $"""
        SELECT {StoredRows.CandidateColumns} FROM articles
        WHERE seq IN ((SELECT seq FROM articles WHERE fingerprint = @fingerprint AND outlet_id <> @outlet ORDER BY seq LIMIT @max)
                      UNION ALL
                      SELECT unnest(@proposed))
          AND outlet_id <> @outlet
        ORDER BY seq
        LIMIT @max;
        """;

    /// <summary>
    /// <see cref="ArticleIngest"/>'s statements in PostgreSQL, on one transaction. Several workers write at once, so
    /// articles are decided under a cluster-wide advisory lock held until commit; statements are prepared
    /// automatically per connection (MaxAutoPrepare). Round trips per poll, not per article (issue 23): the cluster
    /// lookups only read other outlets' rows, which nobody writes while the lock is held, so they are read for the whole
    /// poll with its known articles; new articles and topic rows wait in <see cref="NewArticles"/> until a statement
    /// that could see this outlet's rows runs, or the poll commits (<see cref="FlushAsync"/>).
    /// </summary>
    private sealed class IngestQueries(PostgresStore store, NpgsqlConnection connection, NpgsqlTransaction? tx,
        IReadOnlyList<PreparedArticle>? prepared = null) : IIngestQueries
    {
        private readonly NewArticles _new = new(store);
        private PollLookups? _lookups;
        private int _unknown;

        /// <summary>Writes the pending articles and topic rows: before the poll commits.</summary>
        public Task FlushAsync(CancellationToken ct) => _new.FlushAsync(connection, tx, ct);

        /// <summary>New article rows this poll wrote.</summary>
        public int Written => _new.Written;

        public Task SaveOutletStateAsync(PollRecord poll, CancellationToken ct) => PostgresStore.SaveOutletStateAsync(connection, tx!, poll, ct);

        public Task SaveSettingAsync(string key, string value, CancellationToken ct) => PostgresStore.SaveSettingAsync(connection, tx, key, value, ct);

        public async Task<NearDuplicateIndex> BeginArticlesAsync(CancellationToken ct)
        {
            // Held until commit: the next poll, on any worker, sees this one's articles before deciding its clusters.
            await TakeIngestLockAsync(connection, tx, ct);
            return await store.CatchUpIndexAsync(connection, tx!, ct);
        }

        public async Task<KnownArticles> FindKnownAsync(string outletId, IReadOnlyList<ArticleCandidate> candidates, CancellationToken ct)
        {
            await _new.FlushAsync(connection, tx, ct);
            var known = new NpgsqlBatchCommand($"""
                SELECT {StoredRows.IdentityColumns} FROM articles
                WHERE outlet_id = @outlet AND (source_id = ANY(@sources) OR canonical_url = ANY(@urls))
                ORDER BY seq;
                """);
            var urls = candidates.Select(c => c.CanonicalUrl).Distinct().ToList();
            known.Parameters.Add(Text("outlet", outletId));
            known.Parameters.Add(TextArray("sources", candidates.Where(c => c.SourceId is not null).Select(c => c.SourceId!).Distinct().ToList()));
            known.Parameters.Add(TextArray("urls", urls));
            await using var batch = new NpgsqlBatch(connection, tx) { BatchCommands = { known } };
            // Under the ingest lock (a poll's transaction): the cluster lookups of all its candidates in the same round trip.
            var fingerprints = prepared?.Select(p => p.Identity.Fingerprint).Distinct().ToList() ?? [];
            var lookups = prepared is null ? null : PollLookups.Commands(outletId, urls, fingerprints);
            foreach (var command in lookups ?? [])
            {
                batch.BatchCommands.Add(command);
            }
            await using var reader = await batch.ExecuteReaderAsync(ct);
            var found = await StoredRows.KnownAsync(reader, ct);
            if (lookups is not null)
            {
                _lookups = await PollLookups.ReadAsync(outletId, reader, urls, fingerprints, ct);
                _unknown = candidates.Count(c => found.Find(c) is null);
            }
            return found;
        }

        public async Task<(string ClusterId, string ArticleId)?> FindSameUrlAsync(string outletId, string canonicalUrl, CancellationToken ct)
        {
            if (_lookups is { } lookups && lookups.OutletId == outletId && lookups.SameUrl(canonicalUrl) is { } known)
            {
                return known.Value;
            }
            await FlushIfVisibleAsync(outletId, ct);
            await using var command = new NpgsqlCommand(StoredRows.SameUrlSql, connection, tx);
            command.Parameters.Add(Text("url", canonicalUrl));
            command.Parameters.Add(Text("outlet", outletId));
            await using var reader = await command.ExecuteReaderAsync(ct);
            return await reader.ReadAsync(ct) ? (reader.GetString(0), reader.GetString(1)) : null;
        }

        public async Task<List<StoredText>> FindTextCandidatesAsync(
            string outletId, string fingerprint, IReadOnlyList<long> proposed, int max, CancellationToken ct)
        {
            if (proposed.Count == 0 && _lookups is { } lookups && lookups.OutletId == outletId && lookups.SameText(fingerprint, max) is { } texts)
            {
                return texts;
            }
            await FlushIfVisibleAsync(outletId, ct);
            await using var command = new NpgsqlCommand(TextCandidatesSql, connection, tx);
            command.Parameters.Add(Text("outlet", outletId));
            command.Parameters.Add(Text("fingerprint", fingerprint));
            command.Parameters.Add(LongArray("proposed", proposed));
            command.Parameters.Add(Long("max", max));
            await using var reader = await command.ExecuteReaderAsync(ct);
            return await StoredRows.ListAsync(reader, StoredRows.CandidateText, ct);
        }

        public async Task<long> InsertArticleAsync(PreparedArticle article, ClusterChoice? cluster, long sortTime, DateTimeOffset now, CancellationToken ct)
        {
            if (_lookups is { } lookups && lookups.OutletId != article.Candidate.OutletId)
            {
                // A row of another outlet than the poll's is one the poll's lookups, read before it, would have to see.
                _lookups = null;
            }
            var seq = await _new.NextSeqAsync(connection, tx, _unknown, ct);
            _unknown = Math.Max(_unknown - 1, 0);
            _new.Add(seq, article, cluster, sortTime, now);
            return seq;
        }

        /// <summary>
        /// Before a lookup that skips the outlet's own rows: writes the waiting articles if one of them belongs to another
        /// outlet (a poll whose entries name several), as asking per article after each insert would have seen it.
        /// </summary>
        private Task FlushIfVisibleAsync(string outletId, CancellationToken ct) =>
            _new.HoldsOtherThan(outletId) ? _new.FlushAsync(connection, tx, ct) : Task.CompletedTask;

        public async Task<bool> HeldBeforeAsync(long seq, string contentHash, CancellationToken ct)
        {
            await _new.FlushAsync(connection, tx, ct);
            await using var command = new NpgsqlCommand(
                "SELECT 1 FROM article_past_hashes WHERE article_seq = @seq AND content_hash = @hash;", connection, tx);
            command.Parameters.Add(Long("seq", seq));
            command.Parameters.Add(Text("hash", contentHash));
            return await command.ExecuteScalarAsync(ct) is not null;
        }

        public async Task UpdateArticleAsync(long seq, PreparedArticle article, DateTimeOffset now, CancellationToken ct)
        {
            // id, source_id, first_seen and cluster_id never change: they are what readers and clusters hold on to.
            // A new revision makes every worker's index catch up with the edited text.
            await _new.FlushAsync(connection, tx, ct);
            await using var command = new NpgsqlCommand("""
                UPDATE articles SET
                    canonical_url = @url, link = @link, title = @title, summary = @summary,
                    content = CASE WHEN @content_from_page AND @content IS NULL THEN content ELSE @content END,
                    author = @author, published = @published, updated = @updated, changed_at = @now,
                    sort_time = COALESCE(@published, first_seen), categories = @categories,
                    enclosures = @enclosures, image_url = @image, content_hash = @hash,
                    fingerprint = @fingerprint, signature = @signature, revision = nextval('article_revisions')
                WHERE seq = @seq;
                """, connection, tx);
            AddArticleParameters(command, article, now);
            command.Parameters.Add(Long("seq", seq));
            command.Parameters.Add(Bool("content_from_page", article.Candidate.ContentFromPage));
            await command.ExecuteNonQueryAsync(ct);
        }

        private static void AddArticleParameters(NpgsqlCommand command, PreparedArticle article, DateTimeOffset now)
        {
            var candidate = article.Candidate;
            var parameters = command.Parameters;
            parameters.Add(Text("fingerprint", article.Identity.Fingerprint));
            parameters.Add(Bytes("signature", article.Identity.Signature.ToBytes()));
            parameters.Add(Text("url", candidate.CanonicalUrl));
            parameters.Add(Text("link", candidate.Link.AbsoluteUri));
            parameters.Add(Text("title", candidate.Title));
            parameters.Add(Text("summary", candidate.Summary));
            parameters.Add(Text("content", candidate.Content));
            parameters.Add(Text("author", candidate.Author));
            parameters.Add(Time("published", candidate.Published));
            parameters.Add(Time("updated", candidate.Updated));
            parameters.Add(Time("now", now));
            parameters.Add(Text("categories", StoredRows.CategoriesJson(candidate)));
            parameters.Add(Text("enclosures", StoredRows.EnclosuresJson(candidate)));
            parameters.Add(Text("image", candidate.ImageUrl?.AbsoluteUri));
            parameters.Add(Text("hash", article.Hash));
        }

        public async Task DeleteTopicsAsync(long seq, CancellationToken ct)
        {
            await _new.FlushAsync(connection, tx, ct);
            await using var delete = new NpgsqlCommand("DELETE FROM article_topics WHERE article_seq = @seq;", connection, tx);
            delete.Parameters.Add(Long("seq", seq));
            await delete.ExecuteNonQueryAsync(ct);
        }

        public async Task InsertTopicsAsync(long seq, IReadOnlyList<string> topics, long sortTime, CancellationToken ct)
        {
            if (topics.Count == 0)
            {
                return;
            }
            if (_new.IsPending(seq))
            {
                // A new article's topic rows go in with it.
                _new.AddTopics(seq, topics, sortTime);
                return;
            }
            await using var insert = new NpgsqlCommand("""
                INSERT INTO article_topics (topic_id, article_seq, sort_time)
                SELECT DISTINCT unnest(@topics), @seq, @sort
                ON CONFLICT DO NOTHING;
                """, connection, tx);
            insert.Parameters.Add(TextArray("topics", topics));
            insert.Parameters.Add(Long("seq", seq));
            insert.Parameters.Add(Long("sort", sortTime));
            await insert.ExecuteNonQueryAsync(ct);
        }

        // Every worker's index catches up by revision under the ingest lock, this one's included: nothing to keep here.
        public void Indexed(long seq, NearDuplicateSignature signature)
        {
        }

        // Delivered at commit, to every worker listening (this one included).
        public async Task<IReadOnlySet<ArticleCandidate>> RetiredAsync(
            string outletId, IReadOnlyList<ArticleCandidate> candidates, DateTimeOffset? listedAt, CancellationToken ct) =>
            await PostgresStore.RetiredAsync(connection, tx, outletId, candidates, listedAt, ct);

        public async Task QueuePagesAsync(PollRecord poll, CancellationToken ct)
        {
            await _new.FlushAsync(connection, tx, ct);
            await PostgresStore.QueuePagesAsync(connection, tx!, poll, ct);
        }

        public Task AnnounceChangeAsync(CancellationToken ct) => ExecuteAsync(connection, tx, $"SELECT pg_notify('{ChangesChannel}', '');", ct);
    }
}
