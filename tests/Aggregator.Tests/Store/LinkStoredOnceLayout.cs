using Microsoft.Data.Sqlite;

namespace Aggregator.Tests.Store;

/// <summary>
/// For tests that write rows with today's ingest into a store migrated only up to an earlier step: today's ingest writes
/// the link into link_stored (SqliteLinkStoredOnceTests), a later step's column. It is put in place while the rows are
/// written and taken out again, each link whole in its old column, so the migration under test meets the schema as it was.
/// </summary>
internal static class LinkStoredOnceLayout
{
    public static Task AddAsync(string databasePath) => ExecuteAsync(databasePath, """
        ALTER TABLE articles RENAME COLUMN link TO link_stored;
        ALTER TABLE articles ADD COLUMN link TEXT GENERATED ALWAYS AS (IIF(link_stored = '', canonical_url, link_stored)) VIRTUAL;
        """);

    public static Task RemoveAsync(string databasePath)
    {
        // The store's pooled connections hold statements compiled against the layout being taken out.
        SqliteConnection.ClearAllPools();
        return ExecuteAsync(databasePath, """
            ALTER TABLE articles DROP COLUMN link;
            ALTER TABLE articles RENAME COLUMN link_stored TO link;
            UPDATE articles SET link = canonical_url WHERE link = '';
            """);
    }

    private static async Task ExecuteAsync(string databasePath, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=false");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
