using Aggregator.Model;
using Microsoft.Data.Sqlite;

namespace Aggregator.Store.Sqlite;

public sealed partial class SqliteStore
{
    public async Task<TopicPage> SearchAsync(string topicId, SearchCriteria query, TopicPageRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        try
        {
            await using var connection = await OpenAsync(ct);
            List<(Article Article, TopicPosition Cursor)> shown;
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = SearchSql.SqlitePage(request, query.HasText,
                    query.Outlets.Count > 0 ? "{0}.outlet_id IN (SELECT value FROM json_each(@outlets))" : null);
                command.Parameters.AddWithValue("@topic", topicId);
                command.Parameters.AddWithValue("@limit", request.Limit + 1);
                if (query.HasText)
                {
                    command.Parameters.AddWithValue("@match", query.ToFts5());
                }
                if (query.Outlets.Count > 0)
                {
                    command.Parameters.AddWithValue("@outlets", System.Text.Json.JsonSerializer.Serialize(query.Outlets, StoreJson.Default.IReadOnlyListString));
                }
                if ((request.Before ?? request.After) is { } cursor)
                {
                    command.Parameters.AddWithValue("@sort", cursor.SortTime);
                    command.Parameters.AddWithValue("@seq", cursor.Seq);
                }
                await using var reader = await command.ExecuteReaderAsync(ct);
                shown = await StoredRows.ListAsync(reader, StoredRows.TopicRow, ct);
            }
            return TopicPage.From(shown, request, await StoredReads.CopiesAsync(connection, shown, CopiesSql, ClusterList, ct));
        }
        catch (SqliteException e)
        {
            throw Translate(e);
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
