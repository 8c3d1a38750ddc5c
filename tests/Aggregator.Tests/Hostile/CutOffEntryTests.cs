using Aggregator.Model;
using Aggregator.Parse;
using Aggregator.Tests.Cli;
using Aggregator.Tests.Fixtures;
using Xunit;

namespace Aggregator.Tests.Hostile;

/// <summary>
/// A feed body that ends inside an entry (a connection closed early, a short Content-Length): the entry is dropped and
/// counted as cut off, under its own label, apart from markup the reader could not make out.
/// </summary>
public sealed class CutOffEntryTests
{
    private const string Whole = """
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0"><channel><title>Cut</title><link>https://cut.example/</link><description>d</description>
        <item><title>Venezuela one</title><link>https://cut.example/1</link></item>
        <item><title>Venezuela two</title><link>https://cut.example/2</link></item>
        <item><title>Venezuela three</title><link>https://cut.example/3</link><description>The third story goes on
        """;

    [Fact]
    public void Parse_BodyEndingInsideAnEntry_CountsItAsCutOffNotUnreadable()
    {
        var feed = FeedParser.Parse(System.Text.Encoding.UTF8.GetBytes(Whole), new Uri("https://cut.example/feed")).Feed!;

        Assert.Equal(2, feed.Entries.Count);
        var loss = Assert.IsType<EntryLoss>(feed.Loss);
        Assert.Equal(1, loss.CutOff);
        Assert.Equal(0, loss.Unreadable);
        Assert.Equal([new(EntryLoss.UnreadableReason, 0), new(EntryLoss.OverLimitReason, 0), new(EntryLoss.CutOffReason, 1)], loss.Dropped);
    }

    [Fact]
    public void Parse_GarbledEntryWithTheBodyWhole_StaysUnreadable()
    {
        // Two feeds glued: the second's entries lie past the document's end, which is not a cut body.
        var one = """<rss version="2.0"><channel><title>G</title><link>https://g.example/</link><item><title>A</title><link>https://g.example/a</link></item></channel></rss>""";

        var loss = FeedParser.Parse(System.Text.Encoding.UTF8.GetBytes(one + "\n" + one), new Uri("https://g.example/feed")).Feed!.Loss!;

        Assert.Equal(0, loss.CutOff);
        Assert.Equal(1, loss.Unreadable);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Run_BodyEndingInsideAnEntry_ShowsCutOffInMetricsStatusAndLog()
    {
        await using var world = await OutletsWorld.StartAsync();
        world.Server.Set("cut.rss", Whole);
        await File.WriteAllTextAsync(world.ConfigPath, $$"""
            {
              "defaults": { "interval": "30m" },
              "outlets": [ { "id": "cut", "name": "cut", "url": "{{world.Server.Url("cut.rss")}}" } ],
              "topics": [ { "id": "venezuela", "title": "Venezuela", "include": ["venezuela"] } ],
            }
            """);

        var url = new Uri($"http://127.0.0.1:{FreePort.Next()}/");
        using var worker = AggregatorProcess.Start(world.Args("run", "--urls", url.AbsoluteUri.TrimEnd('/')));
        using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(10) };
        var metrics = await WaitFor.BodyAsync(http, "/metrics",
            body => body.Contains("aggregator_entries_dropped_total{reason=\"cut-off\"} 1", StringComparison.Ordinal), WaitFor.Exited(worker));
        worker.Signal("TERM");
        var (_, output, error) = await worker.WaitAsync(WaitFor.Hang);
        var status = await CliRunner.RunAsync(world.Args("status"));

        Assert.Contains("aggregator_entries_dropped_total{reason=\"unreadable\"} 0", metrics, StringComparison.Ordinal);
        Assert.Contains("note: parse: 2 of ~3 entries read (the body ended inside an item", status.Lines.Single(l => l.StartsWith("cut", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("Polled cut: parse: 2 of ~3 entries read (the body ended inside an item", output + error, StringComparison.Ordinal);
    }
}
