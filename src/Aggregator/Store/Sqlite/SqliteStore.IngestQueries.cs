using System.Text.Json;
using Aggregator.Dedup;
using Aggregator.Normalize;
using Microsoft.Data.Sqlite;

namespace Aggregator.Store.Sqlite;

public sealed partial class SqliteStore
{
    /// <summary>
    /// <see cref="ArticleIngest"/>'s statements in SQLite, on one transaction, each compiled once per
    /// poll (<see cref="StatementCache"/>). The store's write lock already makes decisions one at a time.
    /// </summary>
    private sealed class IngestQueries(SqliteStore store, SqliteConnection connection, SqliteTransaction? tx) : IIngestQueries, IAsyncDisposable
    {
        private readonly StatementCache _statements = new(connection, tx);
        private List<(long Seq, NearDuplicateSignature Signature)>? _indexed;
        private ArticleInsert? _inserts;
        private TopicMembers? _topics;
        private RawStatement? _tombstones;
        private int _tombstonesOutlet;

        public Task SaveOutletStateAsync(PollRecord poll, CancellationToken ct) => SqliteStore.SaveOutletStateAsync(_statements, poll, ct);

        public async Task SaveSettingAsync(string key, string value, CancellationToken ct)
        {
            var command = _statements.For(SaveSettingSql);
            StatementCache.Bind(command, "$key", key);
            StatementCache.Bind(command, "$value", value);
            await command.ExecuteNonQueryAsync(ct);
        }

        public Task<NearDuplicateIndex> BeginArticlesAsync(CancellationToken ct) => store.EnsureIndexAsync(connection, tx!, ct);

        public async Task<KnownArticles> FindKnownAsync(string outletId, IReadOnlyList<ArticleCandidate> candidates, CancellationToken ct)
        {
            var command = _statements.For(KnownArticlesSql);
            StatementCache.Bind(command, "$outlet", outletId);
            StatementCache.Bind(command, "$sources", JsonSerializer.Serialize(
                candidates.Where(c => c.SourceId is not null).Select(c => c.SourceId!).Distinct().ToList(), StoreJson.Default.IReadOnlyListString));
            var urls = candidates.Select(c => c.CanonicalUrl).Distinct().ToList();
            StatementCache.Bind(command, "$urls", JsonSerializer.Serialize(urls, StoreJson.Default.IReadOnlyListString));
            StatementCache.Bind(command, "$url_keys", JsonSerializer.Serialize(urls.ConvertAll(UrlKey), StoreJson.Default.IReadOnlyListInt64));
            await using var reader = await command.ExecuteReaderAsync(ct);
            return await StoredRows.KnownAsync(reader, ct);
        }


        public Task<(string ClusterId, string ArticleId)?> FindSameUrlAsync(string outletId, string canonicalUrl, CancellationToken ct) =>
            Task.FromResult(Inserts.FindSameUrl(outletId, canonicalUrl));

        public Task<List<StoredText>> FindTextCandidatesAsync(
            string outletId, string fingerprint, IReadOnlyList<long> proposed, int max, CancellationToken ct) =>
            Task.FromResult(Inserts.FindTextCandidates(outletId, fingerprint, proposed, max));

        public Task<long> InsertArticleAsync(PreparedArticle article, ClusterChoice? cluster, long sortTime, DateTimeOffset now, CancellationToken ct) =>
            Task.FromResult(Inserts.Insert(article, cluster, sortTime, now));

        /// <summary>The per-article statements, made on the transaction's first new article.</summary>
        private ArticleInsert Inserts => _inserts ??= new ArticleInsert(connection);

        internal const string InsertArticleSql = """
            INSERT INTO articles (id, outlet_id, source_id, canonical_url, url_key, link_stored, title, summary, content, author,
                                  published, updated, first_seen, changed_at, sort_time, categories, enclosures,
                                  image_url, cluster_id, content_hash, fingerprint_key, signature,
                                  dup_of, dup_level, dup_similarity, dup_reason)
            VALUES ($id, $outlet, $source, $url, $url_key, IIF($link = $url, '', $link), $title, $summary, $content, $author,
                    $published, $updated, $now, $now, $sort, $categories, $enclosures, $image,
                    COALESCE($cluster, $id), $hash, $fingerprint, $signature,
                    $dup_of, $dup_level, $dup_similarity, $dup_reason);
            """;

