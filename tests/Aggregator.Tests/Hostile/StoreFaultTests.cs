using System.Globalization;
using Aggregator.Tests.Cli;
using Aggregator.Tests.Fixtures;
using Microsoft.Data.Sqlite;

namespace Aggregator.Tests.Hostile;

/// <summary>
/// The database full, locked by another process, or on a read-only file system: a poll fails with a
/// clear reason, commits nothing partial, and the next poll after the fault clears succeeds by itself.
/// </summary>
[Trait("Category", "Slow")]
public sealed class StoreFaultTests(ReliabilityReport report) : IClassFixture<ReliabilityReport>
{
    private static async Task<(int Exit, string[] Lines)> PollAsync(string[] common)
    {
        using var poll = AggregatorProcess.Start(["poll", .. common]);
        var (exit, output, error) = await poll.WaitAsync(TimeSpan.FromMinutes(2));
        Assert.True(exit == 0, $"poll exited {exit}: {error}");
        return (exit, output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    private static async Task<long> CountAsync(string database, string sql = "SELECT count(*) FROM articles;")
    {
        await using var db = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        await db.OpenAsync();
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Made-up words from a seeded generator: the store packs a long text (issue 23), so a body that repeats one sentence
    /// would shrink to almost nothing and never fill the database.
    /// </summary>
    private static string Words(int seed, int count)
    {
        var random = new Random(seed);
        return string.Join(' ', Enumerable.Range(0, count).Select(_ =>
            new string(Enumerable.Range(0, random.Next(3, 10)).Select(_ => (char)('a' + random.Next(26))).ToArray())));
    }

    [Fact]
    public async Task DatabaseFull_PollFailsWholeAndRecoversWhenThereIsRoom()
    {
        await using var server = await OutletServer.StartAsync(TestPaths.TestData("outlets"));
        using var folder = new TempFolder();
        const int outlets = 6, items = 40;
        for (var o = 0; o < outlets; o++)
        {
            server.Set($"full/{o}.rss", "<rss version=\"2.0\"><channel><title>Outlet</title>" + string.Concat(Enumerable.Range(0, items).Select(i =>
                $"<item><title>Outlet {o} item {i}</title><link>https://o{o}.example/{i}</link><description>{Words(o * items + i, 200)}</description></item>"))
                + "</channel></rss>");
        }
        var outletsJson = string.Join(", ", Enumerable.Range(0, outlets).Select(o => $$"""{ "id": "outlet-{{o}}", "url": "{{server.Url($"full/{o}.rss")}}" }"""));
        // Room for the schema and a few outlets' articles, not for all of them.
        await File.WriteAllTextAsync(folder.File("feeds.json"), $$"""{ "defaults": { "maxDatabaseSize": "512KB" }, "outlets": [ {{outletsJson}} ] }""");
        string[] common = ["--config", folder.File("feeds.json"), "--data", folder.File("data")];
        var database = Path.Combine(folder.File("data"), "aggregator.db");

        var (_, full) = await PollAsync(common);

        var refused = full.Where(l => l.Contains("store: database is full", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(refused);
        // Nothing partial: each outlet has all its articles or none.
        for (var o = 0; o < outlets; o++)
        {
            Assert.Contains(await CountAsync(database, $"SELECT count(*) FROM articles WHERE outlet_id = 'outlet-{o}';"), new long[] { 0, items });
        }
        foreach (var line in refused)
        {
            Assert.Equal(0, await CountAsync(database, $"SELECT count(*) FROM articles WHERE outlet_id = '{line.Split("  ")[0]}';"));
        }
        Assert.Equal("ok", await ScalarTextAsync(database, "PRAGMA integrity_check;"));

        await File.WriteAllTextAsync(folder.File("feeds.json"), $$"""{ "outlets": [ {{outletsJson}} ] }""");
        var (_, recovered) = await PollAsync(common);

        Assert.DoesNotContain(recovered, l => l.Contains("store:", StringComparison.Ordinal));
        Assert.Equal(outlets * items, await CountAsync(database));
        report.Record("3-store-full", $"""
            ## Store faults

            - **Database full** (`defaults.maxDatabaseSize: 512KB`, {outlets} outlets of {items} articles): {refused.Count} of {outlets} outlets'
              polls were refused with `{refused[0].Split("  ")[^1].Replace(folder.Path, "…", StringComparison.Ordinal)}`, each with nothing of it stored and
              every other outlet stored whole; with the cap lifted the next poll stored all {outlets * items}.
            """);
    }

    [Fact]
    public async Task DatabaseLockedByAnotherProcessForSeconds_PollWaitsItOutAndLosesNothing()
    {
        await using var world = await OutletsWorld.StartAsync();
        await PollAsync(world.Args("poll", "--outlet", "marxist-com")[1..]);
        var database = Path.Combine(world.DataPath, "aggregator.db");

        await using (var locker = new SqliteConnection($"Data Source={database};Pooling=False"))
        {
            await locker.OpenAsync();
            await using (var begin = locker.CreateCommand())
            {
                begin.CommandText = "BEGIN EXCLUSIVE;";
                await begin.ExecuteNonQueryAsync();
            }
            using var poll = AggregatorProcess.Start(["poll", .. world.Args()]);
            await Task.Delay(3000);
            Assert.False(poll.HasExited, "the poll did not wait for the lock");
            await using (var commit = locker.CreateCommand())
            {
                commit.CommandText = "COMMIT;";
                await commit.ExecuteNonQueryAsync();
            }
            var (exit, output, _) = await poll.WaitAsync(TimeSpan.FromMinutes(2));
            Assert.Equal(0, exit);
            Assert.DoesNotContain("store:", output, StringComparison.Ordinal);
        }

        Assert.Equal(17, await CountAsync(database));
        report.Record("4-store-locked", """
            - **Locked by another process** (an exclusive transaction held for 3 s): the poll waited for the
              lock (busy timeout 30 s) instead of failing, then stored everything; a lock held past the
              busy timeout fails the poll with `store: database is locked by another process …`.
            """);
    }

    [Fact]
    public async Task ReadOnlyFileSystem_PollFailsWithAReasonAndRecoversWhenWritable()
    {
        await using var world = await OutletsWorld.StartAsync();
        using var mount = TmpfsMount.Create(world.DataPath);
        await PollAsync(world.Args("poll", "--outlet", "marxist-com")[1..]);
        var database = Path.Combine(world.DataPath, "aggregator.db");

        mount.Remount(readOnly: true);
        using (var refused = AggregatorProcess.Start(["poll", .. world.Args()]))
        {
            var (exit, _, error) = await refused.WaitAsync(TimeSpan.FromMinutes(1));
            mount.Remount(readOnly: false);
            // SQLite cannot even open a WAL database on a read-only file system: the whole run stops
            // with the store's reason, and nothing is touched.
            Assert.Equal(1, exit);
            Assert.StartsWith("store: ", error.Trim(), StringComparison.Ordinal);
            Assert.DoesNotContain('\n', error.Trim());
            report.Record("5-store-readonly", $"""
                - **Read-only file system** (the data folder's tmpfs remounted read-only): `poll` stopped at once with
                  `{error.Trim().Replace(world.Folder, "…", StringComparison.Ordinal)}` and exit code 1; the 4 articles stored before stayed; remounted writable,
                  the next poll stored all 17.
                """);
        }
        Assert.Equal(4, await CountAsync(database));

        var (_, recovered) = await PollAsync(world.Args());
        Assert.DoesNotContain(recovered, l => l.Contains("store:", StringComparison.Ordinal));
        Assert.Equal(17, await CountAsync(database));
    }

    private static async Task<string> ScalarTextAsync(string database, string sql)
    {
        await using var db = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        await db.OpenAsync();
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
