using Aggregator.Dedup;
using Aggregator.Normalize;
using Npgsql;
using NpgsqlTypes;

namespace Aggregator.Store.Postgres;

public sealed partial class PostgresStore
{
    /// <summary>
    /// A poll's new articles and topic rows, written in one round trip as two set-based statements instead of two
    /// statements per article (issue 23: per-statement work, not the rows, was most of the PostgreSQL server's ingest
    /// CPU). Their seqs are drawn from the identity's sequence up front, under the ingest lock, so they are in arrival
    /// order exactly as inserting one at a time gave them; ArticleIngest needs them before the rows exist.
    /// </summary>
    private sealed class NewArticles(PostgresStore store)
    {
        private const string InsertArticlesSql = """
            INSERT INTO articles (seq, id, outlet_id, source_id, canonical_url, link, title, summary, content, author,
                                  published, updated, first_seen, changed_at, sort_time, categories, enclosures,
                                  image_url, cluster_id, content_hash, fingerprint, signature,
                                  dup_of, dup_level, dup_similarity, dup_reason, search)
            OVERRIDING SYSTEM VALUE
            SELECT r.seq, r.id, r.outlet, r.source, r.url, r.link, r.title, r.summary, r.content, r.author,
                   r.published, r.updated, r.now, r.now, r.sort, r.categories, r.enclosures, r.image,
                   COALESCE(r.cluster, r.id), r.hash, r.fingerprint, r.signature,
                   r.dup_of, r.dup_level, r.dup_similarity, r.dup_reason,
                   to_tsvector('simple'::regconfig, left(r.search, 122000))
            FROM unnest(@seq, @id, @outlet, @source, @url, @link, @title, @summary, @content, @author,
                        @published, @updated, @now, @sort, @categories, @enclosures, @image,
                        @cluster, @hash, @fingerprint, @signature, @dup_of, @dup_level, @dup_similarity, @dup_reason, @search)
                AS r(seq, id, outlet, source, url, link, title, summary, content, author,
                     published, updated, now, sort, categories, enclosures, image,
                     cluster, hash, fingerprint, signature, dup_of, dup_level, dup_similarity, dup_reason, search)
            ORDER BY r.seq;
            """;

        // No ON CONFLICT: these rows are of articles whose seqs were just drawn, so none can exist yet, and DISTINCT keeps
        // the statement's own rows apart. ON CONFLICT made every row a speculative insertion (a probe of the primary key,
        // then a confirming write) on the server, per row (issue 23).
        private const string InsertTopicsSql = """
            INSERT INTO article_topics (topic_id, article_seq, sort_time)
            SELECT DISTINCT * FROM unnest(@topics, @seqs, @sorts);
            """;

        private readonly List<Row> _rows = [];
        private readonly List<(string Topic, long Seq, long Sort)> _topics = [];
        private readonly Queue<long> _seqs = new();
        private readonly HashSet<long> _pending = [];
        private readonly HashSet<string> _outlets = new(StringComparer.Ordinal);

        private sealed record Row(long Seq, PreparedArticle Article, ClusterChoice? Cluster, long SortTime, DateTimeOffset Now);

        /// <summary>Article rows written so far (the transaction may still roll them back).</summary>
        public int Written { get; private set; }

