using Aggregator.Store;
using Aggregator.Tests.Cli;
using Aggregator.Tests.Fixtures;
using Npgsql;

namespace Aggregator.Tests.Store;

/// <summary>--store / $AGGREGATOR_STORE: what it accepts, and the one-line refusal of what it does not.</summary>
public sealed class StoreLocationTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sqlite")]
    [InlineData("SQLite")]
    public void Absent_OrSqlite_IsTheDataFolder(string? value) => Assert.False(StoreLocation.Parse(value).IsShared);

    [Fact]
    public void PostgresUri_BecomesNpgsqlSettings()
    {
        var location = StoreLocation.Parse("postgres://agg%40x:p%3Ass@db.internal:6543/news?sslmode=Require&application_name=worker-2");

        var settings = new NpgsqlConnectionStringBuilder(location.PostgresConnectionString);
        Assert.Equal("db.internal", settings.Host);
        Assert.Equal(6543, settings.Port);
        Assert.Equal("news", settings.Database);
        Assert.Equal("agg@x", settings.Username);
        Assert.Equal("p:ss", settings.Password);
        Assert.Equal(SslMode.Require, settings.SslMode);
        Assert.Equal("worker-2", settings.ApplicationName);
    }

    [Fact]
    public void KeywordString_IsTakenAsIs()
    {
        var location = StoreLocation.Parse("Host=127.0.0.1;Port=5432;Database=aggregator;Username=aggregator");
        Assert.Equal("aggregator", new NpgsqlConnectionStringBuilder(location.PostgresConnectionString).Database);
    }

    [Theory]
    [InlineData("Database=aggregator", "store: --store needs Host=")]
    [InlineData("Nonsense=1", "store: --store is neither \"sqlite\" nor a PostgreSQL connection string")]
    [InlineData("postgres://db/x?frobnicate=1", "store: --store URI has an unknown parameter \"frobnicate\"")]
    public void Nonsense_IsOneLineNamingTheOption(string value, string expected)
    {
        var error = Assert.Throws<StoreException>(() => StoreLocation.Parse(value));
        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task Command_WithAStoreItCannotReach_ExitsOneWithOneLine()
    {
        await using var world = await OutletsWorld.StartAsync();
        var port = FreePort.Next();

        var result = await CliRunner.RunAsync(world.Args("status", "--store", $"postgres://aggregator:secret@127.0.0.1:{port}/aggregator?connect_timeout=3"));

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"store: cannot reach PostgreSQL at 127.0.0.1:{port}/aggregator", line, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", line, StringComparison.Ordinal);
    }
}
