using System.Globalization;
using System.Text;
using Aggregator.Tests.Fixtures;
using Microsoft.Data.Sqlite;

namespace Aggregator.Tests.Hostile;

/// <summary>
/// SIGTERM in the middle of a first round: polls parsing, polls queued for a group commit, full-text pages in flight.
/// A stop is expected, so it must read as one (no `fail` or `crit` line, nothing past the shutdown timeout), and whatever was committed before it stays.
/// </summary>
[Trait("Category", "Slow")]
public sealed class StopMidRoundTests(ReliabilityReport report) : IClassFixture<ReliabilityReport>
{
    private const int Outlets = 120;
    private const int Items = 30;
    private const int Stops = 8;

    private static string Feed(int outlet)
    {
        var text = new StringBuilder($"<rss version=\"2.0\"><channel><title>Outlet {outlet}</title><link>https://outlet{outlet}.example/</link>");
        for (var i = 0; i < Items; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"""
                <item><title>Outlet {outlet} story {i}</title><link>https://outlet{outlet}.example/{i}</link>
                <guid isPermaLink="false">o{outlet}-{i}</guid>
                <description>&lt;p&gt;{string.Concat(Enumerable.Repeat($"Story {i} of outlet {outlet} about the strike at the port; ", 10))}&lt;/p&gt;</description></item>
                """);
        }
        return text.Append("</channel></rss>").ToString();
    }

    [Fact]
    public async Task Sigterm_MidRound_LogsNoFailOrCrit_AndKeepsEveryCommittedPollWhole()
    {
        await using var server = await OutletServer.StartAsync(TestPaths.TestData("outlets"));
        for (var o = 0; o < Outlets; o++)
        {
            server.Set($"stop/{o}.rss", Feed(o), "application/rss+xml");
        }
        var lines = new List<string>();
        var stoppedWith = new List<long>();
        for (var stop = 0; stop < Stops; stop++)
        {
            using var folder = new TempFolder();
            await File.WriteAllTextAsync(folder.File("feeds.json"), "{ \"defaults\": { \"interval\": \"1h\" }, \"outlets\": [ "
                + string.Join(", ", Enumerable.Range(0, Outlets).Select(o => $$"""{ "id": "outlet-{{o}}", "url": "{{server.Url($"stop/{o}.rss")}}" }"""))
                + " ] }");
            var database = Path.Combine(folder.File("data"), "aggregator.db");
            long before = 0;
            string output;
            int exit;
            using (var worker = await HostWorker.StartAsync(folder.File("feeds.json"), folder.File("data")))
            {
                // Stopped at a different depth of the round each time: after the first commit, then later.
                var threshold = 1 + stop * Outlets * Items / (2 * Stops);
                await worker.UntilAsync($"{threshold} articles committed", async () =>
                    (before = await CountAsync(database, "SELECT count(*) FROM articles")) >= threshold);
                (_, exit, output) = await worker.TerminateAsync();
            }
            stoppedWith.Add(before);
            Assert.Equal(0, exit);
            lines.AddRange(output.Split('\n').Select(l => $"stop {stop}: {l}").Where(l => l.Contains(" fail: ", StringComparison.Ordinal) || l.Contains(" crit: ", StringComparison.Ordinal)
                || l.Contains(Aggregator.Hosting.ShutdownWatch.OverranText, StringComparison.Ordinal)));
            var after = await CountAsync(database, "SELECT count(*) FROM articles");
            Assert.True(after >= before, $"stop {stop}: {before} articles seen before SIGTERM, {after} after");
            // A poll is one transaction: an outlet has all its stories or none.
            Assert.Equal(0L, await CountAsync(database, $"SELECT count(*) FROM (SELECT outlet_id FROM articles GROUP BY outlet_id HAVING count(*) <> {Items})"));
        }
        Assert.True(lines.Count == 0, string.Join('\n', lines));
        report.Record("attacks-host 6 stop", $"| SIGTERM mid-round, {Stops} times ({Outlets} outlets of {Items} stories; stopped with {string.Join(", ", stoppedWith)} stored) | exit 0 each time, no `fail` or `crit` line, every outlet's poll whole or absent |");
    }

    private static async Task<long> CountAsync(string database, string sql)
    {
        if (!File.Exists(database))
        {
            return 0;
        }
        await using var db = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        await db.OpenAsync();
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        try
        {
            return (long)(await command.ExecuteScalarAsync())!;
        }
        catch (SqliteException)
        {
            // The schema is not there yet.
            return 0;
        }
    }
}
