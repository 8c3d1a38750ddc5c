using Aggregator.Parse;
using Aggregator.Tests.Cli;
using Aggregator.Tests.Fixtures;

namespace Aggregator.Tests.Parse;

/// <summary>
/// A date the feed gave that we could not read, and one in the future moved back to the fetch, through a real worker
/// (`run` polling a Kestrel outlet into SQLite in a temp folder): each is counted on /metrics with its reason and shown,
/// with the text that was no date, in the poll's note that `status` and `explain OUTLET` print.
/// </summary>
public sealed class UnreadableDatesTests
{
    private const string Feed = """
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>Dates</title><link>https://dates.example/</link><description>d</description>
        <item><title>Story with a date nobody can read</title><link>https://dates.example/1</link><pubDate>the day after the flood</pubDate></item>
        <item><title>Story from the future</title><link>https://dates.example/2</link><pubDate>Tue, 01 Jan 2999 10:00:00 GMT</pubDate></item>
        <item><title>Story with a fine date</title><link>https://dates.example/3</link><pubDate>Tue, 01 Jan 2019 10:00:00 GMT</pubDate></item>
        </channel></rss>
        """;

    [Fact]
    public async Task AnUnreadableDateAndAFutureOne_AreCountedWithTheirReason_AndShownWithTheText()
    {
        await using var world = await OutletsWorld.StartAsync();
        world.Server.Set("dates.rss", Feed);
        await File.WriteAllTextAsync(world.ConfigPath, $$"""
            { "defaults": { "interval": "30m" }, "outlets": [ { "id": "dates", "url": "{{world.Server.Url("dates.rss")}}" } ] }
            """);

        var metrics = await RunningWorker.MetricsAfterFirstPollAsync(world, "dates");
        var explain = await CliRunner.RunAsync(world.Args("explain", "dates"));

        Assert.Contains("aggregator_entry_fields_dropped_total{field=\"date\",reason=\"unreadable\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("aggregator_entry_fields_dropped_total{field=\"published\",reason=\"future\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("aggregator_items_total{kind=\"new\",outlet=\"dates\"} 3", metrics, StringComparison.Ordinal);
        var line = Assert.Single(explain.Lines, l => l.StartsWith("dates ", StringComparison.Ordinal));
        Assert.Contains("note: normalize: 2 fields not kept as given: date (\"the day after the flood\" is no date), "
            + "published (2999-01-01T10:00:00Z, after the fetch: kept as the fetch time) [reason: unreadable, future]", line, StringComparison.Ordinal);
    }

    [Fact]
    public void AWatch_KeepsABoundedTextOfEachMiss_AndNothingForADateThatReads()
    {
        using var watch = UnreadableDates.Watch();

        Assert.NotNull(DateParser.Parse("2024-03-01T10:00:00Z"));
        Assert.Null(DateParser.Parse("soon\u0007" + new string('x', 500)));
        Assert.Null(DateParser.Parse("   "));

        Assert.Equal(1, watch.Count);
        var text = Assert.Single(watch.Texts);
        Assert.Equal("soon " + new string('x', UnreadableDates.MaxTextLength - 5) + "…", text);
    }

    [Fact]
    public void AProbe_OfAPagesLine_IsNoLoss_AndNoted_Never()
    {
        using var watch = UnreadableDates.Watch();

        Assert.False(DateParser.IsDate("Jane Roe"));
        Assert.False(DateParser.IsDate("The Associated Press"));
        Assert.True(DateParser.IsDate("March 3, 2026"));
        // A byline row's parts are probed one by one by the full-text rules, inside the poll that watches.
        Assert.True(Aggregator.FullText.DatelineParts.IsDatelineRow("Max Muster · 12.03.2026 · BERLIN"));

        Assert.Equal(0, watch.Count);
        Assert.Empty(watch.Texts);
    }

    [Fact]
    public void WithoutAWatch_AMissIsStillNull_AndNoteless()
    {
        Assert.Null(UnreadableDates.Current);
        Assert.Null(DateParser.Parse("not a date"));
        Assert.Null(UnreadableDates.Current);
    }
}
