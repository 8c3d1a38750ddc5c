using System.Data.Common;
using System.Text.Json;
using Aggregator.Dedup;
using Aggregator.Model;
using Aggregator.Normalize;

namespace Aggregator.Store;

/// <summary>
/// The column lists both providers select and how a row becomes the model. Times are Unix
/// milliseconds and counts 64-bit integers in either database, so one mapping reads both.
/// </summary>
internal static class StoredRows
{
    /// <summary>Read by <see cref="Article"/>; the seq follows at ordinal 16.</summary>
    public const string ArticleColumns = """
        a.id, a.outlet_id, a.source_id, a.canonical_url, a.link, a.title, a.summary, a.content, a.author,
        a.published, a.updated, a.first_seen, a.categories, a.enclosures, a.image_url, a.cluster_id, a.seq
        """;

    public const string OutletColumns = """
        o.id, o.etag, o.last_modified, o.last_attempt, o.last_success, o.last_status,
        o.consecutive_failures, o.next_due, o.last_error, o.resolved_feed_url,
        (SELECT count(*) FROM articles a WHERE a.outlet_id = o.id), o.notice, o.gone_url, o.structure, o.interval_note, o.hint_seconds,
        o.websub_hub, o.websub_topic, o.websub_secret, o.websub_expires
        """;

