using Aggregator.Model;
using Microsoft.Data.Sqlite;

namespace Aggregator.Store.Sqlite;

public sealed partial class SqliteStore
{
    public async Task<IReadOnlyList<StoredTopicItem>> GetTopicItemsAsync(string topicId, int limit, CancellationToken ct) =>
        (await GetTopicPageAsync(topicId, new TopicPageRequest(limit), ct)).Items;

    // json_each keeps the statement fixed whatever the number of clusters. A cluster's founder is found by its id (the
    // cluster id), the copies that joined it by the cluster index, which holds only them (issue 23).
    public Task<TopicPage> GetTopicPageAsync(string topicId, TopicPageRequest request, CancellationToken ct) =>
        ReadAsync(connection => StoredReads.TopicPageAsync(connection, topicId, request, CopiesSql, ClusterList, ct), ct);

    private const string CopiesSql = """
        SELECT cluster_id, seq, outlet_id, link FROM articles
        WHERE id IN (SELECT value FROM json_each(@clusters)) AND cluster_id = id
        UNION ALL
        SELECT cluster_id, seq, outlet_id, link FROM articles
        WHERE cluster_id IN (SELECT value FROM json_each(@clusters)) AND cluster_id <> id
        ORDER BY seq;
        """;

    private static object ClusterList(List<string> clusters) => System.Text.Json.JsonSerializer.Serialize(clusters, StoreJson.Default.IReadOnlyListString);

    /// <summary>
    /// Memberships go through the article_topics view's triggers, as the ingest wrote them before <see cref="TopicMembers"/>:
    /// only for a test that compares the rows both ways write.
    /// </summary>
    internal bool WriteTopicsThroughView { get; set; }

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
                // The table under the article_topics view: through the view, its trigger would run once per membership.
                // Topic numbers stay: a topic dropped from the configuration keeps its number, unused.
                clear.CommandText = "DELETE FROM topic_members;";
                await clear.ExecuteNonQueryAsync(ct);
            }

            using var members = new TopicMembers(connection, WriteTopicsThroughView);
            await using var select = connection.CreateCommand();
            select.Transaction = tx;
            select.CommandText = $"SELECT {StoredRows.ArticleColumns}, a.sort_time FROM articles a ORDER BY a.seq;";
            await using var reader = await select.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                members.Insert(reader.GetInt64(16), topicsOf(StoredRows.Article(reader)), reader.GetInt64(17));
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
