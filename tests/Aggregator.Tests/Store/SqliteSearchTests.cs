using Aggregator.Model;
using Aggregator.Store;
using Aggregator.Store.Sqlite;
using Microsoft.Data.Sqlite;

namespace Aggregator.Tests.Store;

/// <summary>Search on SQLite, plus the FTS5 index's own upkeep: rows that existed before it, and deletes.</summary>
public sealed class SqliteSearchTests : SearchContractTests, IDisposable
{
    private readonly TempFolder _folder = new();

    protected override Task<IAggregatorStore> CreateAsync() => Task.FromResult(Open());

    protected override IAggregatorStore Open() => SqliteStore.InDataFolder(_folder.Path);

    public void Dispose() => _folder.Dispose();

    private string DatabasePath => ((SqliteStore)Store).DatabasePath;

    private async Task<long> IndexedAsync(string word)
    {
        await using var db = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await db.OpenAsync();
        await using var command = db.CreateCommand();
        command.CommandText = "SELECT count(*) FROM article_search WHERE article_search MATCH $word;";
        command.Parameters.AddWithValue("$word", word);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task DeletedArticle_LeavesTheIndex()
    {
        await Save("pr", T0, Candidate("pr", "https://pr.example/gone", "Guaidó leaves"), Candidate("pr", "https://pr.example/kept", "Guaidó stays"));
        Assert.Equal(2, await IndexedAsync("guaido"));

        // As retention deletes: a plain connection, without the folding function the inserts need.
        await using (var db = new SqliteConnection($"Data Source={DatabasePath};Pooling=False;Foreign Keys=True"))
        {
            await db.OpenAsync();
            await using var delete = db.CreateCommand();
            delete.CommandText = "DELETE FROM articles WHERE canonical_url = 'https://pr.example/gone';";
            Assert.Equal(1, await delete.ExecuteNonQueryAsync());
        }

        Assert.Equal(1, await IndexedAsync("guaido"));
        Assert.Equal(["Guaidó stays"], await TitlesAsync("guaido"));
    }

    [Fact]
    public async Task Migration_IndexesArticlesStoredBeforeIt()
    {
        var older = Path.Combine(_folder.Path, "older.db");
        var searchStep = SqliteMigrations.Steps.ToList().FindIndex(s => s.Contains("article_search", StringComparison.Ordinal));
        await using (var db = new SqliteConnection($"Data Source={older};Pooling=False"))
        {
            await db.OpenAsync();
            await using var command = db.CreateCommand();
            command.CommandText = string.Join("\n", SqliteMigrations.Steps.Take(searchStep)) + $"""
                PRAGMA user_version = {searchStep};
                INSERT INTO outlets (id) VALUES ('pr');
                INSERT INTO articles (id, outlet_id, canonical_url, link, title, first_seen, changed_at, sort_time, cluster_id, content_hash)
                VALUES ('a1', 'pr', 'https://pr.example/1', 'https://pr.example/1', 'Guaidó before the index', 1, 1, 1, 'a1', 'h');
                INSERT INTO article_topics (topic_id, article_seq, sort_time) VALUES ('all', 1, 1);
                """;
            await command.ExecuteNonQueryAsync();
        }

        using var store = new SqliteStore(older);
        await store.MigrateAsync(CancellationToken.None);

        var page = await store.SearchAsync(TopicDefinition.AllId, Query("guaido"), new TopicPageRequest(10), CancellationToken.None);
        Assert.Equal(["Guaidó before the index"], page.Items.Select(i => i.Article.Title));
    }

    [Fact]
    public async Task Ingest_IndexesNewArticlesWithoutFoldingInTheDatabase()
    {
        await Save("pr", T0, Candidate("pr", "https://pr.example/new", "Guaidó arrives"));
        Assert.Equal(1, await IndexedAsync("guaido"));

        // Issue 23: the ingest binds the text it folded before the writer's lock; no trigger folds a new row again.
        await using var db = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await db.OpenAsync();
        await using var command = db.CreateCommand();
        command.CommandText = $"""
            SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'articles'
            AND sql LIKE '%AFTER INSERT%' AND sql LIKE '%{SqliteSearchIndex.FunctionName}%';
            """;
        Assert.Equal(0L, (long)(await command.ExecuteScalarAsync())!);
    }


}
