using Aggregator.Dedup;
using Npgsql;

namespace Aggregator.Store.Postgres;

public sealed partial class PostgresStore
{
    public async Task<IngestSummary> SavePollAsync(PollRecord poll, CancellationToken ct)
    {
        // The CPU work (hashes, fingerprints, signatures) is done before queueing for the writer lock.
        var prepared = poll.Succeeded ? poll.Articles.Select(PreparedArticle.Of).ToList() : [];
        try
        {
            await using var connection = await OpenAsync(ct);
            await using var tx = await connection.BeginTransactionAsync(ct);
            await SaveOutletStateAsync(connection, tx, poll, ct);
            foreach (var (key, value) in poll.Settings)
            {
                await SaveSettingAsync(connection, tx, key, value, ct);
            }
            var summary = IngestSummary.None;
            if (prepared.Count > 0)
            {
                // Held until commit: the next poll, on any worker, sees this one's articles before deciding its clusters.
                await ExecuteAsync(connection, tx, $"SELECT pg_advisory_xact_lock({AdvisoryLocks.Ingest});", ct);
                var index = await CatchUpIndexAsync(connection, tx, ct);
                // Retention (issue 24): a pruned article the outlet still lists is known, never new again.
                var retired = await RetiredAsync(connection, tx, poll.OutletId, poll.Articles, poll.AttemptedAt, ct);
                summary = await SaveArticlesAsync(connection, tx, poll, [.. prepared.Where(p => !retired.Contains(p.Candidate))], index, ct);
                summary = summary with { Unchanged = summary.Unchanged + retired.Count };
                if (summary.Changed)
                {
                    // Delivered at commit, to every worker listening (this one included).
                    await ExecuteAsync(connection, tx, $"SELECT pg_notify('{ChangesChannel}', '');", ct);
                }
            }
            await tx.CommitAsync(ct);
            return summary;
        }
        catch (NpgsqlException e)
        {
            // The transaction rolled back: nothing of this poll is stored, everything before it is.
            throw Translate(e);
        }
    }

    public async Task<IReadOnlySet<ArticleCandidate>> UnknownAsync(string outletId, IReadOnlyList<ArticleCandidate> candidates, CancellationToken ct)
    {
        try
        {
            await using var connection = await OpenAsync(ct);
            var known = await KnownAsync(connection, null, outletId, candidates, ct);
            var retired = await RetiredAsync(connection, null, outletId, candidates, listedAt: null, ct);
            var unknown = new HashSet<ArticleCandidate>(ReferenceEqualityComparer.Instance);
            foreach (var candidate in candidates.Where(c => known.Find(c) is null && !retired.Contains(c)))
            {
                unknown.Add(candidate);
            }
            return unknown;
        }
        catch (NpgsqlException e)
        {
            throw Translate(e);
        }
    }

