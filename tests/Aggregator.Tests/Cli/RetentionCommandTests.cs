using System.Globalization;
using System.Text.RegularExpressions;
using Aggregator.Tests.Hostile;
using Microsoft.Data.Sqlite;

namespace Aggregator.Tests.Cli;

/// <summary>Retention, backups and their commands on the real command line and a running worker.</summary>
public sealed partial class RetentionCommandTests
{
    /// <summary>The fixture outlets' items date from 2019 to 2024: with a day's retention, all but each outlet's newest go.</summary>
    private static async Task KeepADayAsync(OutletsWorld world)
    {
        var config = await File.ReadAllTextAsync(world.ConfigPath);
        await File.WriteAllTextAsync(world.ConfigPath, config.Replace(
            "\"defaults\": { \"interval\": \"30m\", \"maxItemsPerFeed\": 50 }",
            "\"defaults\": { \"interval\": \"30m\", \"maxItemsPerFeed\": 50, \"retention\": \"1d\", \"keepPerOutlet\": 1 }",
            StringComparison.Ordinal));
    }

    private static async Task<(long Articles, long Tombstones)> StoreLineAsync(params string[] args)
    {
        var status = await CliRunner.RunAsync(args);
        Assert.Equal(0, status.ExitCode);
        // Standard output is the outlets' table; the store's line goes to standard error.
        var match = StoreLine().Match(status.Error);
        Assert.True(match.Success, status.Output + status.Error);
        return (long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), long.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Prune_PrintsWhatItRemoved_AndPrunedItemsStillListedAreNotStoredAgain()
    {
        await using var world = await OutletsWorld.StartAsync();
        await KeepADayAsync(world);
        Assert.Equal(0, (await CliRunner.RunAsync(world.Args("poll"))).ExitCode);
        var (stored, _) = await StoreLineAsync(world.Args("status"));

        var prune = await CliRunner.RunAsync(world.Args("prune"));
        await CliRunner.RunAsync(world.Args("poll"));
        var (kept, tombstones) = await StoreLineAsync(world.Args("status"));

        Assert.Equal(0, prune.ExitCode);
        var line = Assert.Single(prune.Lines);
        var match = PruneLine().Match(line);
        Assert.True(match.Success, line);
        var pruned = long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(pruned > 0, line);
        Assert.Equal("0", match.Groups[2].Value);
        // The second poll saw every pruned item still listed, and stored none of them again.
        Assert.Equal(stored - pruned, kept);
        Assert.Equal(pruned, tombstones);
    }

    [Fact]
    public async Task Run_AppliesRetentionOnSchedule_AndBackupWhileItRuns_IsAConsistentCopyStatusReads()
    {
        await using var world = await OutletsWorld.StartAsync();
        await KeepADayAsync(world);
        Assert.Equal(0, (await CliRunner.RunAsync(world.Args("poll"))).ExitCode);
        var (stored, _) = await StoreLineAsync(world.Args("status"));
        using var copyFolder = new TempFolder();
        var copy = copyFolder.File("aggregator.db");

        (long Articles, long Tombstones) live;
        CliResult backup;
        using (var worker = await HostWorker.StartAsync(world.ConfigPath, world.DataPath))
        {
            // The retention job's first run comes a few seconds after start; it is done when two readings agree.
            var previous = (Articles: -1L, Tombstones: -1L);
            await worker.UntilAsync("the retention job's prune settled (two equal status readings)", async () =>
            {
                var now = await StoreLineAsync(world.Args("status"));
                var settled = now.Tombstones > 0 && now == previous;
                previous = now;
                await Task.Delay(500);
                return settled;
            });
            live = previous;
            backup = await CliRunner.RunAsync(world.Args("backup", "--out", copy));
            // /metrics samples the store in the background: a later scrape shows what the prune left.
            await worker.UntilAsync("/metrics showing the tombstones the prune left", async () =>
                TombstoneGauge().Match(await worker.GetAsync("/metrics") ?? "") is { Success: true } gauge
                && gauge.Groups[1].Value == live.Tombstones.ToString(CultureInfo.InvariantCulture));
            Assert.False(worker.Process.HasExited);
            await worker.TerminateAsync();
        }

        Assert.True(live.Articles < stored, $"{live.Articles} of {stored} articles left");
        Assert.Equal(stored - live.Articles, live.Tombstones);
        Assert.Equal(0, backup.ExitCode);
        Assert.StartsWith($"backup: wrote {copy} (", backup.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(copy + "-wal"));
        await using (var connection = new SqliteConnection($"Data Source={copy};Mode=ReadOnly;Pooling=False"))
        {
            await connection.OpenAsync();
            await using var check = connection.CreateCommand();
            check.CommandText = "PRAGMA integrity_check;";
            Assert.Equal("ok", await check.ExecuteScalarAsync());
        }
        Assert.Equal(live, await StoreLineAsync("status", "--config", world.ConfigPath, "--data", copyFolder.Path));
    }

    [Fact]
    public async Task Backup_OfAPostgresStore_PointsToPgDumpInOneLine()
    {
        await using var world = await OutletsWorld.StartAsync(postgres: true);

        var result = await CliRunner.RunAsync(world.Args("backup", "--out", Path.Combine(world.Folder, "copy.db")));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("pg_dump", Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_RetentionThatIsNotADuration_IsNamedWithItsLine()
    {
        using var folder = new TempFolder();
        var path = folder.File("feeds.json");
        await File.WriteAllTextAsync(path, """
            {
              "defaults": { "retention": "half a year", "keepPerOutlet": -1 },
              "outlets": [ { "id": "pr", "url": "https://popularresistance.org/feed/", "retention": "30m" } ]
            }
            """);

        var result = await CliRunner.RunAsync("validate", "--config", path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(result.Lines, l => l.Contains(":2:", StringComparison.Ordinal) && l.Contains("defaults.retention: 'half a year' is not a duration", StringComparison.Ordinal));
        Assert.Contains(result.Lines, l => l.Contains(":2:", StringComparison.Ordinal) && l.Contains("defaults.keepPerOutlet", StringComparison.Ordinal));
        Assert.Contains(result.Lines, l => l.Contains(":3:", StringComparison.Ordinal) && l.Contains("outlets[0].retention: '30m' is too short", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"(?m)^STORE\s+articles=(\d+) tombstones=(\d+) oldest=\S+ size=\d+$")]
    private static partial Regex StoreLine();

    [GeneratedRegex(@"(?m)^aggregator_store_tombstones(?:\{[^}]*\})? (\d+)")]
    private static partial Regex TombstoneGauge();

    [GeneratedRegex(@"^pruned=(\d+) tombstones=(\d+) freed=(\d+)$")]
    private static partial Regex PruneLine();
}
