using System.Buffers;
using Aggregator.Dedup;
using SQLitePCL;

namespace Aggregator.Store.Sqlite;

public sealed partial class SqliteStore
{
    /// <summary>
    /// A new article's statements (the same-URL and text-candidate lookups, its row, its search text; its topic memberships are <see cref="TopicMembers"/>'), compiled once per transaction
    /// and bound by position without allocating (<see cref="RawStatement"/>): they run once per stored article, the
    /// other ingest statements once per poll or rarely.
    /// </summary>
    private sealed class ArticleInsert : IDisposable
    {
        private readonly RawStatement _row, _search, _sameUrl, _candidates, _pollLog;
        private readonly int _id, _outlet, _source, _url, _urlKey, _link, _title, _summary, _content, _author, _published, _updated,
            _now, _sort, _categories, _enclosures, _image, _cluster, _hash, _fingerprint, _signature, _dupOf, _dupLevel,
            _dupSimilarity, _dupReason;
        private readonly int _searchSeq, _searchBody, _sameUrlKey, _sameUrlUrl, _sameUrlOutlet;
        private readonly int _candidatesOutlet, _candidatesFingerprint, _candidatesProposed, _candidatesMax;
        private readonly int _pollLogAdded, _pollLogOutlet, _pollLogAt;

        private readonly sqlite3 _db;

        /// <summary>
        /// New articles per outlet and first-seen time since the last <see cref="CountNewArticles"/>: the poll log's
        /// counts, written once per poll instead of by a trigger per inserted row.
        /// </summary>
        private readonly List<(string OutletId, long FirstSeen, int Added)> _added = [];

        public ArticleInsert(Microsoft.Data.Sqlite.SqliteConnection connection)
        {
            _db = connection.Handle ?? throw new InvalidOperationException("the connection is not open");
            _row = new RawStatement(connection, IngestQueries.InsertArticleSql);
            _search = new RawStatement(connection, InsertSearchSql);
            _sameUrl = new RawStatement(connection, SameUrlSql);
            _candidates = new RawStatement(connection, CandidatesSql);
            _pollLog = new RawStatement(connection, PollLogSql);
            (_id, _outlet, _source, _url, _urlKey, _link, _title) =
                (_row.Index("$id"), _row.Index("$outlet"), _row.Index("$source"), _row.Index("$url"), _row.Index("$url_key"), _row.Index("$link"), _row.Index("$title"));
            (_summary, _content, _author, _published, _updated, _now, _sort) =
                (_row.Index("$summary"), _row.Index("$content"), _row.Index("$author"), _row.Index("$published"), _row.Index("$updated"), _row.Index("$now"), _row.Index("$sort"));
            (_categories, _enclosures, _image, _cluster, _hash, _fingerprint, _signature) =
                (_row.Index("$categories"), _row.Index("$enclosures"), _row.Index("$image"), _row.Index("$cluster"), _row.Index("$hash"), _row.Index("$fingerprint"), _row.Index("$signature"));
            (_dupOf, _dupLevel, _dupSimilarity, _dupReason) =
                (_row.Index("$dup_of"), _row.Index("$dup_level"), _row.Index("$dup_similarity"), _row.Index("$dup_reason"));
            (_searchSeq, _searchBody) = (_search.Index("$seq"), _search.Index("$search"));
            (_sameUrlKey, _sameUrlUrl, _sameUrlOutlet) = (_sameUrl.Index("@url_key"), _sameUrl.Index("@url"), _sameUrl.Index("@outlet"));
            (_candidatesOutlet, _candidatesFingerprint, _candidatesProposed, _candidatesMax) =
                (_candidates.Index("$outlet"), _candidates.Index("$fingerprint"), _candidates.Index("$proposed"), _candidates.Index("$max"));
            (_pollLogAdded, _pollLogOutlet, _pollLogAt) = (_pollLog.Index("$added"), _pollLog.Index("$outlet"), _pollLog.Index("$at"));
        }

