using System.Text.Json;
using Aggregator.Dedup;
using Aggregator.Normalize;
using Aggregator.Store;
using Aggregator.Store.Sqlite;
using Microsoft.Data.Sqlite;
using static Aggregator.Tests.Store.SavedPolls;

namespace Aggregator.Tests.Store;

/// <summary>
/// Issue 23: a topic membership is keyed by the topic's number (topic_names), not its name, so the random-order topic
/// table a bulk commit rewrites is smaller. The name-keyed article_topics is a view over it that reads, inserts and
/// deletes as the table did. An existing store keeps every membership, and every page reads the same as before.
/// </summary>
public sealed class SqliteTopicNumberTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly TempFolder _folder = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    [Fact]
    public async Task ExistingStore_Migrated_KeepsEveryMembership_AndEveryPageReadsTheSame()
    {
        using var store = SqliteStore.InDataFolder(_folder.Path);
        await store.MigrateAsync([.. SqliteMigrations.Steps.TakeWhile(step => !step.Contains("topic_names", StringComparison.Ordinal))], CancellationToken.None);
        // Dated in the reverse of their arrival, two with the same date, so the order by date, seq is not the order by seq.
        await SaveAsync(store, "pr", T0,
            Candidate("pr", "https://pr.example/a", "Oldest", T0.AddHours(-5), "all", "politics"),
            Candidate("pr", "https://pr.example/b", "Newest", T0.AddHours(-1), "all"),
            Candidate("pr", "https://pr.example/c", "Middle", T0.AddHours(-3), "all", "politics", "south-asia"));
        await SaveAsync(store, "va", T0.AddMinutes(5),
            Candidate("va", "https://va.example/d", "Second newest", T0.AddHours(-2), "all", "sport"),
            Candidate("va", "https://va.example/e", "Middle too", T0.AddHours(-3), "all", "sport", "politics"));
        string[] topics = ["all", "politics", "sport", "south-asia", "none"];
        var before = await PagesAsync(store, topics, 2);
        var memberships = await RowsAsync(store, "SELECT topic_id || ' ' || article_seq || ' ' || sort_time FROM article_topics ORDER BY 1;");
        Assert.Equal(11, memberships.Count);

        await store.MigrateAsync(CancellationToken.None);
        SqliteConnection.ClearAllPools();

        Assert.Equal(memberships, await RowsAsync(store, "SELECT topic_id || ' ' || article_seq || ' ' || sort_time FROM article_topics ORDER BY 1;"));
        Assert.Equal(["1 all", "2 politics", "3 south-asia", "4 sport"], await RowsAsync(store, "SELECT num || ' ' || id FROM topic_names ORDER BY num;"));
        Assert.Equal(["view"], await RowsAsync(store, "SELECT type FROM sqlite_schema WHERE name = 'article_topics';"));
        Assert.Equal(before, await PagesAsync(store, topics, 2));
    }

    [Fact]
    public async Task View_NumbersANewTopicOnce_IgnoresARepeatedMembership_AndDeletesOnlyTheOneNamed()
    {
        using var store = SqliteStore.InDataFolder(_folder.Path);
        await store.MigrateAsync(CancellationToken.None);
        await SaveAsync(store, "pr", T0,
            Candidate("pr", "https://pr.example/a", "First", T0.AddHours(-2), "all", "politics"),
            Candidate("pr", "https://pr.example/b", "Second", T0.AddHours(-1), "all", "politics", "sport"));
        SqliteConnection.ClearAllPools();

        Assert.Equal(["all", "politics", "sport"], await RowsAsync(store, "SELECT id FROM topic_names ORDER BY num;"));
        Assert.Equal(["5"], await RowsAsync(store, "SELECT count(*) FROM topic_members;"));

        // The ingest's own statement (INSERT OR IGNORE) again, and one for a topic never seen.
        await RowsAsync(store, """
            INSERT OR IGNORE INTO article_topics (topic_id, article_seq, sort_time) SELECT 'politics', seq, sort_time FROM articles;
            INSERT OR IGNORE INTO article_topics (topic_id, article_seq, sort_time) SELECT 'culture', seq, sort_time FROM articles WHERE title = 'First';
            """);
        Assert.Equal(["all", "politics", "sport", "culture"], await RowsAsync(store, "SELECT id FROM topic_names ORDER BY num;"));
        Assert.Equal(["6"], await RowsAsync(store, "SELECT count(*) FROM topic_members;"));
        Assert.Equal(["First"], (await store.GetTopicItemsAsync("culture", 10, CancellationToken.None)).Select(i => i.Article.Title));

        // A plain INSERT of a membership that exists fails as the table's did.
        await Assert.ThrowsAsync<SqliteException>(() => RowsAsync(store,
            "INSERT INTO article_topics (topic_id, article_seq, sort_time) SELECT 'all', seq, sort_time FROM articles WHERE title = 'First';"));

        await RowsAsync(store, "DELETE FROM article_topics WHERE topic_id = 'politics' AND article_seq = (SELECT seq FROM articles WHERE title = 'Second');");
        Assert.Equal(["First"], (await store.GetTopicItemsAsync("politics", 10, CancellationToken.None)).Select(i => i.Article.Title));
        Assert.Equal(["Second", "First"], (await store.GetTopicItemsAsync("all", 10, CancellationToken.None)).Select(i => i.Article.Title));
        Assert.Equal(["Second"], (await store.GetTopicItemsAsync("sport", 10, CancellationToken.None)).Select(i => i.Article.Title));

        // A rebuild empties the table under the view and numbers topics as before, keeping the numbers it had.
        await store.RebuildTopicsAsync(a => a.Title == "First" ? ["all", "economy"] : ["all"], CancellationToken.None);
        Assert.Equal(["all", "politics", "sport", "culture", "economy"], await RowsAsync(store, "SELECT id FROM topic_names ORDER BY num;"));
        Assert.Equal(["First"], (await store.GetTopicItemsAsync("economy", 10, CancellationToken.None)).Select(i => i.Article.Title));
        Assert.Empty(await store.GetTopicItemsAsync("politics", 10, CancellationToken.None));
        Assert.Equal(["3"], await RowsAsync(store, "SELECT count(*) FROM topic_members;"));
    }

    /// <summary>The first column of every row, as text.</summary>
    private static async Task<List<string>> RowsAsync(SqliteStore store, string sql)
    {
        await using var connection = await RawSqlite.ConnectAsync(store);
        return [.. (await RawSqlite.RowsAsync(connection, sql)).Select(row => Convert.ToString(row[0], System.Globalization.CultureInfo.InvariantCulture)!)];
    }
}
