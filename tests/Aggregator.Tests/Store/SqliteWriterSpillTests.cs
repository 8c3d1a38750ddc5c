using Aggregator.Store.Sqlite;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Aggregator.Tests.Store;

/// <summary>
/// A writer's dirty pages stay in memory until its commit, up to <see cref="SqliteStore.WriterSpillKib"/> (issue 23): past
/// SQLite's default cache a transaction wrote its pages to the log early and again each time it changed them.
/// </summary>
public sealed class SqliteWriterSpillTests : IDisposable
{
    // SQLITE_DBSTATUS_CACHE_SPILL (SQLite 3.28): dirty pages written before their commit; SQLitePCL.raw names no constant for it.
    private const int CacheSpillStatus = 12;

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task EveryConnection_HasTheWritersSpillBound()
    {
        using var store = SqliteStore.InDataFolder(_folder.Path);
        await store.MigrateAsync(CancellationToken.None);
        // Read back as pages, each with SQLite's few hundred bytes of header beside it: on (not 0), and at most the bound.
        var pages = await store.PragmaAsync("cache_spill", CancellationToken.None);
        Assert.InRange(pages * 4096, SqliteStore.WriterSpillKib * 1024L * 3 / 4, SqliteStore.WriterSpillKib * 1024L);
        Assert.True(await store.PragmaAsync("cache_size", CancellationToken.None) < 0, "the cache is SQLite's default, in KB");
    }

    [Theory]
    [InlineData(1_500, false)] // a large group commit's pages: three times the default cache, under the bound
    [InlineData(SqliteStore.WriterSpillKib / 4 + 1_000, true)] // past the bound, memory stays bounded: it spills
    public async Task ATransaction_SpillsOnlyPastTheBound(int pages, bool spillsWithBound)
    {
        Assert.True(await SpilledAsync("default.db", "", pages), "SQLite's default cache spills a transaction this large");
        Assert.Equal(spillsWithBound, await SpilledAsync("bound.db", $"PRAGMA cache_spill = -{SqliteStore.WriterSpillKib};", pages));
    }

    /// <summary>Whether a transaction writing about <paramref name="pages"/> new pages wrote any to the log before its commit.</summary>
    private async Task<bool> SpilledAsync(string file, string pragmas, int pages)
    {
        await using var connection = new SqliteConnection($"Data Source={_folder.File(file)};Pooling=false");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL; PRAGMA page_size = 4096; " + pragmas + " CREATE TABLE t (body BLOB);";
        await command.ExecuteNonQueryAsync();
        raw.sqlite3_db_status(connection.Handle, CacheSpillStatus, out _, out _, 1);
        await using (var tx = (SqliteTransaction)await connection.BeginTransactionAsync())
        {
            // Rows of 3,500 bytes: one leaf page each, so the transaction dirties about one page a row.
            command.Transaction = tx;
            command.CommandText = $"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {pages}) INSERT INTO t SELECT randomblob(3500) FROM n;";
            Assert.Equal(pages, await command.ExecuteNonQueryAsync());
            raw.sqlite3_db_status(connection.Handle, CacheSpillStatus, out var spilled, out _, 0);
            await tx.CommitAsync();
            return spilled > 0;
        }
    }
}