        public async Task UpdateArticleAsync(long seq, PreparedArticle article, DateTimeOffset now, CancellationToken ct)
        {
            var command = _statements.For(UpdateArticleSql);
            BindArticle(command, article, now);
            StatementCache.Bind(command, "$seq", seq);
            StatementCache.Bind(command, "$content_from_page", article.Candidate.ContentFromPage);
            await command.ExecuteNonQueryAsync(ct);
        }

        public async Task<bool> HeldBeforeAsync(long seq, string contentHash, CancellationToken ct)
        {
            var command = _statements.For("SELECT 1 FROM article_past_hashes WHERE article_seq = $seq AND content_hash = $hash;");
            StatementCache.Bind(command, "$seq", seq);
            StatementCache.Bind(command, "$hash", contentHash);
            return await command.ExecuteScalarAsync(ct) is not null;
        }

        // id, source_id, first_seen and cluster_id never change: they are what readers and clusters hold on to.
        private const string UpdateArticleSql = """
            UPDATE articles SET
                canonical_url = $url, url_key = $url_key, link_stored = IIF($link = $url, '', $link), title = $title, summary = $summary,
                content = CASE WHEN $content_from_page AND $content IS NULL THEN content ELSE $content END,
                author = $author, published = $published, updated = $updated, changed_at = $now,
                sort_time = COALESCE($published, first_seen), categories = $categories,
                enclosures = $enclosures, image_url = $image, content_hash = $hash,
                fingerprint_key = $fingerprint, signature = $signature
            WHERE seq = $seq;
            """;

        private static void BindArticle(SqliteCommand command, PreparedArticle article, DateTimeOffset now)
        {
            var candidate = article.Candidate;
            StatementCache.Bind(command, "$fingerprint", FingerprintKey(article.Identity.Fingerprint));
            StatementCache.Bind(command, "$signature", article.Identity.Signature.ToBytes());
            StatementCache.Bind(command, "$url", candidate.CanonicalUrl);
            StatementCache.Bind(command, "$url_key", UrlKey(candidate.CanonicalUrl));
            StatementCache.Bind(command, "$published", DbTime(candidate.Published));
            StatementCache.Bind(command, "$updated", DbTime(candidate.Updated));
            StatementCache.Bind(command, "$now", ToUnixMs(now));
            StatementCache.Bind(command, "$hash", article.Hash);
            // A changed article is rare beside a new one: its texts are read back from its row as strings and bound as a
            // never-packed article's are, so the stored bytes are the same either way.
            var (rows, row) = (article.Packed as PackedArticleRows, article.Row);
            string? Text(PackedArticleRows.Column column, string? unpacked) => rows is null ? unpacked : rows.ReadText(row, column);
            StatementCache.Bind(command, "$link", DbValue(Text(PackedArticleRows.Column.Link, candidate.Link.AbsoluteUri)));
            StatementCache.Bind(command, "$title", DbValue(Text(PackedArticleRows.Column.Title, candidate.Title)));
            // Packed (issue 23): the row's text is written twice (log, then file), and it is most of the row.
            StatementCache.Bind(command, "$summary", DbValue(PackedText.Pack(Text(PackedArticleRows.Column.Summary, candidate.Summary))));
            StatementCache.Bind(command, "$content", DbValue(PackedText.Pack(Text(PackedArticleRows.Column.Content, candidate.Content))));
            StatementCache.Bind(command, "$author", DbValue(Text(PackedArticleRows.Column.Author, candidate.Author)));
            StatementCache.Bind(command, "$categories", DbValue(Text(PackedArticleRows.Column.Categories, StoredRows.CategoriesJson(candidate))));
            StatementCache.Bind(command, "$enclosures", DbValue(Text(PackedArticleRows.Column.Enclosures, StoredRows.EnclosuresJson(candidate))));
            StatementCache.Bind(command, "$image", DbValue(Text(PackedArticleRows.Column.Image, candidate.ImageUrl?.AbsoluteUri)));
        }

        public Task DeleteTopicsAsync(long seq, CancellationToken ct)
        {
            Topics.Delete(seq);
            return Task.CompletedTask;
        }

        public Task InsertTopicsAsync(long seq, IReadOnlyList<string> topics, long sortTime, CancellationToken ct)
        {
            Topics.Insert(seq, topics, sortTime);
            return Task.CompletedTask;
        }

        /// <summary>The transaction's topic statements and the numbers of the names it met, made on first use.</summary>
        private TopicMembers Topics => _topics ??= new TopicMembers(connection, store.WriteTopicsThroughView);

