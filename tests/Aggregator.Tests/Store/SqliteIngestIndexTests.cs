using Aggregator.Store.Sqlite;
using Microsoft.Data.Sqlite;

namespace Aggregator.Tests.Store;

/// <summary>Each index on articles is written for every stored article (issue 23): none is kept that no lookup needs.</summary>
public sealed class SqliteIngestIndexTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    [Fact]
    public async Task ArticlesByOutletAndUrl_AreFoundThroughTheUrlIndex_AndNoOutletUrlIndexIsWritten()
    {
        using var store = SqliteStore.InDataFolder(_folder.Path);
        await store.MigrateAsync(CancellationToken.None);
        await using var connection = new SqliteConnection($"Data Source={store.DatabasePath};Pooling=false");
        await connection.OpenAsync();

        var indexes = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM pragma_index_list('articles');";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                indexes.Add(reader.GetString(0));
            }
        }
        var plan = new List<string>();
        await using (var explain = connection.CreateCommand())
        {
            explain.CommandText = "EXPLAIN QUERY PLAN " + SqliteStore.KnownArticlesSql;
            explain.Parameters.AddWithValue("$outlet", "o");
            explain.Parameters.AddWithValue("$sources", "[\"s\"]");
            explain.Parameters.AddWithValue("$urls", "[\"https://example.org/a\"]");
            explain.Parameters.AddWithValue("$url_keys", "[42]");
            await using var reader = await explain.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(3));
            }
        }

        Assert.Contains("ix_articles_url_key", indexes);
        Assert.DoesNotContain("ix_articles_url", indexes);
        Assert.DoesNotContain("ix_articles_outlet_url", indexes);
        Assert.Contains(plan, step => step.Contains("USING INDEX ix_articles_url_key (url_key=?)", StringComparison.Ordinal));
        Assert.Contains(plan, step => step.Contains("USING INDEX ix_articles_outlet_source (outlet_id=? AND source_id=?)", StringComparison.Ordinal));
    }
}
