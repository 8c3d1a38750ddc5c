using System.Globalization;
using Aggregator.Store.Sqlite;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Aggregator.Tests.Store;

/// <summary>
/// What the store's connections change in SQLite's own allocation (issue 23): a larger lookaside per physical connection,
/// and no process-wide memory statistics.
/// </summary>
public sealed class SqliteGatedConnectionTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose()
    {
        GatedConnection.ClearAllPoolsGated();
        _folder.Dispose();
    }

    private string ConnectionString(bool pooled) =>
        new SqliteConnectionStringBuilder { DataSource = _folder.File("gated.db"), Pooling = pooled }.ToString();

    // Compiling a list of this many terms holds one parse-tree node per term at once: more than SQLite's default
    // lookaside has slots (about 300), fewer than the store's.
    private static readonly string ManyTerms =
        "SELECT 1500 IN (" + string.Join(", ", Enumerable.Range(1, 1_500).Select(i => i.ToString(CultureInfo.InvariantCulture))) + ");";

    private static async Task<int> PeakLookasideSlotsAsync(SqliteConnection connection)
    {
        raw.sqlite3_db_status(connection.Handle, raw.SQLITE_DBSTATUS_LOOKASIDE_USED, out _, out _, 1);
        await using var command = connection.CreateCommand();
        command.CommandText = ManyTerms;
        Assert.Equal(1L, Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture));
        raw.sqlite3_db_status(connection.Handle, raw.SQLITE_DBSTATUS_LOOKASIDE_USED, out _, out var peak, 0);
        return peak;
    }

    [Fact]
    public async Task AStoreConnection_HasMoreLookasideSlotsThanSqlitesDefault()
    {
        int defaultPeak, storePeak;
        await using (var plain = new SqliteConnection(ConnectionString(pooled: false)))
        {
            await plain.OpenAsync();
            defaultPeak = await PeakLookasideSlotsAsync(plain);
        }
        await using (var gated = new GatedConnection(ConnectionString(pooled: false)))
        {
            await gated.OpenAsync();
            storePeak = await PeakLookasideSlotsAsync(gated);
        }

        Assert.True(storePeak > defaultPeak, $"store connection peaked at {storePeak} lookaside slots, SQLite's default at {defaultPeak}");
    }

    [Fact]
    public async Task BackFromThePool_TheConnectionKeepsItsLookaside()
    {
        await using (var first = new GatedConnection(ConnectionString(pooled: true)))
        {
            await first.OpenAsync();
            await PeakLookasideSlotsAsync(first);
        }
        await using var again = new GatedConnection(ConnectionString(pooled: true));
        await again.OpenAsync();

        var peak = await PeakLookasideSlotsAsync(again);

        Assert.True(peak > 1_000, $"peaked at {peak} lookaside slots after a return to the pool");
    }

    [Fact]
    public async Task MemoryStatistics_AreOffWhenTheStoreSaysSo()
    {
        await using var connection = new GatedConnection(ConnectionString(pooled: false));
        await connection.OpenAsync();
        Assert.True(await PeakLookasideSlotsAsync(connection) > 0);

        raw.sqlite3_status(raw.SQLITE_STATUS_MEMORY_USED, out var used, out _, 0);

        // SQLite counts nothing with statistics off; in a test process another test may have opened SQLite first, and
        // then the flag must say the statistics are still kept.
        Assert.Equal(GatedConnection.MemoryStatisticsOff, used == 0);
    }

    private static async Task<long> PragmaAsync(SqliteConnection connection, string name)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {name};";
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task BackFromThePool_TheConnectionKeepsItsSettings_AndIsNotGivenThemAgain()
    {
        sqlite3 handle;
        await using (var first = new GatedConnection(ConnectionString(pooled: true)))
        {
            await first.OpenAsync();
            handle = first.Handle!;
            first.EnsureSettings("PRAGMA foreign_keys = 1; PRAGMA temp_store = MEMORY; PRAGMA wal_autocheckpoint = 4321;");
            Assert.Equal(1, first.SettingsRuns);
        }
        await using var again = new GatedConnection(ConnectionString(pooled: true));
        await again.OpenAsync();
        Assert.Same(handle, again.Handle);

        // An equal batch in another string, as a store builds its own: not run again.
        again.EnsureSettings(string.Concat("PRAGMA foreign_keys = 1; PRAGMA temp_store = MEMORY; ", "PRAGMA wal_autocheckpoint = 4321;"));

        Assert.Equal(1, again.SettingsRuns);
        Assert.Equal(1, await PragmaAsync(again, "foreign_keys"));
        Assert.Equal(2, await PragmaAsync(again, "temp_store"));
        Assert.Equal(4321, await PragmaAsync(again, "wal_autocheckpoint"));
    }

    [Fact]
    public async Task ADifferentBatch_IsRunOnAPooledConnectionThatHadAnother()
    {
        await using (var first = new GatedConnection(ConnectionString(pooled: true)))
        {
            await first.OpenAsync();
            first.EnsureSettings("PRAGMA wal_autocheckpoint = 4321;");
        }
        await using var again = new GatedConnection(ConnectionString(pooled: true));
        await again.OpenAsync();

        again.EnsureSettings("PRAGMA wal_autocheckpoint = 64;");

        Assert.Equal(2, again.SettingsRuns);
        Assert.Equal(64, await PragmaAsync(again, "wal_autocheckpoint"));
    }

    [Fact]
    public async Task ANewPhysicalConnection_IsGivenTheSettingsItsPoolPredecessorHad()
    {
        const string Batch = "PRAGMA wal_autocheckpoint = 4321;";
        sqlite3 handle;
        await using (var first = new GatedConnection(ConnectionString(pooled: true)))
        {
            await first.OpenAsync();
            handle = first.Handle!;
            first.EnsureSettings(Batch);
        }
        GatedConnection.ClearAllPoolsGated();
        await using var fresh = new GatedConnection(ConnectionString(pooled: true));
        await fresh.OpenAsync();
        Assert.NotSame(handle, fresh.Handle);
        // SQLite's own default before the batch: nothing was carried over by the pool.
        Assert.Equal(0, fresh.SettingsRuns);
        Assert.Equal(1000, await PragmaAsync(fresh, "wal_autocheckpoint"));

        fresh.EnsureSettings(Batch);

        Assert.Equal(1, fresh.SettingsRuns);
        Assert.Equal(4321, await PragmaAsync(fresh, "wal_autocheckpoint"));
    }
}