    public static Article Article(DbDataReader reader) => new()
    {
        Id = reader.GetString(0),
        OutletId = reader.GetString(1),
        SourceId = String(reader, 2),
        CanonicalUrl = reader.GetString(3),
        Link = new Uri(reader.GetString(4)),
        Title = reader.GetString(5),
        Summary = Text(reader, 6),
        Content = Text(reader, 7),
        Author = String(reader, 8),
        Published = Time(reader, 9),
        Updated = Time(reader, 10),
        FirstSeen = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(11)),
        Categories = JsonSerializer.Deserialize(reader.GetString(12), StoreJson.Default.IReadOnlyListString) ?? [],
        Enclosures = Enclosures(JsonSerializer.Deserialize(reader.GetString(13), StoreJson.Default.ListStoredEnclosure)),
        ImageUrl = String(reader, 14) is { } image ? new Uri(image) : null,
        ClusterId = reader.GetString(15),
    };

    public static OutletHealth Outlet(DbDataReader reader) => new()
    {
        OutletId = reader.GetString(0),
        ETag = String(reader, 1),
        LastModified = String(reader, 2),
        LastAttempt = Time(reader, 3),
        LastSuccess = Time(reader, 4),
        LastStatusCode = reader.IsDBNull(5) ? null : (int)reader.GetInt64(5),
        ConsecutiveFailures = (int)reader.GetInt64(6),
        NextDue = Time(reader, 7),
        LastError = String(reader, 8),
        ResolvedFeedUrl = String(reader, 9) is { } url ? new Uri(url) : null,
        ItemCount = (int)reader.GetInt64(10),
        Notice = String(reader, 11),
        GoneUrl = String(reader, 12) is { } gone ? new Uri(gone) : null,
        Structure = String(reader, 13),
        IntervalNote = String(reader, 14),
        FeedHint = reader.IsDBNull(15) ? null : TimeSpan.FromSeconds(reader.GetInt64(15)),
        WebSubHub = String(reader, 16) is { } hub ? new Uri(hub) : null,
        WebSubTopic = String(reader, 17) is { } topic ? new Uri(topic) : null,
        WebSubSecret = String(reader, 18),
        WebSubExpires = Time(reader, 19),
    };

    public static ClusterMember ClusterMember(DbDataReader reader, bool shown) => new(
        reader.GetString(0), reader.GetString(1), new Uri(reader.GetString(2)), reader.GetString(3),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)), shown,
        String(reader, 5), String(reader, 6), reader.IsDBNull(7) ? null : reader.GetDouble(7), String(reader, 8));

    /// <summary>The columns <see cref="ClusterMember"/> reads, of the articles aliased a.</summary>
    public const string ClusterMemberColumns = "a.id, a.outlet_id, a.link, a.title, a.first_seen, a.dup_of, a.dup_level, a.dup_similarity, a.dup_reason";

    public static string CategoriesJson(ArticleCandidate candidate) =>
        JsonSerializer.Serialize(candidate.Categories, StoreJson.Default.IReadOnlyListString);

    public static string EnclosuresJson(ArticleCandidate candidate) => JsonSerializer.Serialize(
        candidate.Enclosures.Select(e => new StoredEnclosure(e.Url.AbsoluteUri, e.MediaType, e.Length)).ToList(),
        StoreJson.Default.ListStoredEnclosure);

    /// <summary>The enclosures <see cref="EnclosuresJson"/> stored, read back.</summary>
    public static IReadOnlyList<Enclosure> Enclosures(List<StoredEnclosure>? stored) =>
        (stored ?? []).Select(e => new Enclosure(new Uri(e.Url), e.Type, e.Length)).ToList();

    /// <summary>Every row of a reader, mapped.</summary>
    /// <summary>The one row of the stats query: articles, tombstones, the oldest article's sort time, bytes on disk.</summary>
    public static async Task<StoreStats> StatsAsync(DbDataReader reader, CancellationToken ct)
    {
        await reader.ReadAsync(ct);
        return new StoreStats(reader.GetInt64(0), reader.GetInt64(1), Time(reader, 2), reader.GetInt64(3));
    }

    public static async Task<List<T>> ListAsync<T>(DbDataReader reader, Func<DbDataReader, T> map, CancellationToken ct)
    {
        var rows = new List<T>();
        while (await reader.ReadAsync(ct))
        {
            rows.Add(map(reader));
        }
        return rows;
    }

    /// <summary>
    /// One page of a topic, in either provider's SQL (both take @-named parameters: @topic, @limit,
    /// and @sort, @seq with a cursor). Of each cluster only its earliest member in this topic is
    /// shown, so a story keeps one identity in the feed whatever copies arrive later. One row more
    /// than asked tells whether a further page exists. Reads <see cref="TopicRow"/>.
    /// An earlier member is either the cluster's founder (its id is the cluster id) or a copy that joined it
    /// (cluster_id &lt;&gt; id): SQLite's cluster index holds only the copies that joined (issue 23), and a query
    /// must say "cluster_id &lt;&gt; id" for SQLite to use such a partial index. CROSS JOIN makes SQLite look the copy up first
    /// and then its topic row (one lookup each), never walk the topic's earlier rows; PostgreSQL reads it as a join.
    /// </summary>
    public static string TopicPageSql(TopicPageRequest request)
    {
        var newerFirst = request.After is null;
        var cursor = (request.Before ?? request.After) is null ? ""
            : newerFirst ? "AND (t.sort_time, t.article_seq) < (@sort, @seq)" : "AND (t.sort_time, t.article_seq) > (@sort, @seq)";
        return $"""
            SELECT {ArticleColumns}, t.sort_time
            FROM article_topics t JOIN articles a ON a.seq = t.article_seq
            WHERE t.topic_id = @topic
              {cursor}
              AND NOT EXISTS (
                  SELECT 1 FROM articles b CROSS JOIN article_topics tb
                  WHERE b.cluster_id = a.cluster_id AND b.cluster_id <> b.id AND b.seq < a.seq
                    AND tb.topic_id = @topic AND tb.article_seq = b.seq)
              AND NOT EXISTS (
                  SELECT 1 FROM articles b CROSS JOIN article_topics tb
                  WHERE b.id = a.cluster_id AND b.cluster_id = b.id AND b.seq < a.seq
                    AND tb.topic_id = @topic AND tb.article_seq = b.seq)
            ORDER BY {(newerFirst ? "t.sort_time DESC, t.article_seq DESC" : "t.sort_time ASC, t.article_seq ASC")}
            LIMIT @limit;
            """;
    }

    public static (Article Article, TopicPosition Cursor) TopicRow(DbDataReader reader) =>
        (Article(reader), new TopicPosition(reader.GetInt64(17), reader.GetInt64(16)));

    /// <summary>What identifies a stored article inside its outlet, read by <see cref="Identity"/>.</summary>
    public const string IdentityColumns = "seq, source_id, canonical_url, content_hash, first_seen, COALESCE(updated, published)";

    public static StoredIdentity Identity(DbDataReader reader) =>
        new(reader.GetInt64(0), String(reader, 1), reader.GetString(2), reader.GetString(3),
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)), Time(reader, 5));

    /// <summary>Rows of <see cref="IdentityColumns"/> in seq order, for in-memory lookups.</summary>
    public static async Task<KnownArticles> KnownAsync(DbDataReader reader, CancellationToken ct)
    {
        var known = new KnownArticles();
        while (await reader.ReadAsync(ct))
        {
            known.Add(Identity(reader));
        }
        return known;
    }

    /// <summary>Another outlet's earliest article with the canonical URL @url (@outlet: this one's): cluster, id.</summary>
    public const string SameUrlSql = "SELECT cluster_id, id FROM articles WHERE canonical_url = @url AND outlet_id <> @outlet ORDER BY seq LIMIT 1;";

    /// <summary>Selects another outlet's article as a duplicate candidate: seq, cluster, id, title, text. Read by <see cref="CandidateText"/>.</summary>
    public const string CandidateColumns = "seq, cluster_id, id, title, COALESCE(content, summary)";

    public static StoredText CandidateText(DbDataReader reader) =>
        new(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), new ArticleText(reader.GetString(3), Text(reader, 4)));

    /// <summary>An outlet's articles' times since @since (in @outlet), for adaptive polling.</summary>
    public const string PublishTimesSql = "SELECT sort_time FROM articles WHERE outlet_id = @outlet AND sort_time >= @since;";

    public static DateTimeOffset UnixTime(DbDataReader reader) => DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0));

    public static DateTimeOffset? Time(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));

    public static string? String(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    /// <summary>A summary or content: SQLite may hold it packed (<see cref="PackedText"/>).</summary>
    public static string? Text(DbDataReader reader, int ordinal) => PackedText.Unpack(reader.GetValue(ordinal));
}
