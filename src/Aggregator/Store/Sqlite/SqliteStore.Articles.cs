using Aggregator.Dedup;
using Microsoft.Data.Sqlite;

namespace Aggregator.Store.Sqlite;

public sealed partial class SqliteStore
{
    public async Task<IngestSummary> SavePollAsync(PollRecord poll, CancellationToken ct)
    {
        // The CPU work (hashes, fingerprints, signatures) is done before queueing for the single
        // writer, so polls finishing together overlap it instead of waiting behind each other.
        var prepared = poll.Succeeded ? poll.Articles.Select(PreparedArticle.Of).ToList() : [];
        await _writeLock.WaitAsync(ct);
        try
        {
            return await SavePollLockedAsync(poll, prepared, ct);
        }
        catch (SqliteException e)
        {
            // The transaction rolled back: nothing of this poll is stored, everything before it is.
            throw Translate(e);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task<IngestSummary> SavePollLockedAsync(PollRecord poll, List<PreparedArticle> prepared, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        await SaveOutletStateAsync(connection, tx, poll, ct);
        foreach (var (key, value) in poll.Settings)
        {
            await SaveSettingAsync(connection, tx, key, value, ct);
        }
        var summary = IngestSummary.None;
        var signatures = new List<(long Seq, NearDuplicateSignature Signature)>();
        if (poll.Succeeded && poll.Articles.Count > 0)
        {
            var index = await EnsureIndexAsync(connection, tx, ct);
            await using var statements = new StatementCache(connection, tx);
            // Retention (issue 24): a pruned article the outlet still lists is known, never new again.
            var retired = await RetiredAsync(statements, poll, ct);
            summary = await SaveArticlesAsync(statements, poll, [.. prepared.Where(p => !retired.Contains(p.Candidate))], index, signatures, ct);
            summary = summary with { Unchanged = summary.Unchanged + retired.Count };
        }
        await tx.CommitAsync(ct);
        // Only what is committed may be found by later lookups.
        foreach (var (seq, signature) in signatures)
        {
            _index!.Add(seq, signature);
        }
        return summary;
    }

    private static async Task<IngestSummary> SaveArticlesAsync(
        StatementCache statements, PollRecord poll, List<PreparedArticle> prepared, NearDuplicateIndex index,
        List<(long Seq, NearDuplicateSignature Signature)> signatures, CancellationToken ct)
    {
        var now = poll.AttemptedAt;
        int added = 0, updated = 0, unchanged = 0, deduplicated = 0, stale = 0;
        foreach (var (candidate, hash, text, identity) in prepared)
        {
            var existing = await FindInOutletAsync(statements, candidate, ct);
            if (existing is not null && existing.Value.Hash == hash)
            {
                unchanged++;
                continue;
            }
            if (existing is not null && poll.RefuseOlder && StoredIdentity.IsOlder(candidate, existing.Value.Dated))
            {
                stale++;
                continue;
            }

            long seq;
            if (existing is null)
            {
                var cluster = await FindClusterAsync(statements, candidate, text, identity, index, poll.Duplicates, ct);
                seq = await InsertArticleAsync(statements, candidate, hash, identity, cluster, now, ct);
                await InsertTopicsAsync(statements, seq, candidate.Topics, PreparedArticle.SortTime(candidate.Published, now), ct);
                added++;
                deduplicated += cluster is null ? 0 : 1;
            }
            else
            {
                seq = existing.Value.Seq;
                // The cluster is kept: a story never changes identity because its text was edited.
                await UpdateArticleAsync(statements, seq, candidate, hash, identity, now, ct);
                await ReplaceTopicsAsync(statements, seq, candidate.Topics, PreparedArticle.SortTime(candidate.Published, existing.Value.FirstSeen), ct);
                updated++;
            }
            signatures.Add((seq, identity.Signature));
        }
        return new IngestSummary(added, updated, unchanged, deduplicated) { Stale = stale };
    }

    public async Task<IReadOnlySet<ArticleCandidate>> UnknownAsync(string outletId, IReadOnlyList<ArticleCandidate> candidates, CancellationToken ct)
    {
        try
        {
            await using var connection = await OpenAsync(ct);
            // A read transaction: one consistent view for all the lookups, no write lock taken.
            await using var tx = connection.BeginTransaction(deferred: true);
            await using var statements = new StatementCache(connection, tx);
            var unknown = new HashSet<ArticleCandidate>(ReferenceEqualityComparer.Instance);
            foreach (var candidate in candidates)
            {
                if (await FindInOutletAsync(statements, candidate, ct) is null && !await IsRetiredAsync(statements, candidate, ct))
                {
                    unknown.Add(candidate);
                }
            }
            return unknown;
        }
        catch (SqliteException e)
        {
            throw Translate(e);
        }
    }

    /// <summary>CONTRACT §5: inside one outlet the same guid, or else the same canonical URL, is the same article.</summary>
    private static async Task<(long Seq, string Hash, DateTimeOffset FirstSeen, DateTimeOffset? Dated)?> FindInOutletAsync(
        StatementCache statements, ArticleCandidate candidate, CancellationToken ct)
    {
        if (candidate.SourceId is not null)
        {
            var bySource = await FindAsync(statements,
                "SELECT seq, content_hash, first_seen, COALESCE(updated, published) FROM articles WHERE outlet_id = $outlet AND source_id = $key;",
                candidate.OutletId, candidate.SourceId, ct);
            if (bySource is not null)
            {
                return bySource;
            }
        }
        return await FindAsync(statements,
            "SELECT seq, content_hash, first_seen, COALESCE(updated, published) FROM articles WHERE outlet_id = $outlet AND canonical_url = $key ORDER BY seq LIMIT 1;",
            candidate.OutletId, candidate.CanonicalUrl, ct);
    }

    private static async Task<(long Seq, string Hash, DateTimeOffset FirstSeen, DateTimeOffset? Dated)?> FindAsync(
        StatementCache statements, string sql, string outletId, string key, CancellationToken ct)
    {
        var command = statements.For(sql);
        StatementCache.Bind(command, "$outlet", outletId);
        StatementCache.Bind(command, "$key", key);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }
        return (reader.GetInt64(0), reader.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)),
            reader.IsDBNull(3) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)));
    }

    private static async Task<long> InsertArticleAsync(
        StatementCache statements, ArticleCandidate candidate, string hash, TextIdentity identity,
        ClusterChoice? cluster, DateTimeOffset now, CancellationToken ct)
    {
        var id = ArticleIds.For(candidate.OutletId, candidate.SourceId ?? candidate.CanonicalUrl);
        var command = statements.For(InsertArticleSql);
        AddArticleParameters(command, candidate, hash, identity, now);
        StatementCache.Bind(command, "$id", id);
        StatementCache.Bind(command, "$outlet", candidate.OutletId);
        StatementCache.Bind(command, "$source", DbValue(candidate.SourceId));
        StatementCache.Bind(command, "$sort", PreparedArticle.SortTime(candidate.Published, now));
        StatementCache.Bind(command, "$cluster", DbValue(cluster?.ClusterId));
        StatementCache.Bind(command, "$dup_of", DbValue(cluster?.DuplicateOf));
        StatementCache.Bind(command, "$dup_level", DbValue(cluster?.Level));
        StatementCache.Bind(command, "$dup_similarity", DbValue(cluster?.Similarity));
        StatementCache.Bind(command, "$dup_reason", DbValue(cluster?.Reason));
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    private const string InsertArticleSql = """
            INSERT INTO articles (id, outlet_id, source_id, canonical_url, link, title, summary, content, author,
                                  published, updated, first_seen, changed_at, sort_time, categories, enclosures,
                                  image_url, cluster_id, content_hash, fingerprint, signature,
                                  dup_of, dup_level, dup_similarity, dup_reason)
            VALUES ($id, $outlet, $source, $url, $link, $title, $summary, $content, $author,
                    $published, $updated, $now, $now, $sort, $categories, $enclosures, $image,
                    COALESCE($cluster, $id), $hash, $fingerprint, $signature,
                    $dup_of, $dup_level, $dup_similarity, $dup_reason)
            RETURNING seq;
            """;

    private static async Task UpdateArticleAsync(
        StatementCache statements, long seq, ArticleCandidate candidate, string hash, TextIdentity identity,
        DateTimeOffset now, CancellationToken ct)
    {
        var command = statements.For(UpdateArticleSql);
        AddArticleParameters(command, candidate, hash, identity, now);
        StatementCache.Bind(command, "$seq", seq);
        StatementCache.Bind(command, "$content_from_page", candidate.ContentFromPage);
        await command.ExecuteNonQueryAsync(ct);
    }

    // id, source_id, first_seen and cluster_id never change: they are what readers and clusters hold on to.
    private const string UpdateArticleSql = """
            UPDATE articles SET
                canonical_url = $url, link = $link, title = $title, summary = $summary,
                content = CASE WHEN $content_from_page AND $content IS NULL THEN content ELSE $content END,
                author = $author, published = $published, updated = $updated, changed_at = $now,
                sort_time = COALESCE($published, first_seen), categories = $categories,
                enclosures = $enclosures, image_url = $image, content_hash = $hash,
                fingerprint = $fingerprint, signature = $signature
            WHERE seq = $seq;
            """;

    private static void AddArticleParameters(SqliteCommand command, ArticleCandidate candidate, string hash, TextIdentity identity, DateTimeOffset now)
    {
        StatementCache.Bind(command, "$fingerprint", identity.Fingerprint);
        StatementCache.Bind(command, "$signature", identity.Signature.ToBytes());
        StatementCache.Bind(command, "$url", candidate.CanonicalUrl);
        StatementCache.Bind(command, "$link", candidate.Link.AbsoluteUri);
        StatementCache.Bind(command, "$title", candidate.Title);
        StatementCache.Bind(command, "$summary", DbValue(candidate.Summary));
        StatementCache.Bind(command, "$content", DbValue(candidate.Content));
        StatementCache.Bind(command, "$author", DbValue(candidate.Author));
        StatementCache.Bind(command, "$published", DbTime(candidate.Published));
        StatementCache.Bind(command, "$updated", DbTime(candidate.Updated));
        StatementCache.Bind(command, "$now", ToUnixMs(now));
        StatementCache.Bind(command, "$categories", StoredRows.CategoriesJson(candidate));
        StatementCache.Bind(command, "$enclosures", StoredRows.EnclosuresJson(candidate));
        StatementCache.Bind(command, "$image", DbValue(candidate.ImageUrl?.AbsoluteUri));
        StatementCache.Bind(command, "$hash", hash);
    }
}