        /// <summary>
        /// The next article's seq: drawn <paramref name="expected"/> at a time (the poll's candidates not stored yet), so a
        /// poll costs one round trip for them. Those it does not use are gaps, as a rolled-back insert leaves.
        /// </summary>
        public async Task<long> NextSeqAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, int expected, CancellationToken ct)
        {
            if (_seqs.Count == 0)
            {
                await using var command = new NpgsqlCommand(
                    "SELECT nextval(pg_get_serial_sequence('articles', 'seq')) FROM generate_series(1, @count);", connection, tx);
                command.Parameters.Add(new NpgsqlParameter("count", NpgsqlDbType.Integer) { Value = Math.Max(expected, 1) });
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    _seqs.Enqueue(reader.GetInt64(0));
                }
            }
            return _seqs.Dequeue();
        }

        public void Add(long seq, PreparedArticle article, ClusterChoice? cluster, long sortTime, DateTimeOffset now)
        {
            _rows.Add(new Row(seq, article, cluster, sortTime, now));
            _pending.Add(seq);
            _outlets.Add(article.Candidate.OutletId);
        }

        /// <summary>Whether a waiting article belongs to another outlet than this one: a lookup for it could see that row.</summary>
        public bool HoldsOtherThan(string outletId) => _outlets.Count > 1 || (_outlets.Count == 1 && !_outlets.Contains(outletId));

        /// <summary>Whether the article is one of those waiting to be written.</summary>
        public bool IsPending(long seq) => _pending.Contains(seq);

        public void AddTopics(long seq, IReadOnlyList<string> topics, long sortTime)
        {
            foreach (var topic in topics)
            {
                _topics.Add((topic, seq, sortTime));
            }
        }

        /// <summary>
        /// Writes what is pending. Behind a savepoint: when a row is refused, the rows are written again one at a time to
        /// name the article at fault, and the error ends the poll's transaction as a single insert's would.
        /// </summary>
        public async Task FlushAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, CancellationToken ct)
        {
            if (_rows.Count == 0 && _topics.Count == 0)
            {
                return;
            }
            var rows = _rows.ToList();
            var topics = _topics.ToList();
            _rows.Clear();
            _topics.Clear();
            _pending.Clear();
            _outlets.Clear();
            await using var batch = new NpgsqlBatch(connection, tx);
            batch.BatchCommands.Add(new NpgsqlBatchCommand("SAVEPOINT new_articles;"));
            if (rows.Count > 0)
            {
                batch.BatchCommands.Add(ArticlesCommand(rows));
            }
            if (topics.Count > 0)
            {
                batch.BatchCommands.Add(TopicsCommand(topics));
            }
            batch.BatchCommands.Add(new NpgsqlBatchCommand("RELEASE SAVEPOINT new_articles;"));
            try
            {
                await batch.ExecuteNonQueryAsync(ct);
                Written += rows.Count;
            }
            catch (PostgresException e)
            {
                await ExecuteAsync(connection, tx, "ROLLBACK TO SAVEPOINT new_articles;", ct);
                throw await FaultAsync(connection, tx, rows, topics, e, ct);
            }
        }

        /// <summary>The refused row, found by writing the rows one at a time (the transaction is lost to the error anyway).</summary>
        private async Task<StoreException> FaultAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, List<Row> rows,
            List<(string Topic, long Seq, long Sort)> topics, PostgresException batchError, CancellationToken ct)
        {
            foreach (var row in rows)
            {
                try
                {
                    await using var single = new NpgsqlBatch(connection, tx) { BatchCommands = { ArticlesCommand([row]) } };
                    await single.ExecuteNonQueryAsync(ct);
                }
                catch (PostgresException e)
                {
                    var candidate = row.Article.Candidate;
                    return new StoreException(
                        $"store: article {row.Article.Id} ({candidate.Link.AbsoluteUri}) of outlet {candidate.OutletId} was refused: {FirstLine(e.MessageText)} ({store.Location})", e);
                }
            }
            // Every article went in: a topic row was refused.
            var seqs = topics.Select(t => t.Seq).Distinct().ToList();
            var named = seqs.Count == 1 && rows.Find(r => r.Seq == seqs[0]) is { } one ? $" of article {one.Article.Id}" : "";
            return new StoreException($"store: a topic row{named} was refused: {FirstLine(batchError.MessageText)} ({store.Location})", batchError);
        }

        private static NpgsqlBatchCommand ArticlesCommand(List<Row> rows)
        {
            var command = new NpgsqlBatchCommand(InsertArticlesSql);
            var p = command.Parameters;
            p.Add(Longs("seq", rows.Select(r => (long?)r.Seq)));
            p.Add(Texts("id", rows.Select(r => r.Article.Id)));
            p.Add(Texts("outlet", rows.Select(r => r.Article.Candidate.OutletId)));
            p.Add(Texts("source", rows.Select(r => r.Article.Candidate.SourceId)));
            p.Add(Texts("url", rows.Select(r => r.Article.Candidate.CanonicalUrl)));
            p.Add(Texts("link", rows.Select(r => r.Article.Candidate.Link.AbsoluteUri)));
            p.Add(Texts("title", rows.Select(r => r.Article.Candidate.Title)));
            p.Add(Texts("summary", rows.Select(r => r.Article.Candidate.Summary)));
            p.Add(Texts("content", rows.Select(r => r.Article.Candidate.Content)));
            p.Add(Texts("author", rows.Select(r => r.Article.Candidate.Author)));
            p.Add(Longs("published", rows.Select(r => r.Article.Candidate.Published?.ToUnixTimeMilliseconds())));
            p.Add(Longs("updated", rows.Select(r => r.Article.Candidate.Updated?.ToUnixTimeMilliseconds())));
            p.Add(Longs("now", rows.Select(r => (long?)r.Now.ToUnixTimeMilliseconds())));
            p.Add(Longs("sort", rows.Select(r => (long?)r.SortTime)));
            p.Add(Texts("categories", rows.Select(r => StoredRows.CategoriesJson(r.Article.Candidate))));
            p.Add(Texts("enclosures", rows.Select(r => StoredRows.EnclosuresJson(r.Article.Candidate))));
            p.Add(Texts("image", rows.Select(r => r.Article.Candidate.ImageUrl?.AbsoluteUri)));
            p.Add(Texts("cluster", rows.Select(r => r.Cluster?.ClusterId)));
            p.Add(Texts("hash", rows.Select(r => r.Article.Hash)));
            p.Add(Texts("fingerprint", rows.Select(r => r.Article.Identity.Fingerprint)));
            p.Add(new NpgsqlParameter("signature", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = rows.Select(r => r.Article.Identity.Signature.ToBytes()).ToArray() });
            p.Add(Texts("dup_of", rows.Select(r => r.Cluster?.DuplicateOf)));
            p.Add(Texts("dup_level", rows.Select(r => r.Cluster?.Level)));
            p.Add(new NpgsqlParameter("dup_similarity", NpgsqlDbType.Array | NpgsqlDbType.Double) { Value = rows.Select(r => r.Cluster?.Similarity).ToArray() });
            p.Add(Texts("dup_reason", rows.Select(r => r.Cluster?.Reason)));
            // Folded in C# before the lock (issue 23); cut as the old generated column cut its inputs (a tsvector holds 1 MB).
            p.Add(Texts("search", rows.Select(r => r.Article.SearchText)));
            return command;
        }

        private static NpgsqlBatchCommand TopicsCommand(List<(string Topic, long Seq, long Sort)> topics)
        {
            var command = new NpgsqlBatchCommand(InsertTopicsSql);
            command.Parameters.Add(Texts("topics", topics.Select(t => t.Topic)));
            command.Parameters.Add(Longs("seqs", topics.Select(t => (long?)t.Seq)));
            command.Parameters.Add(Longs("sorts", topics.Select(t => (long?)t.Sort)));
            return command;
        }

        private static NpgsqlParameter Texts(string name, IEnumerable<string?> values) =>
            new(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = values.ToArray() };

        private static NpgsqlParameter Longs(string name, IEnumerable<long?> values) =>
            new(name, NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = values.ToArray() };
    }
}
