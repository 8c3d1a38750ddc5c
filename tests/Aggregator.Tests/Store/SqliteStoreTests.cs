using Aggregator.Store;
using Aggregator.Store.Sqlite;
using Microsoft.Data.Sqlite;

namespace Aggregator.Tests.Store;

/// <summary>The store contract on SQLite, plus what only a file-backed store has.</summary>
public sealed class SqliteStoreTests : StoreContractTests, IDisposable
{
    private readonly TempFolder _folder = new();

    protected override Task<IAggregatorStore> CreateAsync() => Task.FromResult(Open());

    protected override IAggregatorStore Open() => SqliteStore.InDataFolder(_folder.Path);

    protected override int ProgramSteps => SqliteMigrations.Steps.Count;

    protected override string Location => ((SqliteStore)Store).DatabasePath;

    protected override async Task<int> SchemaVersionAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={Location};Pooling=false");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version;";
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    protected override async Task SetSchemaVersionAsync(int version)
    {
        await using var connection = new SqliteConnection($"Data Source={Location};Pooling=false");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA user_version = {version};";
        await command.ExecuteNonQueryAsync();
    }

    protected override async Task MigrateWithAsync(params string[] extraSteps)
    {
        using var store = SqliteStore.InDataFolder(_folder.Path);
        await store.MigrateAsync([.. SqliteMigrations.Steps, .. extraSteps], CancellationToken.None);
    }

    protected override async Task ExecuteSqlAsync(string sql)
    {
        await using var connection = await RawSqlite.ConnectAsync((SqliteStore)Store);
        await RawSqlite.ExecuteAsync(connection, sql);
    }

    protected override async Task<List<string>> ColumnAsync(string sql)
    {
        await using var connection = await RawSqlite.ConnectAsync((SqliteStore)Store);
        return [.. (await RawSqlite.RowsAsync(connection, sql)).Select(row => Convert.ToString(row[0], System.Globalization.CultureInfo.InvariantCulture)!)];
    }

    // xunit disposes after DisposeAsync, so the stores are closed before their folder goes.
    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Migrate_CreatesDatabaseInDataFolderInWalMode()
    {
        Assert.True(File.Exists(Path.Combine(_folder.Path, "aggregator.db")));
        await using var connection = new SqliteConnection($"Data Source={((SqliteStore)Store).DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", (string)(await command.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task EveryConnection_KeepsStatementJournalsInMemoryAndALongerLog()
    {
        var store = (SqliteStore)Store;
        // 2 = MEMORY: a statement's undo pages never go to a temporary file.
        Assert.Equal(2, await store.PragmaAsync("temp_store", CancellationToken.None));
        Assert.Equal(SqliteStore.DefaultWalLimitPages, await store.PragmaAsync("wal_autocheckpoint", CancellationToken.None));
        Assert.True(SqliteStore.DefaultWalLimitPages > 1000, "longer than SQLite's default log");
    }

    [Fact]
    public async Task AConnectionBackFromThePool_StillHasEveryPerConnectionSetting()
    {
        var store = (SqliteStore)Store;
        for (var open = 0; open < 3; open++)
        {
            // The store's batch runs once per physical connection now, not per open: each read here is a reused one.
            Assert.Equal(1, await store.PragmaAsync("foreign_keys", CancellationToken.None));
            Assert.Equal(1, await store.PragmaAsync("synchronous", CancellationToken.None));
            Assert.Equal(2, await store.PragmaAsync("temp_store", CancellationToken.None));
            Assert.Equal(SqliteStore.DefaultWalLimitPages, await store.PragmaAsync("wal_autocheckpoint", CancellationToken.None));
        }
    }

    [Fact]
    public async Task ALowerLogBound_ReachesConnectionsThePoolAlreadyHolds()
    {
        var store = (SqliteStore)Store;
        Assert.Equal(SqliteStore.DefaultWalLimitPages, await store.PragmaAsync("wal_autocheckpoint", CancellationToken.None));

        store.WalLimitPages = 64;

        Assert.Equal(64, await store.PragmaAsync("wal_autocheckpoint", CancellationToken.None));
    }
}
