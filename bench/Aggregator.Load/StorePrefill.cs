using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Aggregator.Bench.Shared;
using Aggregator.Dedup;
using Aggregator.Configuration;
using Aggregator.Normalize;
using Aggregator.Store.Sqlite;
using Aggregator.Topics;
using Microsoft.Data.Sqlite;

namespace Aggregator.Load;

/// <summary>
/// Fills a fresh data folder with <c>articles</c> stored articles, as a long-running instance would
/// have after months. The schema and the topic-rules marker come from the project's own code
/// (SqliteStore.MigrateAsync, TopicMemberships.SyncAsync on the empty store); the rows go in by direct
/// prepared INSERTs in 50,000-row transactions, because SavePollAsync looks up every candidate
/// first and would take minutes for a million rows without exercising anything start-up reads.
/// Rows match what SavePollAsync writes: ids from ArticleIds, topics from the configured matcher.
/// </summary>
internal static class StorePrefill
{
    private const int Batch = 50_000;

    public static async Task<TimeSpan> FillAsync(string dataDirectory, ConfigSnapshot snapshot, IReadOnlyList<SyntheticOutlet> outlets, int articles, SyntheticContent content, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        string databasePath;
        using (var store = SqliteStore.InDataFolder(dataDirectory))
        {
            await store.MigrateAsync(ct);
            await TopicMemberships.SyncAsync(store, snapshot.Matcher, snapshot.TopicsHash, ct);
            databasePath = store.DatabasePath;
        }

        // A pool of real generated items, re-used with distinct ids, URLs and times: generating a million costs minutes.
        var pool = Enumerable.Range(0, 512)
            .Select(i => content.Item(new Uri($"https://pool-{i % 64}.example/"), i, i, 3 + (i % 5)))
            .Select(item => (Item: item, Topics: snapshot.Matcher.Match(BenchInputs.ToArticle(item, "outlet-0000")), Categories: JsonSerializer.Serialize(item.Categories)))
            .ToList();

        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString());
        await connection.OpenAsync(ct);
        // The ingest inserts each article's folded search text itself (issue 23); the pool repeats 512 items, so each
        // is folded once here: folding a million articles' HTML was most of the fill's time, and the index holds the same text.
        var folded = pool.Select(x => SearchText.Fold(x.Item.Title, x.Item.Summary, x.Item.ContentHtml)).ToList();
        await Execute(connection, "PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF; PRAGMA cache_size = -200000;", ct);

