using System.Data.Common;
using Npgsql;
using NpgsqlTypes;

namespace Aggregator.Store.Postgres;

/// <summary>
/// The shared store for several workers: one PostgreSQL database that every worker reads and
/// writes, and that Quartz's clustered job store lives in too. Methods are split by table family
/// like the SQLite store's; what differs is concurrency: several processes write at once, so the
/// decisions that must be taken one at a time (which cluster a new article joins) are serialized
/// by a PostgreSQL advisory lock instead of an in-process one.
/// </summary>
public sealed partial class PostgresStore : IAggregatorStore, IStoreChangeSource, IDisposable, IAsyncDisposable
{
    /// <summary>The channel NOTIFY announces stored changes on, so every worker re-renders its feeds.</summary>
    public const string ChangesChannel = "aggregator_changes";

    private readonly NpgsqlDataSource _dataSource;

    public PostgresStore(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        // The worker's own name in pg_stat_activity, unless the operator chose one.
        builder.ApplicationName ??= "aggregator";
        // The same few statements run for every article: prepared once per connection, PostgreSQL
        // skips parsing and planning them, which matters most inside the cluster-wide ingest lock.
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 64;
        }
        Location = $"{builder.Host}:{builder.Port}/{builder.Database}";
        _dataSource = NpgsqlDataSource.Create(builder);
    }

    /// <summary>Host, port and database, for messages: never the password.</summary>
    public string Location { get; }

    public Task MigrateAsync(CancellationToken ct) => MigrateAsync(PostgresMigrations.Steps, ct);

    /// <summary>Brings the schema to <paramref name="steps"/> (the program's list; tests add their own).</summary>
    internal async Task MigrateAsync(IReadOnlyList<string> steps, CancellationToken ct)
    {
        try
        {
            await using var connection = await OpenAsync(ct);
            await SchemaMigrator.MigrateAsync(connection, SchemaVersion, steps, Location, ct);
        }
        catch (NpgsqlException e)
        {
            throw Translate(e);
        }
    }

    /// <summary>
    /// The schema version is the highest row of aggregator_schema. Each step's transaction first takes the migration
    /// lock: workers starting together apply each step once, the others wait and then find it recorded.
    /// </summary>
    private static readonly SchemaVersionSql SchemaVersion = new(
        [$"SELECT pg_advisory_xact_lock({AdvisoryLocks.Migrate});", "CREATE TABLE IF NOT EXISTS aggregator_schema (version integer NOT NULL);"],
        "SELECT max(version) FROM aggregator_schema;",
        version => $"INSERT INTO aggregator_schema (version) VALUES ({version});");

    public async Task<bool> PingAsync(CancellationToken ct)
    {
        try
        {
            await using var connection = await OpenAsync(ct);
            await using var command = new NpgsqlCommand("SELECT 1;", connection);
            return await command.ExecuteScalarAsync(ct) is 1;
        }
        catch (Exception e) when (e is NpgsqlException or StoreException or TimeoutException)
        {
            return false;
        }
    }

    public async Task<string?> GetSettingAsync(string key, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT value FROM settings WHERE key = @key;", connection);
        command.Parameters.Add(Text("key", key));
        return await command.ExecuteScalarAsync(ct) as string;
    }

    public async Task<IReadOnlyDictionary<string, string>> GetSettingsAsync(string prefix, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        // starts_with, not LIKE (whose pattern characters a prefix would have to escape) nor a range (which the
        // database's collation may order otherwise than by code point).
        await using var command = new NpgsqlCommand("SELECT key, value FROM settings WHERE starts_with(key, @prefix);", connection);
        command.Parameters.Add(Text("prefix", prefix));
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
        try
        {
            await using var connection = await OpenAsync(ct);
            await SaveSettingAsync(connection, null, key, value, ct);
        }
        catch (NpgsqlException e)
        {
            throw Translate(e);
        }
    }

    private static async Task SaveSettingAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, string key, string value, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO settings (key, value) VALUES (@key, @value)
            ON CONFLICT (key) DO UPDATE SET value = excluded.value;
            """, connection, tx);
        command.Parameters.Add(Text("key", key));
        command.Parameters.Add(Text("value", value));
        await command.ExecuteNonQueryAsync(ct);
    }

    public void Dispose()
    {
        _index?.Dispose();
        _dataSource.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        _index?.Dispose();
        await _dataSource.DisposeAsync();
    }

    private Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> read, CancellationToken ct) =>
        StoredReads.OnConnectionAsync<NpgsqlConnection, NpgsqlException, T>(OpenAsync, Translate, read, ct);

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken ct)
    {
        try
        {
            return await _dataSource.OpenConnectionAsync(ct);
        }
        catch (NpgsqlException e)
        {
            throw Translate(e);
        }
    }

    /// <summary>A provider error as the one-line, stage-named reason operators read in status and logs.</summary>
    internal StoreException Translate(NpgsqlException e) => new((e as PostgresException)?.SqlState switch
    {
        "53100" => $"store: PostgreSQL at {Location} is out of disk space",
        "28P01" or "28000" => $"store: PostgreSQL at {Location} refused the login ({FirstLine(e.Message)})",
        "3D000" => $"store: database {Location} does not exist",
        "25006" => $"store: PostgreSQL at {Location} is read-only",
        "57P01" or "57P02" or "57P03" => $"store: PostgreSQL at {Location} is shutting down or starting up",
        "53300" => $"store: PostgreSQL at {Location} has no connection slot left",
        null => $"store: cannot reach PostgreSQL at {Location} ({FirstLine(e.InnerException?.Message ?? e.Message)})",
        _ => $"store: {FirstLine(e.Message)} ({Location})",
    }, e);

    private static string FirstLine(string message) => message.ReplaceLineEndings(" ").Trim();

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection, tx);
        await command.ExecuteNonQueryAsync(ct);
    }

    // Typed parameters: an untyped null would leave PostgreSQL unable to infer a type for `@x IS NULL`.
    private static NpgsqlParameter Text(string name, string? value) => new(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value };

    private static NpgsqlParameter Long(string name, long? value) => new(name, NpgsqlDbType.Bigint) { Value = (object?)value ?? DBNull.Value };

    private static NpgsqlParameter Time(string name, DateTimeOffset? value) => Long(name, value?.ToUnixTimeMilliseconds());

    private static NpgsqlParameter Bool(string name, bool value) => new(name, NpgsqlDbType.Boolean) { Value = value };

    private static NpgsqlParameter Double(string name, double? value) => new(name, NpgsqlDbType.Double) { Value = (object?)value ?? DBNull.Value };

    private static NpgsqlParameter Bytes(string name, byte[] value) => new(name, NpgsqlDbType.Bytea) { Value = value };

    private static NpgsqlParameter TextArray(string name, IReadOnlyCollection<string> values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = values.ToArray() };

    private static NpgsqlParameter LongArray(string name, IReadOnlyCollection<long> values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = values.ToArray() };
}