        /// <summary>After a poll's statements: its new articles counted in the poll log (<see cref="ArticleInsert.CountNewArticles"/>).</summary>
        public void CountNewArticles() => _inserts?.CountNewArticles();

        public void Indexed(long seq, NearDuplicateSignature signature) => (_indexed ??= []).Add((seq, signature));

        /// <summary>
        /// After a poll's statements: the index learns its texts (if the transaction then fails, the store forgets
        /// the index). One process owns the file, so nothing else changes it. True when it learnt any.
        /// </summary>
        public bool CommitIndexed()
        {
            if (_indexed is not { Count: > 0 } indexed)
            {
                return false;
            }
            foreach (var (seq, signature) in indexed)
            {
                store._index!.Add(seq, signature);
            }
            indexed.Clear();
            return true;
        }

        /// <summary>
        /// The retention rules run per candidate (an update or a lookup for every entry the outlet lists), but an outlet
        /// with no tombstones, which is every outlet until its first prune, can retire none: one lookup per poll says so.
        /// </summary>
        public Task<IReadOnlySet<ArticleCandidate>> RetiredAsync(
            string outletId, IReadOnlyList<ArticleCandidate> candidates, DateTimeOffset? listedAt, CancellationToken ct)
        {
            if (candidates.Count > 0 && candidates.All(c => c.OutletId == outletId) && !HasTombstones(outletId))
            {
                return Task.FromResult<IReadOnlySet<ArticleCandidate>>(new HashSet<ArticleCandidate>(ReferenceEqualityComparer.Instance));
            }
            return SqliteStore.RetiredAsync(_statements, candidates, listedAt, ct);
        }

        private bool HasTombstones(string outletId)
        {
            if (_tombstones is null)
            {
                _tombstones = new RawStatement(connection, "SELECT 1 FROM tombstones WHERE outlet_id = $outlet LIMIT 1;");
                _tombstonesOutlet = _tombstones.Index("$outlet");
            }
            _tombstones.Bind(_tombstonesOutlet, outletId);
            return _tombstones.Run() is not null;
        }

        public Task QueuePagesAsync(PollRecord poll, CancellationToken ct) => SqliteStore.QueuePagesAsync(connection, tx!, poll, ct);

        // SQLite has no NOTIFY: the change is announced by the pipeline in this process.
        public Task AnnounceChangeAsync(CancellationToken ct) => Task.CompletedTask;

        public ValueTask DisposeAsync()
        {
            // Finalized before the connection goes back to its pool: a statement left open would keep the connection busy.
            _inserts?.Dispose();
            _topics?.Dispose();
            _tombstones?.Dispose();
            return _statements.DisposeAsync();
        }
    }

    // Two lookups, each by equality on its index (an OR would scan the outlet's articles); json_each keeps the
    // statement fixed whatever the number of candidates. "+outlet_id" keeps the URL lookup on the URL key index: a URL is
    // nearly unique, and the planner, without statistics, would rather scan the outlet's articles on an outlet index.
    // The URLs themselves are compared too: the key is a hash (UrlKey).
    internal const string KnownArticlesSql = $"""
        SELECT {StoredRows.IdentityColumns} FROM articles
        WHERE outlet_id = $outlet AND source_id IN (SELECT value FROM json_each($sources))
        UNION
        SELECT {StoredRows.IdentityColumns} FROM articles
        WHERE url_key IN (SELECT value FROM json_each($url_keys)) AND +outlet_id = $outlet
          AND canonical_url IN (SELECT value FROM json_each($urls))
        ORDER BY 1;
        """;

    // StoredRows.SameUrlSql on the URL key index (UrlKey); the URL itself is compared too, as the key is a hash.
    internal const string SameUrlSql =
        "SELECT cluster_id, id FROM articles WHERE url_key = @url_key AND canonical_url = @url AND outlet_id <> @outlet ORDER BY seq LIMIT 1;";

    // The exact fingerprint as its integer (FingerprintKey), on ix_articles_fingerprint_key.
    internal static readonly string CandidatesSql = $"""
        SELECT {StoredRows.CandidateColumns} FROM articles
        WHERE outlet_id <> $outlet
          AND (fingerprint_key = $fingerprint OR seq IN (SELECT value FROM json_each($proposed)))
        ORDER BY seq
        LIMIT $max;
        """;
}