        // Topic numbers (topic_names) in the order the articles first meet them, as the ingest numbers them; memberships then
        // go into topic_members itself, not through the article_topics view's trigger once per membership.
        var numbers = new Dictionary<string, long>(StringComparer.Ordinal);
        await using (var number = connection.CreateCommand())
        {
            number.CommandText = "INSERT OR IGNORE INTO topic_names (id) VALUES ($id); SELECT num FROM topic_names WHERE id = $id;";
            var name = number.Parameters.Add("$id", SqliteType.Text);
            foreach (var t in pool.SelectMany(x => x.Topics).Distinct(StringComparer.Ordinal))
            {
                name.Value = t;
                numbers[t] = (long)(await number.ExecuteScalarAsync(ct))!;
            }
        }

        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await using (var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct))
        {
            await using var outlet = connection.CreateCommand();
            outlet.Transaction = tx;
            outlet.CommandText = """
                INSERT INTO outlets (id, etag, last_modified, last_attempt, last_success, last_status, consecutive_failures, next_due)
                VALUES ($id, $etag, 'Sat, 21 Nov 2026 10:00:00 GMT', $now, $now, 200, 0, $due);
                """;
            var id = outlet.Parameters.Add("$id", SqliteType.Text);
            var etag = outlet.Parameters.Add("$etag", SqliteType.Text);
            outlet.Parameters.AddWithValue("$now", now);
            // Not due for a day: start-up is measured without polls competing for the cores.
            outlet.Parameters.AddWithValue("$due", now + (long)TimeSpan.FromDays(1).TotalMilliseconds);
            foreach (var o in outlets)
            {
                id.Value = o.Id;
                etag.Value = o.Current.ETag;
                await outlet.ExecuteNonQueryAsync(ct);
            }
            await tx.CommitAsync(ct);
        }

        for (var start = 0; start < articles; start += Batch)
        {
            await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
            await using var insert = connection.CreateCommand();
            insert.Transaction = tx;
            insert.CommandText = """
                INSERT INTO articles (id, outlet_id, source_id, canonical_url, link_stored, title, summary, content, author,
                                      published, updated, first_seen, changed_at, sort_time, categories, enclosures,
                                      image_url, cluster_id, content_hash, url_key)
                VALUES ($id, $outlet, $source, $url, '', $title, $summary, $content, $author,
                        $published, NULL, $seen, $seen, $published, $categories, '[]', NULL, $id, $hash, $urlKey)
                RETURNING seq;
                """;
            var p = new Dictionary<string, SqliteParameter>(StringComparer.Ordinal);
            foreach (var name in new[] { "$id", "$outlet", "$source", "$url", "$title", "$summary", "$content", "$author", "$published", "$seen", "$categories", "$hash" })
            {
                p[name] = insert.Parameters.Add(name, name is "$published" or "$seen" ? SqliteType.Integer : SqliteType.Text);
            }
            var urlKey = insert.Parameters.Add("$urlKey", SqliteType.Integer);
            await using var topic = connection.CreateCommand();
            topic.Transaction = tx;
            topic.CommandText = "INSERT INTO topic_members (topic, sort_time, article_seq) VALUES ($topic, $sort, $seq);";
            var topicId = topic.Parameters.Add("$topic", SqliteType.Integer);
            var seq = topic.Parameters.Add("$seq", SqliteType.Integer);
            var sort = topic.Parameters.Add("$sort", SqliteType.Integer);
            await using var search = connection.CreateCommand();
            search.Transaction = tx;
            search.CommandText = "INSERT INTO article_search (rowid, body) VALUES ($seq, $body);";
            var searchSeq = search.Parameters.Add("$seq", SqliteType.Integer);
            var searchBody = search.Parameters.Add("$body", SqliteType.Text);

            for (var i = start; i < Math.Min(articles, start + Batch); i++)
            {
                var (item, topics, categories) = pool[i % pool.Count];
                var outletId = outlets[i % outlets.Count].Id;
                var source = string.Create(CultureInfo.InvariantCulture, $"https://{outletId}.example/?p={i}");
                var articleId = ArticleIds.For(outletId, source);
                // Newest first by index: a million articles over about two years.
                var published = now - (i * 60_000L);
                p["$id"].Value = articleId;
                p["$outlet"].Value = outletId;
                p["$source"].Value = source;
                var url = string.Create(CultureInfo.InvariantCulture, $"{item.Link}{i}/");
                p["$url"].Value = url;
                urlKey.Value = SqliteStore.UrlKey(url);
                // A few articles also hold made-up rare words (RareWords), in their title and so in their search text.
                var planted = RareWords.WordsFor(i);
                p["$title"].Value = planted is null ? item.Title : item.Title + " " + planted;
                p["$summary"].Value = item.Summary;
                p["$content"].Value = item.ContentHtml;
                p["$author"].Value = item.Author;
                p["$published"].Value = published;
                p["$seen"].Value = published;
                p["$categories"].Value = categories;
                p["$hash"].Value = articleId.PadRight(32, '0');
                var rowSeq = (long)(await insert.ExecuteScalarAsync(ct))!;
                searchSeq.Value = rowSeq;
                searchBody.Value = planted is null ? folded[i % pool.Count] : folded[i % pool.Count] + " " + planted;
                await search.ExecuteNonQueryAsync(ct);
                foreach (var t in topics)
                {
                    topicId.Value = numbers[t];
                    seq.Value = rowSeq;
                    sort.Value = published;
                    await topic.ExecuteNonQueryAsync(ct);
                }
            }
            await tx.CommitAsync(ct);
        }
        await Execute(connection, "PRAGMA wal_checkpoint(TRUNCATE);", ct);
        return Stopwatch.GetElapsedTime(started);
    }

    private static async Task Execute(SqliteConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }
}
