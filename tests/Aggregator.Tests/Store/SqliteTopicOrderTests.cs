using Aggregator.Dedup;
using Aggregator.Normalize;
using Aggregator.Store;
using Aggregator.Store.Sqlite;
using Microsoft.Data.Sqlite;
using static Aggregator.Tests.Store.SavedPolls;

namespace Aggregator.Tests.Store;

/// <summary>
/// Issue 23: a topic membership is one entry of the topic table, keyed by the order topic pages read, plus one of the
/// index by article; there is no separate order index for a bulk commit to rewrite. An existing store keeps every
/// membership through the migration, and pages, edits and deletions read them by key.
/// </summary>
public sealed class SqliteTopicOrderTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly TempFolder _folder = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    [Fact]
    public async Task ExistingDatabase_Migrated_KeepsEveryMembership_InTwoBtrees_AndPagesReadAsBefore()
    {
        using var store = SqliteStore.InDataFolder(_folder.Path);
        await store.MigrateAsync([.. SqliteMigrations.Steps.TakeWhile(step => !step.Contains("article_topics_by_order", StringComparison.Ordinal))], CancellationToken.None);
        await LinkStoredOnceLayout.AddAsync(store.DatabasePath);
        // Dated an hour apart in the reverse of their arrival, so the order by date is not the order by seq.
        await SaveAsync(store, "pr", T0,
            Candidate("pr", "https://pr.example/a", "Oldest", T0.AddHours(-5), "all", "politics"),
            Candidate("pr", "https://pr.example/b", "Newest", T0.AddHours(-1), "all"),
            Candidate("pr", "https://pr.example/c", "Middle", T0.AddHours(-3), "all", "politics"));
        await SaveAsync(store, "va", T0.AddMinutes(5), Candidate("va", "https://va.example/d", "Second newest", T0.AddHours(-2), "all", "sport"));
        await LinkStoredOnceLayout.RemoveAsync(store.DatabasePath);
        var before = await RowsAsync(store, "SELECT topic_id || ' ' || article_seq || ' ' || sort_time FROM article_topics ORDER BY 1;");
        Assert.Equal(3, (await RowsAsync(store, "SELECT name FROM sqlite_schema WHERE tbl_name = 'article_topics';")).Count);

        await store.MigrateAsync(CancellationToken.None);
        SqliteConnection.ClearAllPools();

        Assert.Equal(before, await RowsAsync(store, "SELECT topic_id || ' ' || article_seq || ' ' || sort_time FROM article_topics ORDER BY 1;"));
        // The memberships' b-trees, since the topic-number step: the table by order and the index by article.
        Assert.Equal(["ix_topic_members_article", "topic_members"],
            await RowsAsync(store, "SELECT name FROM sqlite_schema WHERE tbl_name = 'topic_members' ORDER BY name;"));
        Assert.Equal(["Newest", "Second newest", "Middle", "Oldest"], (await store.GetTopicItemsAsync("all", 50, CancellationToken.None)).Select(i => i.Article.Title));
        Assert.Equal(["Middle", "Oldest"], (await store.GetTopicItemsAsync("politics", 50, CancellationToken.None)).Select(i => i.Article.Title));

        // An edit moves the article within its topics (and out of one), once each; the same poll again changes nothing.
        var edited = Candidate("pr", "https://pr.example/a", "Oldest, now newest", T0, "all", "sport") with { Updated = T0.AddMinutes(20) };
        await SaveAsync(store, "pr", T0.AddMinutes(30), edited);
        await SaveAsync(store, "pr", T0.AddMinutes(40), edited);
        Assert.Equal(["Oldest, now newest", "Newest", "Second newest", "Middle"], (await store.GetTopicItemsAsync("all", 50, CancellationToken.None)).Select(i => i.Article.Title));
        Assert.Equal(["Middle"], (await store.GetTopicItemsAsync("politics", 50, CancellationToken.None)).Select(i => i.Article.Title));
        Assert.Equal(["Oldest, now newest", "Second newest"], (await store.GetTopicItemsAsync("sport", 50, CancellationToken.None)).Select(i => i.Article.Title));
        Assert.Equal(["0"], await RowsAsync(store, "SELECT count(*) FROM (SELECT 1 FROM article_topics GROUP BY article_seq, topic_id HAVING count(*) > 1);"));

        // Deleting an article takes its memberships along (the cascade finds them by the article index).
        await RowsAsync(store, "PRAGMA foreign_keys = ON; DELETE FROM articles WHERE title = 'Middle';");
        Assert.Empty(await store.GetTopicItemsAsync("politics", 50, CancellationToken.None));
        Assert.Equal(["0"], await RowsAsync(store, "SELECT count(*) FROM article_topics WHERE article_seq NOT IN (SELECT seq FROM articles);"));
    }

    [Fact]
    public async Task TopicPage_ReadsTheTopicTableInOrder_AndSearchLooksMembershipsUpByArticle()
    {
        using var store = SqliteStore.InDataFolder(_folder.Path);
        await store.MigrateAsync(CancellationToken.None);
        SqliteConnection.ClearAllPools();

        var page = await PlanAsync(store, StoredRows.TopicPageSql(new TopicPageRequest(50, Before: new TopicPosition(5, 6))));
        // Through the article_topics view: the topic's number by its name (one row), then the table in order from the cursor.
        Assert.Contains(page, step => step.Contains("SEARCH tm USING PRIMARY KEY (topic=? AND (sort_time,article_seq)<(?,?))", StringComparison.Ordinal));
        Assert.DoesNotContain(page, step => step.Contains("TEMP B-TREE", StringComparison.Ordinal));
        Assert.Contains(page, step => step.Contains("ix_topic_members_article (article_seq=? AND topic=?)", StringComparison.Ordinal));

        var search = await PlanAsync(store, SearchSql.Page(new TopicPageRequest(50), "SELECT 1 AS seq", 0));
        Assert.Contains(search, step => step.Contains("ix_topic_members_article (article_seq=? AND topic=?)", StringComparison.Ordinal));
        Assert.DoesNotContain(search, step => step.StartsWith("SCAN tm", StringComparison.Ordinal));
        Assert.DoesNotContain(search, step => step.StartsWith("SCAN tn", StringComparison.Ordinal));
    }

    private static async Task<List<string>> PlanAsync(SqliteStore store, string sql)
    {
        var bound = sql.Replace("@topic", "'all'", StringComparison.Ordinal).Replace("@limit", "50", StringComparison.Ordinal)
            .Replace("@sort", "5", StringComparison.Ordinal).Replace("@seq", "6", StringComparison.Ordinal);
        return await RowsAsync(store, "EXPLAIN QUERY PLAN " + bound, column: 3);
    }

    private static async Task<List<string>> RowsAsync(SqliteStore store, string sql, int column = 0)
    {
        await using var connection = new SqliteConnection($"Data Source={store.DatabasePath};Pooling=false");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetValue(column).ToString()!);
        }
        return values;
    }
}
