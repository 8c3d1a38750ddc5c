using Aggregator.Model;
using Npgsql;

namespace Aggregator.Store.Postgres;

public sealed partial class PostgresStore
{
    /// <summary>Articles re-matched per statement when the topic rules change: bounded memory on a big store.</summary>
    private const int RebuildBatch = 2000;

    public async Task<IReadOnlyList<StoredTopicItem>> GetTopicItemsAsync(string topicId, int limit, CancellationToken ct) =>
        (await GetTopicPageAsync(topicId, new TopicPageRequest(limit), ct)).Items;

    public Task<TopicPage> GetTopicPageAsync(string topicId, TopicPageRequest request, CancellationToken ct) =>
        ReadAsync(connection => StoredReads.TopicPageAsync(connection, topicId, request, CopiesSql, ClusterList, ct), ct);

    private const string CopiesSql = "SELECT cluster_id, seq, outlet_id, link FROM articles WHERE cluster_id = ANY(@clusters) ORDER BY seq;";

    private static object ClusterList(List<string> clusters) => clusters.ToArray();

    public async Task RebuildTopicsAsync(Func<Article, IReadOnlyList<string>> topicsOf, CancellationToken ct)
    {
        try
        {
            using var turn = await TakeIngestTurnAsync(ct);
            await using var connection = await OpenAsync(ct);
            await using var tx = await connection.BeginTransactionAsync(ct);
            // No poll stores articles (with the old rules' topics) half-way through the rebuild.
            await TakeIngestLockAsync(connection, tx, ct);
            await ExecuteAsync(connection, tx, "DELETE FROM article_topics;", ct);
            for (long after = 0; ;)
            {
                var batch = new List<(Article Article, long Seq, long SortTime)>();
                await using (var select = new NpgsqlCommand(
                    $"SELECT {StoredRows.ArticleColumns}, a.sort_time FROM articles a WHERE a.seq > @after ORDER BY a.seq LIMIT {RebuildBatch};", connection, tx))
                {
                    select.Parameters.Add(Long("after", after));
                    await using var reader = await select.ExecuteReaderAsync(ct);
                    while (await reader.ReadAsync(ct))
                    {
                        batch.Add((StoredRows.Article(reader), reader.GetInt64(16), reader.GetInt64(17)));
                    }
                }
                if (batch.Count == 0)
                {
                    break;
                }
                var rows = batch.SelectMany(b => topicsOf(b.Article).Distinct(StringComparer.Ordinal).Select(topic => (Topic: topic, b.Seq, b.SortTime))).ToList();
                await using (var insert = new NpgsqlCommand("""
                    INSERT INTO article_topics (topic_id, article_seq, sort_time)
                    SELECT * FROM unnest(@topics, @seqs, @sorts);
                    """, connection, tx))
                {
                    insert.Parameters.Add(TextArray("topics", rows.Select(r => r.Topic).ToList()));
                    insert.Parameters.Add(LongArray("seqs", rows.Select(r => r.Seq).ToList()));
                    insert.Parameters.Add(LongArray("sorts", rows.Select(r => r.SortTime).ToList()));
                    await insert.ExecuteNonQueryAsync(ct);
                }
                after = batch[^1].Seq;
            }
            await ExecuteAsync(connection, tx, $"SELECT pg_notify('{ChangesChannel}', '');", ct);
            await tx.CommitAsync(ct);
        }
        catch (NpgsqlException e)
        {
            throw Translate(e);
        }
    }
}
