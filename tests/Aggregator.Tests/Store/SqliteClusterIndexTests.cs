using Aggregator.Dedup;
using Aggregator.Normalize;
using Aggregator.Store;
using Aggregator.Store.Sqlite;
using Microsoft.Data.Sqlite;
using static Aggregator.Tests.Store.SavedPolls;

namespace Aggregator.Tests.Store;

/// <summary>
/// Issue 23: the cluster index holds only the copies that joined another article's cluster, not every article, so a
/// bulk round stops rewriting it commit after commit; clusters read the same on a database migrated with stories in it.
/// </summary>
public sealed class SqliteClusterIndexTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly TempFolder _folder = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    [Fact]
    public async Task ExistingDatabase_Migrated_IndexesOnlyJoinedCopies_AndReadsClustersAsBefore()
    {
        using var store = SqliteStore.InDataFolder(_folder.Path);
        await store.MigrateAsync([.. SqliteMigrations.Steps.TakeWhile(step => !step.Contains("ix_articles_cluster_joined", StringComparison.Ordinal))], CancellationToken.None);
        // Today's ingest writes the fingerprint and the URL key in integer columns later steps add: they are there while
        // the rows are written and gone again before the migration, which then meets the schema as it was.
        await AlterArticlesAsync(store, "ADD COLUMN fingerprint_key INTEGER");
        await AlterArticlesAsync(store, "ADD COLUMN url_key INTEGER");
        await LinkStoredOnceLayout.AddAsync(store.DatabasePath);
        await SaveAsync(store, "pr", T0, Candidate("pr", "https://pr.example/story", "The story"), Candidate("pr", "https://pr.example/other", "Another story"));
        // The same URL from two more outlets: both join the first copy's cluster.
        await SaveAsync(store, "va", T0.AddMinutes(5), Candidate("va", "https://pr.example/story", "The story, again"));
        await SaveAsync(store, "ca", T0.AddMinutes(9), Candidate("ca", "https://pr.example/story", "The story, once more"));
        await LinkStoredOnceLayout.RemoveAsync(store.DatabasePath);
        await AlterArticlesAsync(store, "DROP COLUMN fingerprint_key");
        await AlterArticlesAsync(store, "DROP COLUMN url_key");

        await store.MigrateAsync(CancellationToken.None);

        await using var connection = new SqliteConnection($"Data Source={store.DatabasePath};Pooling=false");
        await connection.OpenAsync();
        var indexes = await ColumnAsync(connection, "SELECT name FROM pragma_index_list('articles');");
        Assert.Contains("ix_articles_cluster_joined", indexes);
        Assert.DoesNotContain("ix_articles_cluster", indexes);
        Assert.Equal(["va", "ca"], await ColumnAsync(connection,
            "SELECT outlet_id FROM articles INDEXED BY ix_articles_cluster_joined WHERE cluster_id <> id ORDER BY seq;"));

        var items = await store.GetTopicItemsAsync("all", 50, CancellationToken.None);
        Assert.Equal(["Another story", "The story"], items.Select(i => i.Article.Title).Order(StringComparer.Ordinal));
        var story = items.Single(i => i.Article.Title == "The story");
        Assert.Equal(["va", "ca"], story.Copies.Select(c => c.OutletId));
        Assert.Empty(items.Single(i => i.Article.Title == "Another story").Copies);
        var joined = (await store.GetClusterAsync(story.Article.Id, CancellationToken.None)).Select(m => m.OutletId);
        Assert.Equal(["pr", "va", "ca"], joined);
        // Asked from a copy, the cluster is the same.
        var copyId = await ColumnAsync(connection, "SELECT id FROM articles WHERE outlet_id = 'ca';");
        Assert.Equal(["pr", "va", "ca"], (await store.GetClusterAsync(copyId.Single(), CancellationToken.None)).Select(m => m.OutletId));
    }

    [Fact]
    public async Task TopicPage_LooksEarlierCopiesUpByIndex_NeverScanningArticles()
    {
        using var store = SqliteStore.InDataFolder(_folder.Path);
        await store.MigrateAsync(CancellationToken.None);
        await using var connection = new SqliteConnection($"Data Source={store.DatabasePath};Pooling=false");
        await connection.OpenAsync();

        var plan = await ColumnAsync(connection, "EXPLAIN QUERY PLAN " + StoredRows.TopicPageSql(new TopicPageRequest(50))
            .Replace("@topic", "'all'", StringComparison.Ordinal).Replace("@limit", "50", StringComparison.Ordinal), column: 3);

        Assert.Contains(plan, step => step.Contains("ix_articles_cluster_joined (cluster_id=?", StringComparison.Ordinal));
        Assert.Contains(plan, step => step.Contains("sqlite_autoindex_articles_1 (id=?", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.StartsWith("SCAN a", StringComparison.Ordinal) || step.StartsWith("SCAN b", StringComparison.Ordinal));
        // Not the topic's earlier rows walked for every row shown.
        Assert.DoesNotContain(plan, step => step.Contains("article_seq<?", StringComparison.Ordinal));
    }

    private static async Task AlterArticlesAsync(SqliteStore store, string change)
    {
        await using var connection = new SqliteConnection($"Data Source={store.DatabasePath};Pooling=false");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"ALTER TABLE articles {change};";
        await command.ExecuteNonQueryAsync();
    }

    private static ArticleCandidate Candidate(string outlet, string url, string title) => new()
    {
        OutletId = outlet,
        CanonicalUrl = url,
        Link = new Uri(url),
        Title = title,
        Content = $"<p>{title}, as {outlet} tells it.</p>",
        Published = T0.AddHours(-1),
        Topics = ["all"],
    };

    private static async Task<List<string>> ColumnAsync(SqliteConnection connection, string sql, int column = 0)
    {
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