        /// <summary>The row and its search text; the new row's seq.</summary>
        public long Insert(PreparedArticle article, ClusterChoice? cluster, long sortTime, DateTimeOffset now)
        {
            var candidate = article.Candidate;
            if (article.Packed is PackedArticleRows rows)
            {
                BindRow(rows, article.Row);
            }
            else
            {
                BindCandidate(article);
            }
            _row.Bind(_outlet, candidate.OutletId);
            _row.Bind(_source, candidate.SourceId);
            _row.Bind(_url, candidate.CanonicalUrl);
            _row.Bind(_urlKey, UrlKey(candidate.CanonicalUrl));
            _row.Bind(_published, candidate.Published?.ToUnixTimeMilliseconds());
            _row.Bind(_updated, candidate.Updated?.ToUnixTimeMilliseconds());
            _row.Bind(_now, ToUnixMs(now));
            _row.Bind(_sort, sortTime);
            _row.Bind(_cluster, cluster?.ClusterId);
            _row.Bind(_hash, article.Hash);
            _row.Bind(_fingerprint, FingerprintKey(article.Identity.Fingerprint));
            _row.Bind(_dupOf, cluster?.DuplicateOf);
            _row.Bind(_dupLevel, cluster?.Level);
            _row.Bind(_dupSimilarity, cluster?.Similarity);
            _row.Bind(_dupReason, cluster?.Reason);
            _row.Run();
            // The connection's last rowid, not RETURNING: SQLite answers RETURNING from a temporary b-tree it opens and
            // closes for every execution, i.e. per stored article (issue 23). Nothing the insert fires inserts a row of its
            // own (the AUTOINCREMENT counter's write does not count as one), so this is the article's seq.
            var seq = raw.sqlite3_last_insert_rowid(_db);
            Tally(candidate.OutletId, ToUnixMs(now));
            // Indexed here with the text folded before the writer's lock, not by a trigger calling search_fold (issue 23).
            _search.Bind(_searchSeq, seq);
            if (article.Packed is PackedArticleRows packed)
            {
                BindColumn(_search, _searchBody, packed, article.Row, PackedArticleRows.Column.Search);
            }
            else
            {
                _search.Bind(_searchBody, article.SearchText);
            }
            _search.Run();
            return seq;
        }

        private void Tally(string outletId, long firstSeen)
        {
            if (_added.Count > 0 && _added[^1] is var (outlet, at, added) && at == firstSeen && outlet == outletId)
            {
                _added[^1] = (outlet, at, added + 1);
            }
            else
            {
                _added.Add((outletId, firstSeen, 1));
            }
        }

        /// <summary>
        /// Adds the articles inserted since the last call to the poll log's row of their outlet and first-seen time, as
        /// the trigger the migration step "poll log counted per poll" dropped did per row (a row the log does not hold, a
        /// push's, is left alone as it was). Run after each poll, before anything else of the transaction writes the log.
        /// </summary>
        public void CountNewArticles()
        {
            foreach (var (outlet, at, added) in _added)
            {
                _pollLog.Bind(_pollLogAdded, added);
                _pollLog.Bind(_pollLogOutlet, outlet);
                _pollLog.Bind(_pollLogAt, at);
                _pollLog.Run();
            }
            _added.Clear();
        }

        /// <summary>The columns a waiting poll keeps in its rows (<see cref="PendingPoll"/>), bound from their bytes.</summary>
        private void BindRow(PackedArticleRows rows, int row)
        {
            BindColumn(_row, _id, rows, row, PackedArticleRows.Column.Id);
            BindColumn(_row, _link, rows, row, PackedArticleRows.Column.Link);
            BindColumn(_row, _title, rows, row, PackedArticleRows.Column.Title);
            BindColumn(_row, _summary, rows, row, PackedArticleRows.Column.Summary);
            BindColumn(_row, _content, rows, row, PackedArticleRows.Column.Content);
            BindColumn(_row, _author, rows, row, PackedArticleRows.Column.Author);
            BindColumn(_row, _categories, rows, row, PackedArticleRows.Column.Categories);
            BindColumn(_row, _enclosures, rows, row, PackedArticleRows.Column.Enclosures);
            BindColumn(_row, _image, rows, row, PackedArticleRows.Column.Image);
            BindColumn(_row, _signature, rows, row, PackedArticleRows.Column.Signature);
        }

