using Aggregator.Store.Postgres;
using Aggregator.Store.Sqlite;
using Npgsql;

namespace Aggregator.Store;

/// <summary>
/// Where the store lives: SQLite in the data folder (the default, one worker), or a PostgreSQL
/// database shared by several workers, given by `--store` / $AGGREGATOR_STORE as a URI
/// (postgres://user:password@host:5432/db) or an Npgsql keyword string (Host=…;Database=…).
/// </summary>
public sealed record StoreLocation
{
    private StoreLocation(string? postgresConnectionString) => PostgresConnectionString = postgresConnectionString;

    public static StoreLocation Sqlite { get; } = new((string?)null);

    /// <summary>Null for SQLite.</summary>
    public string? PostgresConnectionString { get; }

    public bool IsShared => PostgresConnectionString is not null;

    /// <exception cref="StoreException">One line naming what is wrong with the value (never echoing a password).</exception>
    public static StoreLocation Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Equals("sqlite", StringComparison.OrdinalIgnoreCase))
        {
            return Sqlite;
        }
        value = value.Trim();
        if (value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return new StoreLocation(FromUri(value));
        }
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(value);
            if (string.IsNullOrEmpty(builder.Host))
            {
                throw new StoreException("store: --store needs Host= (or a postgres://host/db URI)");
            }
            return new StoreLocation(builder.ConnectionString);
        }
        catch (ArgumentException e)
        {
            throw new StoreException($"store: --store is neither \"sqlite\" nor a PostgreSQL connection string ({e.Message.ReplaceLineEndings(" ")})", e);
        }
    }

    public IAggregatorStore Open(string dataDirectory, long? maxSqliteBytes) => PostgresConnectionString is { } shared
        ? new PostgresStore(shared)
        : SqliteStore.InDataFolder(dataDirectory, maxSqliteBytes);

    /// <summary>The libpq URI form operators know from psql, turned into Npgsql's keywords.</summary>
    private static string FromUri(string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new StoreException("store: --store is not a valid postgres:// URI (expected postgres://user:password@host:port/database)");
        }
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')) is { Length: > 0 } db ? db : null,
        };
        if (uri.UserInfo.Split(':', 2) is [var user, ..] && user.Length > 0)
        {
            builder.Username = Uri.UnescapeDataString(user);
            if (uri.UserInfo.Split(':', 2) is [_, var password])
            {
                builder.Password = Uri.UnescapeDataString(password);
            }
        }
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var (key, setting) = pair.Split('=', 2) is [var k, var v] ? (Uri.UnescapeDataString(k), Uri.UnescapeDataString(v)) : (pair, "");
            try
            {
                // libpq's names where Npgsql has the same setting under its own name.
                builder[key switch { "sslmode" => "SSL Mode", "application_name" => "Application Name", "connect_timeout" => "Timeout", _ => key }] = setting;
            }
            catch (ArgumentException)
            {
                throw new StoreException($"store: --store URI has an unknown parameter \"{key}\"");
            }
        }
        return builder.ConnectionString;
    }
}
