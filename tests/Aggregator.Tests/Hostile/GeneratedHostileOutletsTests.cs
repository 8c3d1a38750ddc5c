using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Aggregator.Tests.Fixtures;
using Microsoft.Data.Sqlite;

namespace Aggregator.Tests.Hostile;

/// <summary>
/// The bulkhead, end to end: a seeded mix of outlets that attack every stage (feed bytes, listing pages, full-text
/// article pages, redirects, headers) beside well-behaved ones, polled by the real `run` process. Outside checks use
/// inputs nobody has seen, so the shapes and sizes come from a seed rather than a list; the seed is in every message.
/// </summary>
[Trait("Category", "Slow")]
public sealed class GeneratedHostileOutletsTests(ReliabilityReport report) : IClassFixture<ReliabilityReport>
{
    /// <summary>Far below what any unbounded body would take (an endless one, 100,000 links, a 200,000-deep page).</summary>
    private const long MemoryBoundMb = 1024;

    // Seed 23 once peaked at 1,066 MB (several 6-8 MB hostile bodies parsed at once, a 100,000-link listing alone 522 MB
    // in preview): big pages now queue for the DOM parser one at a time, and a listing is cut at ListingScraper.MaxChars.
    // Two seeds, not three (4099 went, the longest at 94 s of a loaded run): every seed attacks every stage with every
    // kind, so a third seed added only six more drawn outlets and other sizes, at a minute and a half of CI's run.
    [Theory]
    [InlineData(23)]
    [InlineData(2041)]
    public async Task HostileOutletsAtEveryStage_LeaveTheWorkerUp_GoodOutletsStored_NothingLost_DropsCounted(int seed)
    {
        await using var mix = await HostileMix.StartAsync(seed, extra: 6, good: 6);
        using var folder = new TempFolder();
        await File.WriteAllTextAsync(folder.File("feeds.json"), $$"""
            { "defaults": { "timeout": "8s", "interval": "15s" },
              "outlets": [ {{mix.OutletsJson()}} ] }
            """);
        var db = Path.Combine(folder.File("data"), "aggregator.db");

        // Before the attack every outlet is well-behaved: what this poll stores must outlive it.
        using (var poll = AggregatorProcess.Start("poll", "--config", folder.File("feeds.json"), "--data", folder.File("data")))
        {
            var (exit, output, error) = await poll.WaitAsync(WaitFor.Hang);
            Assert.True(exit == 0, $"seed {seed}: the first poll exited {exit}: {error}\n{output}");
        }
        var before = await ArticlesAsync(db);
        Assert.Equal(mix.Outlets.Count * HostileMix.GoodItemsBefore, before.Count);

        mix.TurnHostile();
        using var worker = await HostWorker.StartAsync(folder.File("feeds.json"), folder.File("data"));
        // Once each is enough: a failing outlet backs off, so its second poll may be many minutes away.
        var unpolled = "";
        var metrics = await WaitFor.StateAsync($"seed {seed}: every outlet polled by run", async () =>
        {
            var text = await worker.GetAsync("/metrics");
            unpolled = text is null ? "no /metrics" : string.Join(", ", mix.Outlets.Where(o => Polls(text, o.Id) < 1).Select(o => o.Id));
            return text is not null && unpolled.Length == 0 ? text : null;
        }, WaitFor.Exited(worker.Process), () => "not yet polled: " + unpolled);

        var healthText = await worker.GetAsync("/healthz");
        Assert.False(worker.Process.HasExited, $"seed {seed}: the worker exited");
        Assert.NotNull(healthText);
        using var health = JsonDocument.Parse(healthText);
        var failing = health.RootElement.GetProperty("failing").EnumerateArray()
            .ToDictionary(f => f.GetProperty("id").GetString()!, f => f.GetProperty("lastError").GetString() ?? "");
        var after = await ArticlesAsync(db);

        // Every good outlet's articles, and every fullText outlet's feed articles whatever its pages did.
        foreach (var outlet in mix.Outlets.Where(o => !o.Hostile || o.Kind == HostileKind.ArticlesHostile))
        {
            var missing = mix.Links(outlet, HostileMix.GoodItemsAfter).Except(after.Values.Where(a => a.Outlet == outlet.Id).Select(a => a.Link)).ToList();
            Assert.True(missing.Count == 0, $"seed {seed}: {outlet.Id} is missing {string.Join(", ", missing)}");
            Assert.False(failing.ContainsKey(outlet.Id), $"seed {seed}: {outlet.Id} failing: {(failing.TryGetValue(outlet.Id, out var e) ? e : "")}");
        }
        // Nothing stored before the attack is lost. An entry may still be edited by what the outlet sends later (a link
        // with bytes that are not UTF-8 is the publisher's edit, however broken): those are listed in the report.
        var lost = before.Keys.Where(id => !after.ContainsKey(id)).Select(id => before[id].Link).ToList();
        Assert.True(lost.Count == 0, $"seed {seed}: lost {string.Join(", ", lost)}");
        var edited = before.Where(b => after[b.Key].Link != b.Value.Link)
            .Select(b => $"{b.Value.Outlet}: {b.Value.Link} → {after[b.Key].Link}").ToList();
        // A hostile outlet either still reads as ok, or says why not, in one line (the store's state is what `status`
        // prints; /healthz lists only the worst offenders, fewer than the mix has).
        var states = await OutletStatesAsync(db);
        var outcomes = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var outlet in mix.Outlets.Where(o => o.Hostile))
        {
            var (failures, error) = states[outlet.Id];
            if (failures > 0)
            {
                Assert.False(string.IsNullOrWhiteSpace(error), $"seed {seed}: {outlet.Id} failing without a reason");
                Assert.DoesNotContain('\n', error);
                outcomes[outlet.Id] = "failed: " + error;
            }
            else
            {
                Assert.True(Polls(metrics, outlet.Id, "ok") + Polls(metrics, outlet.Id, "not-modified") > 0, $"seed {seed}: {outlet.Id} neither ok nor failing");
                outcomes[outlet.Id] = "ok";
            }
        }
        Assert.All(failing, f => Assert.False(string.IsNullOrWhiteSpace(f.Value), $"seed {seed}: /healthz lists {f.Key} without a reason"));
        // Entries read but left out are counted with their reason: 100,000 tiny items, or a listing of 100,000 links,
        // are far past the entry limit.
        if (mix.Outlets.Any(o => o.Kind is HostileKind.TinyItems or HostileKind.ListingManyLinks))
        {
            Assert.True(Sample(metrics, "aggregator_entries_dropped_total{reason=\"over-limit\"}") > 0,
                $"seed {seed}: 100,000 items and no entry counted as over the limit");
        }
        Assert.True(worker.Process.PeakRssMb < MemoryBoundMb, $"seed {seed}: peak memory {worker.Process.PeakRssMb} MB");

