using Aggregator.Tests.Cli;
using Aggregator.Tests.Fixtures;

namespace Aggregator.Tests.Pipeline;

/// <summary>
/// Through a real worker (`run` polling a Kestrel outlet into SQLite in a temp folder): what normalization does not store
/// as the feed gave it (an entry with nothing in it, links that are not web links, an overlong title, a flood of
/// categories) is counted with its reason on /metrics and shown as the poll's note in `status`, never dropped unsaid.
/// </summary>
public sealed class FieldDropsTests(Hostile.ReliabilityReport report) : IClassFixture<Hostile.ReliabilityReport>
{
    private static readonly string LongTitle = "Venezuela " + new string('x', 990);

    private static readonly string HostileFeed = $$"""
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0"><channel><title>Drops</title><link>https://drops.example/news/</link><description>d</description>
        <item><title>Venezuela story with a link for the operating system</title><link>ms-msdt:/id</link><guid isPermaLink="false">drops-1</guid>
          <enclosure url="search-ms:query=x" length="1" type="audio/mpeg"/><enclosure url="https://drops.example/ok.mp3" length="1" type="audio/mpeg"/></item>
        <item><title>{{LongTitle}}</title><link>https://drops.example/2</link>
          {{string.Concat(Enumerable.Range(1, 40).Select(i => $"<category>c{i}</category>"))}}</item>
        <item><title>Venezuela plain story</title><link>https://drops.example/3</link></item>
        <item><title> </title><description> </description></item>
        </channel></rss>
        """;

    [Fact]
    public async Task AListingItemWithoutATitleOrLink_IsCountedAsAnEntryLost_InMetricsAndStatus()
    {
        await using var world = await OutletsWorld.StartAsync();
        world.Server.Set("latest.html", """
            <html><body><main>
            <div class="item"><h2><a href="/news/1">Venezuela first story of the listing</a></h2></div>
            <div class="item"><h2>Venezuela story whose link the page forgot</h2></div>
            <div class="item"><h2><a href="/news/3"></a></h2></div>
            <div class="item"><h2><a href="/news/4">Venezuela fourth story of the listing</a></h2></div>
            </main></body></html>
            """, "text/html; charset=utf-8");
        await File.WriteAllTextAsync(world.ConfigPath, $$"""
            {
              "defaults": { "interval": "30m" },
              "outlets": [ { "id": "listing", "type": "html", "url": "{{world.Server.Url("latest.html")}}",
                             "scrape": { "item": "div.item", "title": "h2", "link": "h2 a" } } ],
              "topics": [ { "id": "venezuela", "title": "Venezuela", "include": ["venezuela"] } ]
            }
            """);

        var metrics = await RunningWorker.MetricsAfterFirstPollAsync(world, "listing");
        var status = await CliRunner.RunAsync(world.Args("status"));

        Assert.Contains("aggregator_items_total{kind=\"new\",outlet=\"listing\"} 2", metrics, StringComparison.Ordinal);
        Assert.Contains("aggregator_entries_dropped_total{reason=\"unreadable\"} 2", metrics, StringComparison.Ordinal);
        var line = Assert.Single(status.Lines, l => l.StartsWith("listing ", StringComparison.Ordinal));
        Assert.Contains("note: parse: 2 of ~4 entries read (2 items of the selector without a title or link)", line, StringComparison.Ordinal);
        DropAudit.Record(report, "listing", "A listing with selectors, 4 items, one without a link and one with an empty link: "
            + $"`{MetricLine(metrics, "aggregator_entries_dropped_total{reason=\"unreadable\"}")}`, 2 stored, status `{Note(line)}`");
    }

    [Fact]
    public async Task APollThatDropsFieldsAndAnEmptyEntry_CountsEachWithItsReason_InMetricsAndStatus()
    {
        await using var world = await OutletsWorld.StartAsync();
        world.Server.Set("drops.rss", HostileFeed);
        await File.WriteAllTextAsync(world.ConfigPath, $$"""
            {
              "defaults": { "interval": "30m" },
              "outlets": [ { "id": "drops", "url": "{{world.Server.Url("drops.rss")}}" } ],
              "topics": [ { "id": "venezuela", "title": "Venezuela", "include": ["venezuela"] } ]
            }
            """);

        var metrics = await RunningWorker.MetricsAfterFirstPollAsync(world, "drops");
        var status = await CliRunner.RunAsync(world.Args("status"));

        Assert.Contains("aggregator_entry_fields_dropped_total{field=\"link\",reason=\"not_web\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("aggregator_entry_fields_dropped_total{field=\"enclosures\",reason=\"not_web\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("aggregator_entry_fields_dropped_total{field=\"title\",reason=\"cut\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("aggregator_entry_fields_dropped_total{field=\"categories\",reason=\"over_limit\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("aggregator_entries_dropped_total{reason=\"empty\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("aggregator_items_total{kind=\"new\",outlet=\"drops\"} 3", metrics, StringComparison.Ordinal);
        var line = Assert.Single(status.Lines, l => l.StartsWith("drops ", StringComparison.Ordinal));
        Assert.Contains("note: normalize: 1 empty entry not stored [reason: empty]; 4 fields not kept as given: "
            + "link (ms-msdt: is not a web link, dropped), enclosures (1 not web links, dropped), title (1000 chars), ... "
            + "[reason: not_web, cut, over_limit]", line, StringComparison.Ordinal);
        DropAudit.Record(report, "normalize", "An RSS feed with an ms-msdt: link, a search-ms: enclosure, a 1,000-character title, "
            + "40 categories and an empty item: "
            + string.Join(", ", metrics.Split('\n').Where(l => l.StartsWith("aggregator_entry_fields_dropped_total{", StringComparison.Ordinal)
                || l.StartsWith("aggregator_entries_dropped_total{reason=\"empty\"}", StringComparison.Ordinal)).Select(l => $"`{l.Trim()}`"))
            + $"; 3 stored; status `{Note(line)}`");
    }

    private static string MetricLine(string metrics, string series) =>
        Assert.Single(metrics.Split('\n'), l => l.StartsWith(series + " ", StringComparison.Ordinal)).Trim();

    /// <summary>The status row's note column, without the time columns before it that each run changes.</summary>
    private static string Note(string statusLine) => statusLine[statusLine.IndexOf("note: ", StringComparison.Ordinal)..];
}
