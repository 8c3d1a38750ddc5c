using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Aggregator.Store.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode. Methods are split by table family
/// (SqliteStore.Outlets.cs, SqliteStore.Articles.cs, SqliteStore.Topics.cs), SQL beside each method;
/// a poll's ingest is <see cref="ArticleIngest"/>'s, run through SqliteStore.IngestQueries.cs.
/// </summary>
public sealed partial class SqliteStore : IAggregatorStore, IDisposable
{
    // SQLite has one writer at a time; queueing writers here is cheaper and fairer than
    // letting them spin on SQLITE_BUSY.
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly string _connectionString;

    private readonly long? _maxPageCount;
    private string _connectionPragmas;

    /// <param name="maxSizeBytes">A cap on the database's size; past it writes fail as "database is full".</param>
    public SqliteStore(string databasePath, long? maxSizeBytes = null)
    {
        DatabasePath = Path.GetFullPath(databasePath);
        _maxPageCount = maxSizeBytes is { } max ? Math.Max(1, max / PageSize) : null;
        _connectionPragmas = ConnectionPragmas();
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            // Not ForeignKeys = true: Microsoft.Data.Sqlite would run its PRAGMA on every open of a pooled connection.
            // The store's batch turns them on once per physical connection (ConnectionPragmas).
            Pooling = true,
            // Also the busy timeout: another process holding the lock is waited for this long.
            DefaultTimeout = ConnectionBusyTimeoutMs / 1000,
        }.ToString();
    }

    public string DatabasePath { get; }

    /// <summary>SQLite's default page size, which the size cap is counted in.</summary>
    private const long PageSize = 4096;

    /// <summary>The database file inside a data folder, as the contract names it.</summary>
    public static SqliteStore InDataFolder(string dataDirectory, long? maxSizeBytes = null)
    {
        OwnerOnlyFiles.CreateFolder(dataDirectory);
        var databasePath = Path.Combine(dataDirectory, "aggregator.db");
        OwnerOnlyFiles.CreateFile(databasePath);
        return new SqliteStore(databasePath, maxSizeBytes);
    }

    public Task MigrateAsync(CancellationToken ct) => MigrateAsync(SqliteMigrations.Steps, ct);

    /// <summary>Brings the schema to <paramref name="steps"/> (the program's list; tests add their own).</summary>
    internal async Task MigrateAsync(IReadOnlyList<string> steps, CancellationToken ct)
    {
        try
        {
            await using var connection = await OpenAsync(ct);
            await ExecuteAsync(connection, "PRAGMA journal_mode = WAL;", ct);
            // Only the migration computes URL keys in SQL (for rows stored before the key existed); the ingest binds them.
            RegisterUrlKey(connection);
            await SchemaMigrator.MigrateAsync(connection, SchemaVersion, steps, DatabasePath, ct);
            WatchForIdleCheckpoints();
        }
        catch (SqliteException e)
        {
            throw Translate(e);
        }
    }

    /// <summary>The schema version is the file's user_version, written in the step's own transaction.</summary>
    private static readonly SchemaVersionSql SchemaVersion = new([], "PRAGMA user_version;", version => $"PRAGMA user_version = {version};");

    public async Task<bool> PingAsync(CancellationToken ct)
    {
        try
        {
            await using var connection = await OpenAsync(ct);
            return Convert.ToInt64(await ScalarAsync(connection, "SELECT 1;", ct), System.Globalization.CultureInfo.InvariantCulture) == 1;
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    /// <summary>A PRAGMA's value on a connection as the store opens them (tests check the per-connection settings).</summary>
    internal async Task<long> PragmaAsync(string name, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        return Convert.ToInt64(await ScalarAsync(connection, $"PRAGMA {name};", ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<string?> GetSettingAsync(string key, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM settings WHERE key = $key;";
        command.Parameters.AddWithValue("$key", key);
        return await command.ExecuteScalarAsync(ct) as string;
    }

    public async Task<IReadOnlyDictionary<string, string>> GetSettingsAsync(string prefix, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        await using var connection = await OpenAsync(ct);
        await using var command = connection.CreateCommand();
        // A range on the key (compared by code unit), not LIKE: SQLite's LIKE ignores case and would not use the key's index.
        command.CommandText = "SELECT key, value FROM settings WHERE key >= $from AND key < $to;";
        command.Parameters.AddWithValue("$from", prefix);
        command.Parameters.AddWithValue("$to", prefix[..^1] + (char)(prefix[^1] + 1));
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            settings[reader.GetString(0)] = reader.GetString(1);
        }
        return settings;
    }

    public async Task SetSettingAsync(string key, string value, CancellationToken ct)
    {
        await _writeLock.WaitAsync(ct);
        try
        {
            await using var connection = await OpenAsync(ct);
            await SaveSettingAsync(connection, key, value, ct);
        }
        catch (SqliteException e)
        {
            // Full, read-only or locked: the store's one-line error, as every other write gives.
            throw Translate(e);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private static async Task SaveSettingAsync(SqliteConnection connection, string key, string value, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = SaveSettingSql;
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$value", value);
        await command.ExecuteNonQueryAsync(ct);
    }

    private const string SaveSettingSql = """
        INSERT INTO settings (key, value) VALUES ($key, $value)
        ON CONFLICT (key) DO UPDATE SET value = excluded.value;
        """;

    public void Dispose()
    {
        _disposed = true;
        _idleCheckpoints?.Dispose();
        _writeLock.Dispose();
        _index?.Dispose();
        // Pooled connections would keep the file open (and WAL files around) after the store is gone.
        GatedConnection.ClearAllPoolsGated();
    }

    private Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> read, CancellationToken ct) =>
        StoredReads.OnConnectionAsync<SqliteConnection, SqliteException, T>(OpenAsync, Translate, read, ct);

    private async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new GatedConnection(_connectionString);
        try
        {
            await connection.OpenAsync(ct);
            // The search index's triggers fold article text in C# (issue 25); registered once per physical connection.
            SqliteSearchIndex.Register(connection);
            // Per physical connection, all of them: SQLite does not store these in the file, and a pool keeps them.
            connection.EnsureSettings(_connectionPragmas);
        }
        catch (SqliteException e)
        {
            await connection.DisposeAsync();
            throw Translate(e);
        }
        return connection;
    }

    private static string Size(long bytes) => bytes >= 1024 * 1024
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bytes / (1024 * 1024)} MB")
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bytes / 1024} KB");

    /// <summary>A provider error as the one-line, stage-named reason operators read in status and logs.</summary>
    internal StoreException Translate(SqliteException e) => new(e.SqliteErrorCode switch
    {
        13 => _maxPageCount is { } pages
            ? $"store: database is full (limit {Size(pages * PageSize)}, or no space left on {Path.GetDirectoryName(DatabasePath)})"
            : $"store: database or disk is full ({Path.GetDirectoryName(DatabasePath)})",
        5 or 6 => $"store: database is locked by another process ({DatabasePath})",
        8 => $"store: database is read-only ({DatabasePath})",
        10 => $"store: disk I/O error on {DatabasePath}",
        11 or 26 => $"store: database file is damaged or not a database ({DatabasePath})",
        14 => $"store: cannot open {DatabasePath}",
        _ => $"store: {e.Message.ReplaceLineEndings(" ")}",
    }, e);

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken ct, SqliteTransaction? tx = null)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(ct);
    }

    private static long ToUnixMs(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    private static object DbTime(DateTimeOffset? time) => time is { } t ? t.ToUnixTimeMilliseconds() : DBNull.Value;

    private static object DbValue(object? value) => value ?? DBNull.Value;
}
