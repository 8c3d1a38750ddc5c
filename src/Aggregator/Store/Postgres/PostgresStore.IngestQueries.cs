using Aggregator.Dedup;
using Aggregator.Normalize;
using Npgsql;

namespace Aggregator.Store.Postgres;

public sealed partial class PostgresStore
{
    /// <summary>
    /// <see cref="ArticleIngest"/>'s statements in PostgreSQL, on one transaction. Several workers write at once, so
    /// articles are decided under a cluster-wide advisory lock held until commit; statements are prepared
    /// automatically per connection (MaxAutoPrepare).
    /// </summary>
    private sealed class IngestQueries(PostgresStore store, NpgsqlConnection connection, NpgsqlTransaction? tx) : IIngestQueries
    {
        public Task SaveOutletStateAsync(PollRecord poll, CancellationToken ct) => PostgresStore.SaveOutletStateAsync(connection, tx!, poll, ct);

        public Task SaveSettingAsync(string key, string value, CancellationToken ct) => PostgresStore.SaveSettingAsync(connection, tx, key, value, ct);

        public async Task<NearDuplicateIndex> BeginArticlesAsync(CancellationToken ct)
        {
            // Held until commit: the next poll, on any worker, sees this one's articles before deciding its clusters.
            await ExecuteAsync(connection, tx, $"SELECT pg_advisory_xact_lock({AdvisoryLocks.Ingest});", ct);
            return await store.CatchUpIndexAsync(connection, tx!, ct);
        }

        public async Task<KnownArticles> FindKnownAsync(string outletId, IReadOnlyList<ArticleCandidate> candidates, CancellationToken ct)
        {
            await using var command = new NpgsqlCommand($"""
                SELECT {StoredRows.IdentityColumns} FROM articles
                WHERE outlet_id = @outlet AND (source_id = ANY(@sources) OR canonical_url = ANY(@urls))
                ORDER BY seq;
                """, connection, tx);
            command.Parameters.Add(Text("outlet", outletId));
            command.Parameters.Add(TextArray("sources", candidates.Where(c => c.SourceId is not null).Select(c => c.SourceId!).Distinct().ToList()));
            command.Parameters.Add(TextArray("urls", candidates.Select(c => c.CanonicalUrl).Distinct().ToList()));
            await using var reader = await command.ExecuteReaderAsync(ct);
            return await StoredRows.KnownAsync(reader, ct);
        }

        public async Task<(string ClusterId, string ArticleId)?> FindSameUrlAsync(string outletId, string canonicalUrl, CancellationToken ct)
        {
            await using var command = new NpgsqlCommand(StoredRows.SameUrlSql, connection, tx);
            command.Parameters.Add(Text("url", canonicalUrl));
            command.Parameters.Add(Text("outlet", outletId));
            await using var reader = await command.ExecuteReaderAsync(ct);
            return await reader.ReadAsync(ct) ? (reader.GetString(0), reader.GetString(1)) : null;
        }

        public async Task<List<StoredText>> FindTextCandidatesAsync(
            string outletId, string fingerprint, IReadOnlyList<long> proposed, int max, CancellationToken ct)
        {
            await using var command = new NpgsqlCommand($"""
                SELECT {StoredRows.CandidateColumns} FROM articles
                WHERE outlet_id <> @outlet AND (fingerprint = @fingerprint OR seq = ANY(@proposed))
                ORDER BY seq
                LIMIT @max;
                """, connection, tx);
            command.Parameters.Add(Text("outlet", outletId));
            command.Parameters.Add(Text("fingerprint", fingerprint));
            command.Parameters.Add(LongArray("proposed", proposed));
            command.Parameters.Add(Long("max", max));
            await using var reader = await command.ExecuteReaderAsync(ct);
            return await StoredRows.ListAsync(reader, StoredRows.CandidateText, ct);
        }

        public async Task<long> InsertArticleAsync(PreparedArticle article, ClusterChoice? cluster, long sortTime, DateTimeOffset now, CancellationToken ct)
        {
            var candidate = article.Candidate;
            await using var command = new NpgsqlCommand("""
                INSERT INTO articles (id, outlet_id, source_id, canonical_url, link, title, summary, content, author,
                                      published, updated, first_seen, changed_at, sort_time, categories, enclosures,
                                      image_url, cluster_id, content_hash, fingerprint, signature,
                                      dup_of, dup_level, dup_similarity, dup_reason, search)
                VALUES (@id, @outlet, @source, @url, @link, @title, @summary, @content, @author,
                        @published, @updated, @now, @now, @sort, @categories, @enclosures, @image,
                        COALESCE(@cluster, @id), @hash, @fingerprint, @signature,
                        @dup_of, @dup_level, @dup_similarity, @dup_reason,
                        to_tsvector('simple'::regconfig, left(@search, 122000)))
                RETURNING seq;
                """, connection, tx);
            AddArticleParameters(command, article, now);
            command.Parameters.Add(Text("id", article.Id));
            command.Parameters.Add(Text("outlet", candidate.OutletId));
            command.Parameters.Add(Text("source", candidate.SourceId));
            command.Parameters.Add(Long("sort", sortTime));
            command.Parameters.Add(Text("cluster", cluster?.ClusterId));
            command.Parameters.Add(Text("dup_of", cluster?.DuplicateOf));
            command.Parameters.Add(Text("dup_level", cluster?.Level));
            command.Parameters.Add(Double("dup_similarity", cluster?.Similarity));
            command.Parameters.Add(Text("dup_reason", cluster?.Reason));
            // Folded in C# before the lock (issue 23); cut as the old generated column cut its inputs (a tsvector holds 1 MB).
            command.Parameters.Add(Text("search", article.SearchText));
            return (long)(await command.ExecuteScalarAsync(ct))!;
        }

        public async Task<bool> HeldBeforeAsync(long seq, string contentHash, CancellationToken ct)
        {
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

        public Task QueuePagesAsync(PollRecord poll, CancellationToken ct) => PostgresStore.QueuePagesAsync(connection, tx!, poll, ct);

        public Task AnnounceChangeAsync(CancellationToken ct) => ExecuteAsync(connection, tx, $"SELECT pg_notify('{ChangesChannel}', '');", ct);
    }
}
