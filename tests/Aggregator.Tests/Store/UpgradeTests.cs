using Aggregator.Normalize;
using Aggregator.Store;
using Aggregator.Store.Sqlite;
using Aggregator.Tests.Cli;
using Aggregator.Tests.Fixtures;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Aggregator.Tests.Store;

/// <summary>
/// Databases written by every schema this program has shipped (testdata/store/vN.db, made by
/// make-fixtures.py from each version's own migration and INSERT statements) open with today's
/// program with nothing lost; a database from a newer program is refused in one line.
/// </summary>
public sealed class UpgradeTests : IDisposable
{
    private static readonly DateTimeOffset Written = new(2025, 11, 23, 8, 0, 0, TimeSpan.Zero);
    private readonly TempFolder _folder = new();

    public static TheoryData<int> Versions => new(Enumerable.Range(1, 6));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    private async Task<SqliteStore> OpenFixtureAsync(int version)
    {
        File.Copy(Path.Combine(TestPaths.TestData("store"), $"v{version}.db"), _folder.File("aggregator.db"));
        var store = SqliteStore.InDataFolder(_folder.Path);
        await store.MigrateAsync(CancellationToken.None);
        return store;
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task FixtureOfEveryShippedSchema_OpensWithEveryArticleOutletStateAndCluster(int version)
    {
        using var store = await OpenFixtureAsync(version);

        var outlets = (await store.GetOutletsAsync(CancellationToken.None)).ToDictionary(o => o.OutletId);
        Assert.Equal(["kawsachun-news", "popular-resistance"], outlets.Keys.Order(StringComparer.Ordinal));
        var pr = outlets["popular-resistance"];
        Assert.Equal(("\"pr-1\"", "Mon, 02 Dec 2024 10:00:00 GMT", Written, 200, 0), (pr.ETag, pr.LastModified, pr.LastSuccess, pr.LastStatusCode, pr.ConsecutiveFailures));
        Assert.Equal(Written.AddMinutes(30), pr.NextDue);
        // The listing's structure column arrived with schema 4.
        Assert.Equal(version >= 4 ? "detected 2 items via article h2 a" : null, outlets["kawsachun-news"].Structure);

        var stats = await store.GetStatsAsync(CancellationToken.None);
        Assert.Equal((3, 0), (stats.Articles, stats.Tombstones));
        var venezuela = Assert.Single(await store.GetTopicItemsAsync("venezuela", 50, CancellationToken.None));
        Assert.Equal(("popular-resistance", "Venezuela: It Was A US-Led Coup All Along"), (venezuela.Article.OutletId, venezuela.Article.Title));
        Assert.Equal("kawsachun-news", Assert.Single(venezuela.Copies).OutletId);
        var cluster = await store.GetClusterAsync(venezuela.Article.Id, CancellationToken.None);
        Assert.Equal(["popular-resistance", "kawsachun-news"], cluster.Select(m => m.OutletId));
        var bolivia = Assert.Single(await store.GetTopicItemsAsync("bolivia", 50, CancellationToken.None));
        Assert.Equal("Bolivia Votes", bolivia.Article.Title);
        Assert.Equal("fixture-v" + version, await store.GetSettingAsync("topics-hash", CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task FixtureOfEveryShippedSchema_KeepsItsIdentities_AStoredEntryIsNotNewAgain(int version)
    {
        using var store = await OpenFixtureAsync(version);

        var again = await store.SavePollAsync(new PollRecord
        {
            OutletId = "popular-resistance", AttemptedAt = Written.AddHours(1), Succeeded = true, StatusCode = 200,
            Articles =
            [
                new ArticleCandidate
                {
                    OutletId = "popular-resistance", SourceId = "pr-1", CanonicalUrl = "https://popularresistance.org/venezuela-coup/",
                    Link = new Uri("https://popularresistance.org/venezuela-coup/"), Title = "Venezuela: It Was A US-Led Coup All Along",
                },
            ],
        }, CancellationToken.None);

        Assert.Equal(0, again.New);
        Assert.Equal(3, (await store.GetStatsAsync(CancellationToken.None)).Articles);
    }

    [Fact]
    public async Task UpgradedFile_IsSwitchedToIncrementalVacuum()
    {
        using var store = await OpenFixtureAsync(6);

        await using var connection = new SqliteConnection($"Data Source={store.DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA auto_vacuum;";
        // 2 = INCREMENTAL; the fixture was written with SQLite's default, 0 = NONE.
        Assert.Equal(2L, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task SqliteDatabaseFromANewerProgram_IsRefusedInOneLine()
    {
        await using var world = await OutletsWorld.StartAsync();
        Directory.CreateDirectory(world.DataPath);
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(world.DataPath, "aggregator.db")};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE future (x); PRAGMA user_version = 999;";
            await command.ExecuteNonQueryAsync();
        }

        var result = await CliRunner.RunAsync(world.Args("status"));

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("store: database schema version 999 at ", line, StringComparison.Ordinal);
        Assert.Contains(" is newer than this program knows", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostgresDatabaseFromANewerProgram_IsRefusedInOneLine()
    {
        await using var world = await OutletsWorld.StartAsync(postgres: true);
        await using (var store = new Aggregator.Store.Postgres.PostgresStore(world.Store!))
        {
            await store.MigrateAsync(CancellationToken.None);
        }
        await using (var connection = new NpgsqlConnection(world.Store))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("INSERT INTO aggregator_schema (version) VALUES (999);", connection);
            await command.ExecuteNonQueryAsync();
        }

        var result = await CliRunner.RunAsync(world.Args("status"));

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("store: database schema version 999 at ", line, StringComparison.Ordinal);
        Assert.Contains("is newer than this program knows", line, StringComparison.Ordinal);
    }
}