    private static async Task<IngestSummary> SaveArticlesAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, PollRecord poll, List<PreparedArticle> prepared, NearDuplicateIndex index, CancellationToken ct)
    {
        var now = poll.AttemptedAt;
        var known = await KnownAsync(connection, tx, poll.OutletId, poll.Articles, ct);
        int added = 0, updated = 0, unchanged = 0, deduplicated = 0, stale = 0;
        foreach (var (candidate, hash, text, identity) in prepared)
        {
            var existing = known.Find(candidate);
            if (existing is not null && existing.Hash == hash)
            {
                unchanged++;
                continue;
            }
            if (existing is not null && poll.RefuseOlder && StoredIdentity.IsOlder(candidate, existing.Dated))
            {
                stale++;
                continue;
            }
            if (existing is null)
            {
                var cluster = await FindClusterAsync(connection, tx, candidate, text, identity, index, poll.Duplicates, ct);
                var seq = await InsertArticleAsync(connection, tx, candidate, hash, identity, cluster, now, ct);
                await InsertTopicsAsync(connection, tx, seq, candidate.Topics, PreparedArticle.SortTime(candidate.Published, now), ct);
                // The same entry twice in one feed is one article, as it would be on the next poll.
                known.Add(new StoredIdentity(seq, candidate.SourceId, candidate.CanonicalUrl, hash, now, candidate.Updated ?? candidate.Published));
                added++;
                deduplicated += cluster is null ? 0 : 1;
            }
            else
            {
                // The cluster is kept: a story never changes identity because its text was edited.
                await UpdateArticleAsync(connection, tx, existing.Seq, candidate, hash, identity, now, ct);
                await ReplaceTopicsAsync(connection, tx, existing.Seq, candidate.Topics, PreparedArticle.SortTime(candidate.Published, existing.FirstSeen), ct);
                known.Add(existing with { Hash = hash, Dated = candidate.Updated ?? candidate.Published });
                updated++;
            }
        }
        return new IngestSummary(added, updated, unchanged, deduplicated) { Stale = stale };
    }

    /// <summary>The outlet's stored articles any of these candidates could be, in one round trip.</summary>
    private static async Task<KnownArticles> KnownAsync(
        NpgsqlConnection connection, NpgsqlTransaction? tx, string outletId, IReadOnlyList<ArticleCandidate> candidates, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            SELECT seq, source_id, canonical_url, content_hash, first_seen, COALESCE(updated, published) FROM articles
            WHERE outlet_id = @outlet AND (source_id = ANY(@sources) OR canonical_url = ANY(@urls))
            ORDER BY seq;
            """, connection, tx);
        command.Parameters.Add(Text("outlet", outletId));
        command.Parameters.Add(TextArray("sources", candidates.Where(c => c.SourceId is not null).Select(c => c.SourceId!).Distinct().ToList()));
        command.Parameters.Add(TextArray("urls", candidates.Select(c => c.CanonicalUrl).Distinct().ToList()));
        var known = new KnownArticles();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            known.Add(new StoredIdentity(reader.GetInt64(0), StoredRows.String(reader, 1), reader.GetString(2), reader.GetString(3),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
                reader.IsDBNull(5) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5))));
        }
        return known;
    }

    private static async Task<long> InsertArticleAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, ArticleCandidate candidate, string hash, TextIdentity identity,
        ClusterChoice? cluster, DateTimeOffset now, CancellationToken ct)
    {
        var id = ArticleIds.For(candidate.OutletId, candidate.SourceId ?? candidate.CanonicalUrl);
        await using var command = new NpgsqlCommand("""
            INSERT INTO articles (id, outlet_id, source_id, canonical_url, link, title, summary, content, author,
                                  published, updated, first_seen, changed_at, sort_time, categories, enclosures,
                                  image_url, cluster_id, content_hash, fingerprint, signature,
                                  dup_of, dup_level, dup_similarity, dup_reason)
            VALUES (@id, @outlet, @source, @url, @link, @title, @summary, @content, @author,
                    @published, @updated, @now, @now, @sort, @categories, @enclosures, @image,
                    COALESCE(@cluster, @id), @hash, @fingerprint, @signature,
                    @dup_of, @dup_level, @dup_similarity, @dup_reason)
            RETURNING seq;
            """, connection, tx);
        AddArticleParameters(command, candidate, hash, identity, now);
        command.Parameters.Add(Text("id", id));
        command.Parameters.Add(Text("outlet", candidate.OutletId));
        command.Parameters.Add(Text("source", candidate.SourceId));
        command.Parameters.Add(Long("sort", PreparedArticle.SortTime(candidate.Published, now)));
        command.Parameters.Add(Text("cluster", cluster?.ClusterId));
        command.Parameters.Add(Text("dup_of", cluster?.DuplicateOf));
        command.Parameters.Add(Text("dup_level", cluster?.Level));
        command.Parameters.Add(Double("dup_similarity", cluster?.Similarity));
        command.Parameters.Add(Text("dup_reason", cluster?.Reason));
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    private static async Task UpdateArticleAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, long seq, ArticleCandidate candidate, string hash, TextIdentity identity,
        DateTimeOffset now, CancellationToken ct)
    {
        // id, source_id, first_seen and cluster_id never change: they are what readers and clusters hold on to.
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
        AddArticleParameters(command, candidate, hash, identity, now);
        command.Parameters.Add(Long("seq", seq));
        command.Parameters.Add(Bool("content_from_page", candidate.ContentFromPage));
        await command.ExecuteNonQueryAsync(ct);
    }

    private static void AddArticleParameters(NpgsqlCommand command, ArticleCandidate candidate, string hash, TextIdentity identity, DateTimeOffset now)
    {
        command.Parameters.Add(Text("fingerprint", identity.Fingerprint));
        command.Parameters.Add(Bytes("signature", identity.Signature.ToBytes()));
        command.Parameters.Add(Text("url", candidate.CanonicalUrl));
        command.Parameters.Add(Text("link", candidate.Link.AbsoluteUri));
        command.Parameters.Add(Text("title", candidate.Title));
        command.Parameters.Add(Text("summary", candidate.Summary));
        command.Parameters.Add(Text("content", candidate.Content));
        command.Parameters.Add(Text("author", candidate.Author));
        command.Parameters.Add(Time("published", candidate.Published));
        command.Parameters.Add(Time("updated", candidate.Updated));
        command.Parameters.Add(Time("now", now));
        command.Parameters.Add(Text("categories", StoredRows.CategoriesJson(candidate)));
        command.Parameters.Add(Text("enclosures", StoredRows.EnclosuresJson(candidate)));
        command.Parameters.Add(Text("image", candidate.ImageUrl?.AbsoluteUri));
        command.Parameters.Add(Text("hash", hash));
    }
}
