using System.Data.Common;
using System.Text.Json;
using Aggregator.Model;

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
        Summary = String(reader, 6),
        Content = String(reader, 7),
        Author = String(reader, 8),
        Published = Time(reader, 9),
        Updated = Time(reader, 10),
        FirstSeen = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(11)),
        Categories = JsonSerializer.Deserialize(reader.GetString(12), StoreJson.Default.IReadOnlyListString) ?? [],
        Enclosures = (JsonSerializer.Deserialize(reader.GetString(13), StoreJson.Default.ListStoredEnclosure) ?? [])
            .Select(e => new Enclosure(new Uri(e.Url), e.Type, e.Length)).ToList(),
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

    public static DateTimeOffset? Time(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));

    public static string? String(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
