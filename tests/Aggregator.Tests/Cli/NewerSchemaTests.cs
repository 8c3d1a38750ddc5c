using Aggregator.Store.Postgres;
using Aggregator.Store.Sqlite;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Aggregator.Tests.Cli;

/// <summary>
/// A store a newer program has migrated (a downgrade): every command refuses to touch it and says so in one
/// line naming the database and both versions. Run on SQLite and on PostgreSQL (<see cref="NewerSchemaOnPostgresTests"/>).
/// </summary>
public class NewerSchemaTests
{
    protected virtual bool OnPostgres => false;

    [Theory]
    [InlineData("status")]
    [InlineData("poll")]
    public async Task Command_OnASchemaNewerThanTheProgram_IsOneLineNamingTheDatabaseAndBothVersions(string command)
    {
        await using var world = await OutletsWorld.StartAsync(OnPostgres);
        Assert.Equal(0, (await CliRunner.RunAsync(world.Args("status"))).ExitCode);
        var (known, location) = await RecordNewerVersionAsync(world, 999);

        var result = await CliRunner.RunAsync(world.Args(command));

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            $"store: database schema version 999 at {location} is newer than this program knows ({known}); refusing to touch it",
            result.Error.TrimEnd('\n', '\r'));
        Assert.Equal("", result.Output);
    }

    private async Task<(int Known, string Location)> RecordNewerVersionAsync(OutletsWorld world, int version)
    {
        if (OnPostgres)
        {
            await using var connection = new NpgsqlConnection(world.Store);
            await connection.OpenAsync();
            await using var insert = new NpgsqlCommand($"INSERT INTO aggregator_schema (version) VALUES ({version});", connection);
            await insert.ExecuteNonQueryAsync();
            var builder = new NpgsqlConnectionStringBuilder(world.Store);
            return (PostgresMigrations.Steps.Count, $"{builder.Host}:{builder.Port}/{builder.Database}");
        }
        var database = Path.Combine(world.DataPath, "aggregator.db");
        await using (var sqlite = new SqliteConnection($"Data Source={database};Pooling=false"))
        {
            await sqlite.OpenAsync();
            await using var pragma = sqlite.CreateCommand();
            pragma.CommandText = $"PRAGMA user_version = {version};";
            await pragma.ExecuteNonQueryAsync();
        }
        return (SqliteMigrations.Steps.Count, Path.GetFullPath(database));
    }
}

/// <summary>The same refusal from a shared PostgreSQL store (`--store`).</summary>
public sealed class NewerSchemaOnPostgresTests : NewerSchemaTests
{
    protected override bool OnPostgres => true;
}
