using Aggregator.Store.Sqlite;
using Microsoft.Data.Sqlite;
using static Aggregator.Tests.Store.SavedPolls;

namespace Aggregator.Tests.Store;

/// <summary>
/// Issue 23: group commits run on one connection the store keeps, with the ingest's statements compiled once, not once
/// per commit. What a reader finds must be what commits on fresh connections stored: after a failed commit, after a
/// migration between two commits, and nothing left open once the store is disposed.
/// </summary>
public sealed class SqliteHeldWriterTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly TempFolder _folder = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    [Fact]
    public async Task CommitsOneAfterAnother_ShareOneWriter_AndStoreWhatFreshConnectionsStore()
    {
        using var held = SqliteStore.InDataFolder(Path.Combine(_folder.Path, "held"));
        await held.MigrateAsync(CancellationToken.None);
        for (var i = 0; i < 12; i++)
        {
            await SaveAsync(held, $"o{i % 3}", T0.AddMinutes(i),
                Candidate($"o{i % 3}", $"https://o{i % 3}.example/{i}", $"Story {i}", T0.AddHours(-i), "all", i % 2 == 0 ? "even" : "odd"));
        }

        Assert.Equal(1, held.WritersOpened);
        string[] topics = ["all", "even", "odd"];
        var pages = await PagesAsync(held, topics, 5);
        Assert.Equal(12, (await held.GetTopicItemsAsync("all", 50, CancellationToken.None)).Count);
        Assert.Equal(6, (await held.GetTopicItemsAsync("even", 50, CancellationToken.None)).Count);
        Assert.Equal(6, (await held.GetTopicItemsAsync("odd", 50, CancellationToken.None)).Count);
        Assert.Equal(["all", "even", "odd"], await RowsAsync(held, "SELECT id FROM topic_names ORDER BY num;"));
        Assert.Equal(["12"], await RowsAsync(held, "SELECT count(*) FROM article_search WHERE article_search MATCH 'story';"));
    }

    [Fact]
    public async Task AFailedCommit_TakesBackItsTopicNumbers_AndTheNextCommitNumbersTheTopicAgain()
    {
        using var store = SqliteStore.InDataFolder(_folder.Path);
        await store.MigrateAsync([.. SqliteMigrations.Steps,
            "CREATE TRIGGER test_poison BEFORE INSERT ON articles WHEN new.title = 'poison' BEGIN SELECT RAISE(ABORT, 'poisoned article'); END;"],
            CancellationToken.None);
        await SaveAsync(store, "pr", T0, Candidate("pr", "https://pr.example/a", "First", T0.AddHours(-3), "all"));

        // The failed poll numbers "fresh" in its transaction, which then rolls back.
        await Assert.ThrowsAsync<Aggregator.Store.StoreException>(() => SaveAsync(store, "pr", T0.AddMinutes(1),
            Candidate("pr", "https://pr.example/b", "Second", T0.AddHours(-2), "fresh"),
            Candidate("pr", "https://pr.example/p", "poison", T0.AddHours(-1), "fresh")));
        await SaveAsync(store, "pr", T0.AddMinutes(2), Candidate("pr", "https://pr.example/c", "Third", T0.AddHours(-1), "fresh", "all"));

        Assert.Equal(2, store.WritersOpened);
        Assert.Equal(["all", "fresh"], await RowsAsync(store, "SELECT id FROM topic_names ORDER BY num;"));
        Assert.Equal(["Third"], (await store.GetTopicItemsAsync("fresh", 10, CancellationToken.None)).Select(i => i.Article.Title));
        Assert.Equal(["Third", "First"], (await store.GetTopicItemsAsync("all", 10, CancellationToken.None)).Select(i => i.Article.Title));
        Assert.Equal(["0"], await RowsAsync(store, "SELECT count(*) FROM topic_members WHERE topic NOT IN (SELECT num FROM topic_names);"));
    }

    [Fact]
    public async Task AMigrationBetweenTwoCommits_TheNextCommitWritesTheNewSchema()
    {
        using var store = SqliteStore.InDataFolder(_folder.Path);
        // Before topic numbers: memberships are rows of the article_topics table.
        await store.MigrateAsync([.. SqliteMigrations.Steps.TakeWhile(step => !step.Contains("topic_names", StringComparison.Ordinal))], CancellationToken.None);
        await SaveAsync(store, "pr", T0, Candidate("pr", "https://pr.example/a", "Before", T0.AddHours(-2), "all", "politics"));

        await store.MigrateAsync(CancellationToken.None);
        await SaveAsync(store, "pr", T0.AddMinutes(1), Candidate("pr", "https://pr.example/b", "After", T0.AddHours(-1), "all", "sport"));

        Assert.Equal(["view"], await RowsAsync(store, "SELECT type FROM sqlite_schema WHERE name = 'article_topics';"));
        Assert.Equal(["all", "politics", "sport"], await RowsAsync(store, "SELECT id FROM topic_names ORDER BY num;"));
        Assert.Equal(["4"], await RowsAsync(store, "SELECT count(*) FROM topic_members;"));
        Assert.Equal(["After", "Before"], (await store.GetTopicItemsAsync("all", 10, CancellationToken.None)).Select(i => i.Article.Title));
        Assert.Equal(["After"], (await store.GetTopicItemsAsync("sport", 10, CancellationToken.None)).Select(i => i.Article.Title));
    }

    [Fact]
    public async Task ADisposedStore_LeavesNoConnectionOpen_SoTheLogIsCheckpointedAway()
    {
        var path = Path.Combine(_folder.Path, "closed");
        using (var store = SqliteStore.InDataFolder(path))
        {
            await store.MigrateAsync(CancellationToken.None);
            await SaveAsync(store, "pr", T0, Candidate("pr", "https://pr.example/a", "Only", T0.AddHours(-1), "all"));
            Assert.True(File.Exists(store.DatabasePath + "-wal"));
        }

        // SQLite deletes the log when the last connection to the file closes; a statement left unfinalized keeps it open.
        Assert.False(File.Exists(Path.Combine(path, "aggregator.db-wal")));
    }

    /// <summary>The first column of every row, as text.</summary>
    private static async Task<List<string>> RowsAsync(SqliteStore store, string sql)
    {
        await using var connection = await RawSqlite.ConnectAsync(store);
        return [.. (await RawSqlite.RowsAsync(connection, sql)).Select(row => Convert.ToString(row[0], System.Globalization.CultureInfo.InvariantCulture)!)];
    }
}
