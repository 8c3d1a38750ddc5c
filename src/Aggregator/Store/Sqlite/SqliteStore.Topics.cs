using Aggregator.Model;
using Microsoft.Data.Sqlite;

namespace Aggregator.Store.Sqlite;

public sealed partial class SqliteStore
{
    public async Task<IReadOnlyList<StoredTopicItem>> GetTopicItemsAsync(string topicId, int limit, CancellationToken ct) =>
        (await GetTopicPageAsync(topicId, new TopicPageRequest(limit), ct)).Items;

    public async Task<TopicPage> GetTopicPageAsync(string topicId, TopicPageRequest request, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        List<(Article Article, TopicPosition Cursor)> shown;
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = StoredRows.TopicPageSql(request);
            command.Parameters.AddWithValue("@topic", topicId);
            command.Parameters.AddWithValue("@limit", request.Limit + 1);
            if ((request.Before ?? request.After) is { } cursor)
            {
                command.Parameters.AddWithValue("@sort", cursor.SortTime);
                command.Parameters.AddWithValue("@seq", cursor.Seq);
            }
            await using var reader = await command.ExecuteReaderAsync(ct);
            shown = await StoredRows.ListAsync(reader, StoredRows.TopicRow, ct);
        }
        return TopicPage.From(shown, request, await GetCopiesAsync(connection, shown.Select(s => s.Article.ClusterId).Distinct().ToList(), ct));
    }

    private static async Task<ILookup<string, (long Seq, StoredCopy Copy)>> GetCopiesAsync(
        SqliteConnection connection, List<string> clusters, CancellationToken ct)
    {
        var copies = new List<(string Cluster, long Seq, StoredCopy Copy)>();
        if (clusters.Count > 0)
        {
            await using var command = connection.CreateCommand();
            // json_each keeps the statement fixed whatever the number of clusters.
            command.CommandText = """
                SELECT cluster_id, seq, outlet_id, link FROM articles
                WHERE cluster_id IN (SELECT value FROM json_each($clusters))
                ORDER BY seq;
                """;
            command.Parameters.AddWithValue("$clusters", System.Text.Json.JsonSerializer.Serialize(clusters, StoreJson.Default.IReadOnlyListString));
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                copies.Add((reader.GetString(0), reader.GetInt64(1), new StoredCopy(reader.GetString(2), new Uri(reader.GetString(3)))));
            }
        }
        return copies.ToLookup(c => c.Cluster, c => (c.Seq, c.Copy), StringComparer.Ordinal);
    }

    public async Task RebuildTopicsAsync(Func<Article, IReadOnlyList<string>> topicsOf, CancellationToken ct)
    {
        await _writeLock.WaitAsync(ct);
        try
        {
            await using var connection = await OpenAsync(ct);
            await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
            await using (var clear = connection.CreateCommand())
            {
                clear.Transaction = tx;
                clear.CommandText = "DELETE FROM article_topics;";
                await clear.ExecuteNonQueryAsync(ct);
            }

            await using var insert = connection.CreateCommand();
            insert.Transaction = tx;
            insert.CommandText = InsertTopicSql;
            var topicParameter = insert.Parameters.Add("$topic", SqliteType.Text);
            var seqParameter = insert.Parameters.Add("$seq", SqliteType.Integer);
            var sortParameter = insert.Parameters.Add("$sort", SqliteType.Integer);

            await using var select = connection.CreateCommand();
            select.Transaction = tx;
            select.CommandText = $"SELECT {StoredRows.ArticleColumns}, a.sort_time FROM articles a ORDER BY a.seq;";
            await using var reader = await select.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var article = StoredRows.Article(reader);
                seqParameter.Value = reader.GetInt64(16);
                sortParameter.Value = reader.GetInt64(17);
                foreach (var topic in topicsOf(article))
                {
                    topicParameter.Value = topic;
                    await insert.ExecuteNonQueryAsync(ct);
                }
            }
            await reader.CloseAsync();
            await tx.CommitAsync(ct);
        }
        finally
        {
            _writeLock.Release();
        }
    }
}
