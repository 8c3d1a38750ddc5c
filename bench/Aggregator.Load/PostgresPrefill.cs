using System.Diagnostics;
using System.Text.Json;
using Aggregator.Bench.Shared;
using Aggregator.Configuration;
using Aggregator.Normalize;
using Aggregator.Store.Postgres;
using Aggregator.Topics;
using Npgsql;

namespace Aggregator.Load;

/// <summary>
/// The PostgreSQL counterpart of <see cref="StorePrefill"/> for the search bench: the project's schema
/// (PostgresStore.MigrateAsync), then the same pool of 512 generated items cycled into <c>articles</c> by
/// INSERT … SELECT over generate_series, 100,000 rows a statement. Each pool item's tsvector is computed
/// once, from the text folded in C# exactly as the ingest binds it, and copied into every row cut from that
/// item; the GIN index (the migration's own definition) is built after the rows are in.
/// </summary>
internal static class PostgresPrefill
{
    private const int Batch = 100_000;

    public static async Task<TimeSpan> FillAsync(string connectionString, ConfigSnapshot snapshot, IReadOnlyList<SyntheticOutlet> outlets, int articles, SyntheticContent content, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        using (var store = new PostgresStore(connectionString))
        {
            await store.MigrateAsync(ct);
            await TopicMemberships.SyncAsync(store, snapshot.Matcher, snapshot.TopicsHash, ct);
        }
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using (var o = new NpgsqlCommand("INSERT INTO outlets (id) SELECT unnest(@ids);", connection))
        {
            o.Parameters.AddWithValue("ids", outlets.Select(x => x.Id).ToArray());
            await o.ExecuteNonQueryAsync(ct);
        }
        await Execute(connection, "CREATE TEMP TABLE pool (i int PRIMARY KEY, title text, summary text, content text, author text, categories text, link text, topics text[], search tsvector);", ct);
        for (var i = 0; i < 512; i++)
        {
            var item = content.Item(new Uri($"https://pool-{i % 64}.example/"), i, i, 3 + (i % 5));
            var topics = snapshot.Matcher.Match(BenchInputs.ToArticle(item, "outlet-0000"));
            await using var p = new NpgsqlCommand("INSERT INTO pool VALUES (@i, @title, @summary, @content, @author, @categories, @link, @topics, to_tsvector('simple'::regconfig, left(@search, 122000)));", connection);
            p.Parameters.AddWithValue("i", i);
            p.Parameters.AddWithValue("title", item.Title);
            p.Parameters.AddWithValue("summary", (object?)item.Summary ?? DBNull.Value);
            p.Parameters.AddWithValue("content", (object?)item.ContentHtml ?? DBNull.Value);
            p.Parameters.AddWithValue("author", (object?)item.Author ?? DBNull.Value);
            p.Parameters.AddWithValue("categories", JsonSerializer.Serialize(item.Categories));
            p.Parameters.AddWithValue("link", item.Link.ToString());
            p.Parameters.AddWithValue("topics", topics.ToArray());
            p.Parameters.AddWithValue("search", SearchText.Fold(item.Title, item.Summary, item.ContentHtml));
            await p.ExecuteNonQueryAsync(ct);
        }
        // The GIN index is built once after the rows are in, not entry by entry: the same index, an order of magnitude sooner.
        await Execute(connection, "DROP INDEX ix_articles_search;", ct);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        for (var start = 0; start < articles; start += Batch)
        {
            // Newest first by index, a minute apart, as the SQLite prefill; seq follows g, so (seq - 1) % 512 is the pool item.
            await using var insert = new NpgsqlCommand("""
                INSERT INTO articles (id, outlet_id, source_id, canonical_url, link, title, summary, content, author,
                                      published, first_seen, changed_at, sort_time, categories, enclosures, cluster_id, content_hash, fingerprint, signature, search)
                SELECT 'a' || g, (@outlets)[g % @n + 1], 'p' || g, p.link || g || '/', p.link || g || '/', p.title, p.summary, p.content, p.author,
                       @now - g * 60000, @now - g * 60000, @now - g * 60000, @now - g * 60000, p.categories, '[]', 'a' || g, 'h', '', '\x'::bytea,
                       p.search
                FROM generate_series(@from::bigint, @to::bigint) g JOIN pool p ON p.i = g % 512
                ORDER BY g;
                """, connection);
            insert.CommandTimeout = 0;
            insert.Parameters.AddWithValue("outlets", outlets.Select(x => x.Id).ToArray());
            insert.Parameters.AddWithValue("n", outlets.Count);
            insert.Parameters.AddWithValue("now", now);
            insert.Parameters.AddWithValue("from", (long)start);
            insert.Parameters.AddWithValue("to", (long)Math.Min(articles, start + Batch) - 1);
            await insert.ExecuteNonQueryAsync(ct);
            Console.WriteLine($"  postgres: {Math.Min(articles, start + Batch):N0} articles, {Stopwatch.GetElapsedTime(started).TotalSeconds:F0} s");
        }
        // The made-up rare words (RareWords) go into their few articles' titles and vectors before the GIN index is built.
        var planted = RareWords.AllIndexes(articles).ToArray();
        await using (var rare = new NpgsqlCommand("""
            UPDATE articles a SET title = a.title || ' ' || w.words, search = a.search || to_tsvector('simple'::regconfig, w.words)
            FROM unnest(@ids, @words) AS w(id, words) WHERE a.id = w.id;
            """, connection))
        {
            rare.CommandTimeout = 0;
            rare.Parameters.AddWithValue("ids", planted.Select(i => "a" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray());
            rare.Parameters.AddWithValue("words", planted.Select(i => RareWords.WordsFor(i)!).ToArray());
            await rare.ExecuteNonQueryAsync(ct);
        }
        await using (var topics = new NpgsqlCommand("""
            INSERT INTO article_topics (topic_id, article_seq, sort_time)
            SELECT t, a.seq, a.sort_time FROM articles a JOIN pool p ON p.i = substr(a.id, 2)::bigint % 512 CROSS JOIN unnest(p.topics) t;
            SET maintenance_work_mem = '1GB';
            CREATE INDEX ix_articles_search ON articles USING gin (search);
            ANALYZE;
            """, connection))
        {
            topics.CommandTimeout = 0;
            await topics.ExecuteNonQueryAsync(ct);
        }
        // VACUUM (not allowed in a batch's transaction) sets the visibility map, as autovacuum would on a store months old:
        // without it the walk's index-only scans visit the heap for every row of a fresh fill.
        await using (var vacuum = new NpgsqlCommand("VACUUM articles, article_topics;", connection))
        {
            vacuum.CommandTimeout = 0;
            await vacuum.ExecuteNonQueryAsync(ct);
        }
        return Stopwatch.GetElapsedTime(started);
    }

    private static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}
