using Aggregator.Store.Postgres;
using Aggregator.Tests.Fixtures;
using Npgsql;

namespace Aggregator.Tests.Store;

/// <summary>
/// A new, migrated PostgreSQL store whose <c>articles</c> table autovacuum leaves alone: what the planner knows of it is
/// only what the store itself or the test gives it. For tests that judge plans by counts (buffers, row estimates,
/// analyzes), which a background analyze arriving at its own time would change.
/// </summary>
public sealed class UnanalyzedPostgresStore : IDisposable
{
    private UnanalyzedPostgresStore(string database, PostgresStore store) => (Database, Store) = (database, store);

    /// <summary>The database's connection string, for statements the store does not run.</summary>
    public string Database { get; }

    public PostgresStore Store { get; }

    public static async Task<UnanalyzedPostgresStore> CreateAsync()
    {
        var database = await (await PostgresServer.Shared).CreateDatabaseAsync();
        var store = new PostgresStore(database);
        await store.MigrateAsync(CancellationToken.None);
        var created = new UnanalyzedPostgresStore(database, store);
        await created.ExecuteAsync("ALTER TABLE articles SET (autovacuum_enabled = false);");
        return created;
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(Database);
        await connection.OpenAsync();
        return connection;
    }

    public void Dispose() => Store.Dispose();
}
