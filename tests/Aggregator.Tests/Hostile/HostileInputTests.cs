using Aggregator.Tests.Fixtures;
using System.Globalization;
using System.Text;
using System.Xml.Linq;
using Microsoft.Data.Sqlite;

namespace Aggregator.Tests.Hostile;

public sealed class HostileInputTests(ReliabilityReport report) : IClassFixture<ReliabilityReport>
{
    /// <summary>Far above what 19 outlets need, far below what any of the bodies would take unbounded.</summary>
    private const long MemoryBoundMb = 1024;

    [Fact]
    [Trait("Category", "Slow")]
    public async Task EveryHostileOutlet_FailsOrDegradesWithAOneLineReason_HealthyOnesAreIngested_NothingLeaks()
    {
        await using var server = await HostileOutletServer.StartAsync();
        using var folder = new TempFolder();
        var outlets = HostileOutletServer.Cases.Keys
            .Select(name => $$"""{ "id": "{{name.Replace(".xml", "", StringComparison.Ordinal)}}", "url": "{{server.Url("h/" + name)}}" }""")
            .Append($$"""{ "id": "healthy-rss", "url": "{{server.Url("ok/popular-resistance.rss")}}" }""")
            .Append($$"""{ "id": "healthy-atom", "url": "{{server.Url("ok/marxist.atom")}}" }""");
        // Long enough that a loaded machine (the suite runs other collections beside this one on 2 cores) cannot turn
        // the redirect loop's six local hops into a timeout; the slow drip still runs out long before its body ends.
        await File.WriteAllTextAsync(folder.File("feeds.json"),
            $$"""{ "defaults": { "timeout": "8s" }, "outlets": [ {{string.Join(",\n", outlets)}} ] }""");
        string[] common = ["--config", folder.File("feeds.json"), "--data", folder.File("data")];

        using var poll = AggregatorProcess.Start(["poll", .. common]);
        var (exit, output, error) = await poll.WaitAsync(TimeSpan.FromMinutes(2));

        Assert.True(exit == 0, $"poll exited {exit}: {error}");
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToDictionary(l => l.Split("  ")[0]);
        Assert.StartsWith("healthy-rss  ok  new=6 ", lines["healthy-rss"], StringComparison.Ordinal);
        Assert.StartsWith("healthy-atom  ok  new=4 ", lines["healthy-atom"], StringComparison.Ordinal);
        var table = new StringBuilder("| hostile outlet | outcome |\n| --- | --- |\n");
        foreach (var (name, expected) in HostileOutletServer.Cases)
        {
            var id = name.Replace(".xml", "", StringComparison.Ordinal);
            var line = lines[id];
            var parts = line.Split("  ");
            var outcome = parts[1];
            var reason = parts.Length > 4 ? parts[4] : "";
            table.Append(CultureInfo.InvariantCulture, $"| {id} | {outcome}{(reason.Length > 0 ? ": " + reason : "")} |\n");
            if (expected.StartsWith("failed: ", StringComparison.Ordinal))
            {
                Assert.Equal("failed", outcome);
                Assert.StartsWith(expected["failed: ".Length..], reason, StringComparison.Ordinal);
            }
            else if (expected == "ok")
            {
                Assert.Equal("ok", outcome);
            }
            else
            {
                Assert.Contains(outcome, new[] { "ok", "failed" });
                Assert.True(outcome == "ok" || reason.Length > 0, $"{id} failed without a reason");
            }
        }

        // Nothing an entity could fetch was fetched, and nothing of /etc/passwd is anywhere.
        Assert.Equal(0, server.SecretHits);
        var site = folder.File("site");
        using (var publish = AggregatorProcess.Start(["publish", "--out", site, .. common]))
        {
            Assert.Equal(0, (await publish.WaitAsync(TimeSpan.FromMinutes(1))).ExitCode);
        }
        var everything = string.Concat(Directory.GetFiles(site).Select(File.ReadAllText))
            + Encoding.UTF8.GetString(await File.ReadAllBytesAsync(Path.Combine(folder.File("data"), "aggregator.db")));
        Assert.DoesNotContain("root:x:0:0", everything, StringComparison.Ordinal);
        Assert.DoesNotContain(HostileOutletServer.Secret, everything, StringComparison.Ordinal);
        Assert.DoesNotContain("lollollollollol", everything, StringComparison.Ordinal);
        XDocument.Load(Path.Combine(site, "all.atom"));

        await using var db = new SqliteConnection($"Data Source={Path.Combine(folder.File("data"), "aggregator.db")};Mode=ReadOnly;Pooling=False");
        await db.OpenAsync();
        Assert.True(await ScalarAsync<long>(db, "SELECT max(length(title)) FROM articles") <= 500);
        var future = DateTimeOffset.FromUnixTimeMilliseconds(await ScalarAsync<long>(db, "SELECT published FROM articles WHERE link = 'https://dates.example/future'"));
        Assert.True(future <= DateTimeOffset.UtcNow, "a date in the future was not clamped to the fetch time");
        var past = DateTimeOffset.FromUnixTimeMilliseconds(await ScalarAsync<long>(db, "SELECT published FROM articles WHERE link = 'https://dates.example/past'"));
        Assert.Equal(1900, past.Year);

        Assert.True(poll.PeakRssMb < MemoryBoundMb, $"peak memory {poll.PeakRssMb} MB");
        report.Record("1-hostile", $"""
            ## Hostile bodies

            {HostileOutletServer.Cases.Count} hostile outlets polled at once beside 2 healthy ones, in one `poll`
            (total timeout 8 s, body limit 10 MB): every hostile outlet failed or degraded with a one-line
            reason, both healthy outlets were ingested, the process exited 0. No external entity was
            fetched (0 requests to the secret URL) and nothing of /etc/passwd or the secret appears in
            the database or the published feeds.

            Peak memory of the process (VmHWM): **{poll.PeakRssMb} MB** (bound asserted: {MemoryBoundMb} MB).

            {table}
            """);
    }

    private static async Task<T> ScalarAsync<T>(SqliteConnection db, string sql)
    {
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        return (T)Convert.ChangeType((await command.ExecuteScalarAsync())!, typeof(T), CultureInfo.InvariantCulture);
    }
}
