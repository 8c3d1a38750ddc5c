using System.Data.Common;

namespace Aggregator.Store;

/// <summary>The full-text backlog's reads, in SQL both providers accept (named @parameters), and their row mappings.</summary>
internal static class BacklogRows
{
    public const string CountSql = """
        SELECT outlet_id,
               SUM(CASE WHEN given_up IS NULL THEN 1 ELSE 0 END),
               SUM(CASE WHEN given_up IS NULL THEN 0 ELSE 1 END),
               MIN(CASE WHEN given_up IS NULL THEN next_attempt END)
        FROM fulltext_backlog
        GROUP BY outlet_id
        ORDER BY outlet_id;
        """;

    public const string StateSql = """
        SELECT b.attempts, b.next_attempt, b.last_error, b.reason, b.given_up
        FROM fulltext_backlog b JOIN articles a ON a.seq = b.article_seq
        WHERE a.id = @id;
        """;

    /// <summary>A due page's columns, from fulltext_backlog b joined to articles a (<see cref="Due"/> reads them).</summary>
    public const string DueColumns = $"{StoredRows.ArticleColumns}, a.sort_time, b.attempts";

    public static DuePage Due(DbDataReader reader) =>
        new(reader.GetInt64(16), StoredRows.Article(reader), reader.GetInt64(17), reader.GetInt32(18));

    public static BacklogCount Count(DbDataReader reader) => new(
        reader.GetString(0), (int)reader.GetInt64(1), (int)reader.GetInt64(2), StoredRows.Time(reader, 3));

    public static BacklogState State(DbDataReader reader) => new()
    {
        Attempts = reader.GetInt32(0),
        NextAttempt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
        LastError = StoredRows.String(reader, 2),
        GivenUpReason = StoredRows.String(reader, 3),
        GivenUpAt = StoredRows.Time(reader, 4),
    };
}
