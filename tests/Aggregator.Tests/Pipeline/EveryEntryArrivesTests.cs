using System.Text.Json;
using Aggregator.Tests.Cli;
using Aggregator.Tests.Fixtures;

namespace Aggregator.Tests.Pipeline;

/// <summary>
/// Through real polls into a real SQLite store and the real HTTP endpoints: entries without link or id are
/// stored once and served, and a poll that loses entries says so in status, /healthz, /metrics and the log.
/// </summary>
public sealed class EveryEntryArrivesTests
{
    // RSS 2.0 asks only for a title or a description: none of these has a link or a guid.
    private const string BareFeed = """
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="0.92"><channel><title>Bare</title><link>https://bare.example/news/</link><description>d</description>
        <item><title>Venezuela first note</title><description>The first note about Venezuela.</description></item>
        <item><description>A Venezuela note with a description only.</description></item>
        <item><title>Venezuela podcast</title><enclosure url="https://bare.example/ep1.mp3" length="1" type="audio/mpeg"/></item>
        </channel></rss>
        """;

    private static string Config(OutletsWorld world, string id, string path) => $$"""
        {
          "defaults": { "interval": "30m" },
          "outlets": [ { "id": "{{id}}", "name": "{{id}}", "url": "{{world.Server.Url(path)}}" } ],
          "topics": [ { "id": "venezuela", "title": "Venezuela", "include": ["venezuela"] } ],
        }
        """;

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Poll_EntriesWithoutLinkOrId_AreStoredOnceAcrossPollsAndServedInEveryFormat()
    {
        await using var world = await OutletsWorld.StartAsync();
        world.Server.Set("bare.rss", BareFeed);
        await File.WriteAllTextAsync(world.ConfigPath, Config(world, "bare", "bare.rss"));

        var first = await CliRunner.RunAsync(world.Args("poll"));
        // The same entries again, spaced differently: normalized anew (not skipped as seen), and still the same articles.
        world.Server.Set("bare.rss", BareFeed.Replace("The first note", "The  first   note", StringComparison.Ordinal));
        var second = await CliRunner.RunAsync(world.Args("poll"));

        Assert.Matches(@"^bare  ok  new=3 updated=0 ", Assert.Single(first.Lines));
        Assert.Matches(@"^bare  ok  new=0 updated=\d ", Assert.Single(second.Lines));
        await using var worker = await RunningWorker.StartAsync(world);
        var atom = await worker.Http.GetStringAsync(new Uri("/feeds/venezuela.atom", UriKind.Relative));
        var rss = await worker.Http.GetStringAsync(new Uri("/feeds/venezuela.rss", UriKind.Relative));
        using var json = JsonDocument.Parse(await worker.Http.GetStringAsync(new Uri("/feeds/venezuela.json", UriKind.Relative)));
        var items = json.RootElement.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(3, items.Count);
        Assert.All(items, i => Assert.Equal("https://bare.example/news/", i.GetProperty("url").GetString()));
        Assert.Equal(3, items.Select(i => i.GetProperty("id").GetString()).Distinct().Count());
        foreach (var title in new[] { "Venezuela first note", "Venezuela podcast" })
        {
            Assert.Contains(title, atom, StringComparison.Ordinal);
            Assert.Contains(title, rss, StringComparison.Ordinal);
        }
        Assert.Equal(3, System.Xml.Linq.XDocument.Parse(atom).Descendants(System.Xml.Linq.XName.Get("entry", "http://www.w3.org/2005/Atom")).Count());
        Assert.Equal(3, System.Xml.Linq.XDocument.Parse(rss).Descendants("item").Count());
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Poll_BodyThatLosesEntries_SaysSoInStatusHealthzMetricsAndLog()
    {
        await using var world = await OutletsWorld.StartAsync();
        // Two feeds glued into one body, a publishing mistake: the second one's entries are past the document's end.
        var one = """<rss version="2.0"><channel><title>Glued</title><link>https://glued.example/</link><item><title>A</title><link>https://glued.example/a</link></item><item><title>B</title><link>https://glued.example/b</link></item></channel></rss>""";
        world.Server.Set("glued.rss", one + "\n" + one.Replace("/a<", "/c<", StringComparison.Ordinal).Replace("/b<", "/d<", StringComparison.Ordinal));
        await File.WriteAllTextAsync(world.ConfigPath, Config(world, "glued", "glued.rss"));

        // A worker of its own process, so its log can be read.
        var url = new Uri($"http://127.0.0.1:{FreePort.Next()}/");
        using var worker = AggregatorProcess.Start(world.Args("run", "--urls", url.AbsoluteUri.TrimEnd('/')));
        using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(10) };
        var health = await WaitFor.BodyAsync(http, "/healthz", body => body.Contains("parse: 2 of ~4 entries read", StringComparison.Ordinal), WaitFor.Exited(worker));
        var metrics = await WaitFor.BodyAsync(http, "/metrics", body => body.Contains("aggregator_entries_dropped_total", StringComparison.Ordinal), WaitFor.Exited(worker));
        worker.Signal("TERM");
        var (_, output, error) = await worker.WaitAsync(WaitFor.Hang);
        var status = await CliRunner.RunAsync(world.Args("status"));

        Assert.Contains("parse: 2 of ~4 entries read (", health, StringComparison.Ordinal);
        Assert.Contains("aggregator_entries_dropped_total{reason=\"unreadable\"} 2", metrics, StringComparison.Ordinal);
        Assert.Contains("aggregator_entries_dropped_total{reason=\"over-limit\"} 0", metrics, StringComparison.Ordinal);
        Assert.Contains("aggregator_entries_dropped_total{reason=\"cut-off\"} 0", metrics, StringComparison.Ordinal);
        Assert.Contains("note: parse: 2 of ~4 entries read (", status.Lines.Single(l => l.StartsWith("glued", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("Polled glued: parse: 2 of ~4 entries read (", output + error, StringComparison.Ordinal);
    }
}