        /// <summary>The same columns from an article that was never packed: what <see cref="BindRow"/> must match byte for byte.</summary>
        private void BindCandidate(PreparedArticle article)
        {
            var candidate = article.Candidate;
            _row.Bind(_id, article.Id);
            _row.Bind(_link, candidate.Link.AbsoluteUri);
            _row.Bind(_title, candidate.Title);
            // Packed (issue 23): the row's text is written twice (log, then file), and it is most of the row.
            _row.BindPacked(_summary, candidate.Summary);
            _row.BindPacked(_content, candidate.Content);
            _row.Bind(_author, candidate.Author);
            _row.Bind(_categories, StoredRows.CategoriesJson(candidate));
            _row.Bind(_enclosures, StoredRows.EnclosuresJson(candidate));
            _row.Bind(_image, candidate.ImageUrl?.AbsoluteUri);
            _row.Bind(_signature, article.Identity.Signature.ToBytes());
        }

        private static void BindColumn(RawStatement statement, int index, PackedArticleRows rows, int row, PackedArticleRows.Column column)
        {
            var bytes = rows.Read(row, column, out var kind);
            switch (kind)
            {
                case PackedArticleRows.Kind.Null:
                    statement.BindNull(index);
                    break;
                case PackedArticleRows.Kind.Blob:
                    statement.Bind(index, bytes);
                    break;
                case PackedArticleRows.Kind.Packable when PackedText.TryPack(bytes, out var packed, out var length):
                    try
                    {
                        statement.Bind(index, packed.AsSpan(0, length));
                    }
                    finally
                    {
                        ArrayPool<byte>.Shared.Return(packed);
                    }
                    break;
                default:
                    statement.BindText(index, bytes);
                    break;
            }
        }

        /// <summary>Another outlet's earliest article with this canonical URL: its cluster and id (<see cref="SameUrlSql"/>).</summary>
        public (string ClusterId, string ArticleId)? FindSameUrl(string outletId, string canonicalUrl)
        {
            _sameUrl.Bind(_sameUrlKey, UrlKey(canonicalUrl));
            _sameUrl.Bind(_sameUrlUrl, canonicalUrl);
            _sameUrl.Bind(_sameUrlOutlet, outletId);
            return _sameUrl.First<(string, string)?>(row => (row.Text(0), row.Text(1)));
        }

        /// <summary>
        /// Other outlets' articles with the exact fingerprint or a proposed near-duplicate's seq, in seq order
        /// (<see cref="CandidatesSql"/>): run for every new article that has no same-URL copy.
        /// </summary>
        public List<StoredText> FindTextCandidates(string outletId, string fingerprint, IReadOnlyList<long> proposed, int max)
        {
            _candidates.Bind(_candidatesOutlet, outletId);
            _candidates.Bind(_candidatesFingerprint, FingerprintKey(fingerprint));
            _candidates.BindJsonArray(_candidatesProposed, proposed);
            _candidates.Bind(_candidatesMax, max);
            return _candidates.Rows(row => new StoredText(
                row.Int64(0), row.Text(1), row.Text(2), new ArticleText(row.Text(3), row.PackedTextColumn(4))));
        }

        public void Dispose()
        {
            _row.Dispose();
            _search.Dispose();
            _sameUrl.Dispose();
            _candidates.Dispose();
            _pollLog.Dispose();
        }

        private const string PollLogSql = "UPDATE poll_log SET new_articles = new_articles + $added WHERE outlet_id = $outlet AND at = $at;";

        private const string InsertSearchSql = "INSERT INTO article_search (rowid, body) VALUES ($seq, $search);";
    }
}