        var table = new StringBuilder("| outlet | outcome |\n| --- | --- |\n");
        foreach (var (id, outcome) in outcomes)
        {
            table.Append(CultureInfo.InvariantCulture, $"| {id} | {outcome.Replace("|", "\\|", StringComparison.Ordinal)} |\n");
        }
        report.Record($"1-generated-{seed}", $"""
            ## Generated hostile outlets (seed {seed})

            {mix.Outlets.Count(o => o.Hostile)} outlets drawn from the seed, each attacking one stage (feed bytes, listings,
            full-text pages, redirects, headers), beside {mix.Outlets.Count(o => !o.Hostile)} well-behaved ones, all first
            polled while well-behaved ({before.Count} articles stored), then polled by `run` while hostile:
            the worker stayed up, every good outlet's articles are stored, none of the {before.Count} was lost,
            {Sample(metrics, "aggregator_entries_dropped_total{reason=\"over-limit\"}"):N0} entries counted as over the limit and
            {Sample(metrics, "aggregator_entries_dropped_total{reason=\"unreadable\"}"):N0} as unreadable.
            Peak memory of `run` (VmHWM): **{worker.Process.PeakRssMb} MB** (bound asserted: {MemoryBoundMb} MB).

            {table}
            Stored links an attack rewrote (the article kept its id): {(edited.Count == 0 ? "none" : string.Join("; ", edited))}.
            """);
    }

    private static double Sample(string metrics, string series) =>
        metrics.Split('\n').Where(l => l.StartsWith(series + " ", StringComparison.Ordinal))
            .Select(l => double.Parse(l[(series.Length + 1)..].Split(' ')[0], CultureInfo.InvariantCulture)).Sum();

    private static double Polls(string metrics, string outlet, string? outcome = null) =>
        (outcome is null ? new[] { "ok", "not-modified", "failed" } : [outcome])
            .Sum(o => Sample(metrics, $"aggregator_polls_total{{outcome=\"{o}\",outlet=\"{outlet}\"}}"));

    private static async Task<Dictionary<string, (long Failures, string? Error)>> OutletStatesAsync(string path)
    {
        await using var db = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        await db.OpenAsync();
        await using var command = db.CreateCommand();
        command.CommandText = "SELECT id, consecutive_failures, last_error FROM outlets";
        await using var reader = await command.ExecuteReaderAsync();
        var states = new Dictionary<string, (long, string?)>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            states[reader.GetString(0)] = (reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetString(2));
        }
        return states;
    }

    private static async Task<Dictionary<string, (string Outlet, string Link)>> ArticlesAsync(string path)
    {
        await using var db = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        await db.OpenAsync();
        await using var command = db.CreateCommand();
        command.CommandText = "SELECT id, outlet_id, link FROM articles";
        await using var reader = await command.ExecuteReaderAsync();
        var articles = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            articles[reader.GetString(0)] = (reader.GetString(1), reader.GetString(2));
        }
        return articles;
    }
}
