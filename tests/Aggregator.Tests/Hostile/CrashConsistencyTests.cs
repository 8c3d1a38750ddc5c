using System.Globalization;
using System.Text;
using Aggregator.Tests.Fixtures;
using Microsoft.Data.Sqlite;

namespace Aggregator.Tests.Hostile;

/// <summary>SIGKILL at random moments during ingestion, twenty times: nothing lost, nothing twice, no id changed.</summary>
[Trait("Category", "Slow")]
public sealed class CrashConsistencyTests(ReliabilityReport report) : IClassFixture<ReliabilityReport>
{
    private const int Outlets = 30;
    private const int Cycles = 20;

    /// <summary>Each outlet's feed, grown between cycles so every poll has new articles to write.</summary>
    private static string Feed(int outlet, int items)
    {
        var text = new StringBuilder($"<rss version=\"2.0\"><channel><title>Outlet {outlet}</title><link>https://outlet{outlet}.example/</link>");
        for (var i = items - 1; i >= 0; i--)
        {
            text.Append(CultureInfo.InvariantCulture, $"""
                <item><title>Outlet {outlet} report {i} on the coup in Bolivia</title>
                <link>https://outlet{outlet}.example/{i}</link><guid isPermaLink="false">o{outlet}-{i}</guid>
                <pubDate>{new DateTimeOffset(2024, 6, 1, 0, 0, 0, TimeSpan.Zero).AddHours(i).ToString("R", CultureInfo.InvariantCulture)}</pubDate>
                <description>&lt;p&gt;Report {i} from outlet {outlet}: {string.Concat(Enumerable.Repeat($"troops surrounded the palace in La Paz, item {i} of outlet {outlet}; ", 12))}&lt;/p&gt;</description></item>
                """);
        }
        return text.Append("</channel></rss>").ToString();
    }

    [Fact]
    public async Task KilledMidIngestionTwentyTimes_StoreStaysIntactAndCompleteWithStableIds()
    {
        await using var server = await OutletServer.StartAsync(TestPaths.TestData("outlets"));
        using var folder = new TempFolder();
        var items = new int[Outlets];
        for (var o = 0; o < Outlets; o++)
        {
            items[o] = 40;
            server.Set($"crash/{o}.rss", Feed(o, items[o]));
        }
        await File.WriteAllTextAsync(folder.File("feeds.json"), "{ \"outlets\": [ "
            + string.Join(", ", Enumerable.Range(0, Outlets).Select(o => $$"""{ "id": "outlet-{{o}}", "url": "{{server.Url($"crash/{o}.rss")}}" }"""))
            + " ] }");
        string[] common = ["--config", folder.File("feeds.json"), "--data", folder.File("data")];
        var database = Path.Combine(folder.File("data"), "aggregator.db");
        var random = new Random(20261123);
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        var killedMidRun = 0;

        for (var cycle = 0; cycle < Cycles; cycle++)
        {
            using (var poll = AggregatorProcess.Start(["poll", .. common]))
            {
                await Task.Delay(random.Next(100, 1000));
                killedMidRun += poll.HasExited ? 0 : 1;
                await poll.KillAsync();
            }
            await CheckIdsAsync(database, ids);
            // Every outlet publishes more before the next attempt, so each poll has articles to write when it is killed.
            foreach (var o in Enumerable.Range(0, Outlets))
            {
                items[o] += 3;
                server.Set($"crash/{o}.rss", Feed(o, items[o]));
            }
        }

        using (var final = AggregatorProcess.Start(["poll", .. common]))
        {
            Assert.Equal(0, (await final.WaitAsync(TimeSpan.FromMinutes(2))).ExitCode);
        }

        await using var db = Open(database);
        Assert.Equal("ok", await ScalarAsync<string>(db, "PRAGMA integrity_check;"));
        Assert.Equal(0L, await ScalarAsync<long>(db, "SELECT count(*) FROM (SELECT 1 FROM articles GROUP BY outlet_id, source_id HAVING count(*) > 1);"));
        Assert.Equal((long)items.Sum(), await ScalarAsync<long>(db, "SELECT count(*) FROM articles;"));
        var missing = 0;
        for (var o = 0; o < Outlets; o++)
        {
            missing += (int)(items[o] - await ScalarAsync<long>(db, $"SELECT count(*) FROM articles WHERE outlet_id = 'outlet-{o}';"));
        }
        Assert.Equal(0, missing);
        await CheckIdsAsync(database, ids);
        Assert.True(killedMidRun >= Cycles / 4, $"only {killedMidRun} of {Cycles} kills landed while the poll was running");

        report.Record("2-crash", $"""
            ## Crash consistency

            {Cycles} cycles of `poll` over {Outlets} outlets killed with SIGKILL at a random moment
            (100–1000 ms in; {killedMidRun} kills landed mid-run), every outlet publishing three more
            articles between cycles, then one poll to completion: `PRAGMA integrity_check` is `ok`,
            no article is stored twice, all {items.Sum()} articles the outlets served are present, and
            none of the {ids.Count} ids seen after any kill ever changed.
            """);
    }

    /// <summary>Every article seen so far keeps the id it had.</summary>
    private static async Task CheckIdsAsync(string database, Dictionary<string, string> ids)
    {
        if (!File.Exists(database))
        {
            return;
        }
        await using var db = Open(database);
        // Killed before its first migration finished: the schema is not there yet, which is fine.
        if (await ScalarAsync<long>(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'articles';") == 0)
        {
            return;
        }
        await using var command = db.CreateCommand();
        command.CommandText = "SELECT outlet_id || '/' || source_id, id FROM articles;";
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var key = reader.GetString(0);
            var id = reader.GetString(1);
            if (ids.TryGetValue(key, out var before))
            {
                Assert.Equal(before, id);
            }
            else
            {
                ids[key] = id;
            }
        }
    }

    private static SqliteConnection Open(string database)
    {
        var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        return connection;
    }

    private static async Task<T> ScalarAsync<T>(SqliteConnection db, string sql)
    {
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        return (T)Convert.ChangeType((await command.ExecuteScalarAsync())!, typeof(T), CultureInfo.InvariantCulture);
    }
}
