using Aggregator.Model;
using Microsoft.Data.Sqlite;

namespace Aggregator.Store.Sqlite;

public sealed partial class SqliteStore
{
    /// <summary>SQLite's progress callback runs every this many virtual-machine steps: often enough to stop within a millisecond or so.</summary>
    private const int SearchProgressSteps = 1000;

    public async Task<TopicPage> SearchAsync(string topicId, SearchCriteria query, TopicPageRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        var budget = query.Budget;
        try
        {
            await using var connection = await OpenAsync(ct);
            // SQLite has no statement timeout: a progress handler interrupts the statement once the budget is
            // spent or the reader has gone, and is removed before the connection goes back to the pool.
            var deadline = budget.Clock.GetUtcNow() + budget.Limit;
            SQLitePCL.raw.sqlite3_progress_handler(connection.Handle, SearchProgressSteps,
                _ => ct.IsCancellationRequested || budget.Clock.GetUtcNow() >= deadline ? 1 : 0, null);
            try
            {
                List<(Article Article, TopicPosition Cursor)> shown;
                await using (var command = connection.CreateCommand())
                {
                    command.CommandText = SearchPageSql(query, request);
                    AddSearchParameters(command, topicId, query, request);
                    await using var reader = await command.ExecuteReaderAsync(ct);
                    shown = await StoredRows.ListAsync(reader, StoredRows.TopicRow, ct);
                }
                return TopicPage.From(shown, request, await StoredReads.CopiesAsync(connection, shown, CopiesSql, ClusterList, ct));
            }
            finally
            {
                SQLitePCL.raw.sqlite3_progress_handler(connection.Handle, 0, null, null);
            }
        }
        catch (SqliteException e) when (e.SqliteErrorCode == SQLitePCL.raw.SQLITE_INTERRUPT)
        {
            ct.ThrowIfCancellationRequested();
            throw budget.Exceeded(e);
        }
        catch (SqliteException e)
        {
            throw Translate(e);
        }
    }

    /// <summary>SQLite's plan of a search page, one line per step, as EXPLAIN QUERY PLAN prints it (for the bench and tests).</summary>
    public async Task<IReadOnlyList<string>> ExplainSearchAsync(string topicId, SearchCriteria query, TopicPageRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var connection = await OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + SearchPageSql(query, request);
        AddSearchParameters(command, topicId, query, request);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var lines = new List<string>();
        while (await reader.ReadAsync(ct))
        {
            lines.Add($"{reader.GetInt64(0)}<-{reader.GetInt64(1)} {reader.GetString(3)}");
        }
        return lines;
    }

    private static string SearchPageSql(SearchCriteria query, TopicPageRequest request) => SearchSql.Page(request,
        query.HasText
            // FTS5 walks its lists backwards for ORDER BY rowid DESC and stops at the LIMIT.
            ? $"SELECT rowid AS seq FROM article_search WHERE article_search MATCH @match ORDER BY rowid DESC LIMIT {SearchSql.MaxCandidates}"
            : SearchSql.OutletCandidates(query.Outlets.Count),
        query.HasText ? query.Outlets.Count : 0,
        "articles a INDEXED BY ix_articles_search_keys");

    private static void AddSearchParameters(SqliteCommand command, string topicId, SearchCriteria query, TopicPageRequest request)
    {
        command.Parameters.AddWithValue("@topic", topicId);
        command.Parameters.AddWithValue("@limit", request.Limit + 1);
        if (query.HasText)
        {
            command.Parameters.AddWithValue("@match", query.ToFts5());
        }
        foreach (var (name, outlet) in SearchSql.OutletParameters(query.Outlets.Count).Zip(query.Outlets))
        {
            command.Parameters.AddWithValue("@" + name, outlet);
        }
        if ((request.Before ?? request.After) is { } cursor)
        {
            command.Parameters.AddWithValue("@sort", cursor.SortTime);
            command.Parameters.AddWithValue("@seq", cursor.Seq);
        }
    }

    public async Task<IReadOnlyList<OutletPicture>> GetOutletPicturesAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = connection.CreateCommand();
        // One statement: every outlet's row, its per-day counts and its polls, aggregated beside it.
        command.CommandText = $"""
            SELECT {StoredRows.OutletColumns},
                (SELECT json_group_array(json_array(d.day, d.n)) FROM (
                    SELECT (a.first_seen - $since) / 86400000 AS day, count(*) AS n
                    FROM articles a WHERE a.outlet_id = o.id AND a.first_seen >= $since GROUP BY day) d),
                (SELECT json_group_array(json_array(p.at, p.failed, p.new_articles)) FROM (
                    SELECT at, failed, new_articles FROM poll_log WHERE outlet_id = o.id AND at >= $polls ORDER BY at) p)
            FROM outlets o ORDER BY o.id;
            """;
        command.Parameters.AddWithValue("$since", ToUnixMs(OutletPicture.DaysSince(now)));
        command.Parameters.AddWithValue("$polls", ToUnixMs(now.AddHours(-OutletPicture.PollHours)));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var pictures = new List<OutletPicture>();
        while (await reader.ReadAsync(ct))
        {
            pictures.Add(OutletPicture.From(StoredRows.Outlet(reader), reader.IsDBNull(20) ? null : reader.GetString(20), reader.IsDBNull(21) ? null : reader.GetString(21)));
        }
        return pictures;
    }
}
