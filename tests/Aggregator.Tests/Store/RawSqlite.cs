using Aggregator.Store.Sqlite;
using Microsoft.Data.Sqlite;

namespace Aggregator.Tests.Store;

/// <summary>
/// Reads and writes a store's file behind the store's back, unpooled, as the layout and migration tests must: they
/// check what is on disk, or plant rows an earlier version would have written.
/// </summary>
internal static class RawSqlite
{
    public static async Task<SqliteConnection> ConnectAsync(SqliteStore store)
    {
        var connection = new SqliteConnection($"Data Source={store.DatabasePath};Pooling=false");
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>
    /// A connection that keeps the store's write-ahead log as the store leaves it, for tests that read the log: when the
    /// last connection to a file closes, SQLite checkpoints and deletes the log, and the store's pooled connections can
    /// close under a test (another test class's <see cref="SqliteConnection.ClearAllPools"/> is process-wide). The read
    /// is what makes it count: a connection takes its shared lock on a WAL-mode file only once it has read.
    /// </summary>
    public static async Task<SqliteConnection> HoldLogAsync(SqliteStore store)
    {
        var connection = await ConnectAsync(store);
        await RowsAsync(connection, "SELECT COUNT(*) FROM sqlite_master;");
        return connection;
    }

    public static async Task ExecuteAsync(SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<List<object?[]>> RowsAsync(SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }
            rows.Add(row);
        }
        return rows;
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        return command;
    }
}
