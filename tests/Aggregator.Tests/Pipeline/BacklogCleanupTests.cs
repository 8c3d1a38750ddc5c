using System.Globalization;
using Aggregator.Configuration;
using Aggregator.Hosting;
using Aggregator.Observability;
using Aggregator.Pipeline;
using Aggregator.Store;
using Aggregator.Tests.Cli;
using Aggregator.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Aggregator.Tests.Pipeline;

/// <summary>
/// Waiting full-text pages of an outlet that left feeds.json, or turned fullText off, leave the backlog on the reload:
/// counted by reason in /metrics, no longer pending in the gauge or in status, and the articles themselves kept.
/// </summary>
public sealed class BacklogCleanupTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Reload_DropsTheWaitingPagesOfARemovedOutletAndOfOneWithFullTextOff_CountedByReason_ArticlesKept()
    {
        await using var server = await OutletServer.StartAsync(TestPaths.TestData("outlets"));
        using var folder = new TempFolder();
        // Every article page fails with a 500 and waits for its retry.
        foreach (var (outlet, count) in new[] { ("removed", 30), ("switched", 25) })
        {
            server.Set($"{outlet}/feed.rss", Feed(server, outlet, count));
            for (var i = 0; i < count; i++)
            {
                server.SetStatus($"{outlet}/{i}.html", 500);
            }
        }
        var path = folder.File("feeds.json");
        await File.WriteAllTextAsync(path, Config(
            ("removed", server.Url("removed/feed.rss"), true), ("switched", server.Url("switched/feed.rss"), true)));
        var snapshot = ConfigSnapshot.From(ConfigLoader.Load(path).Config!, path);
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(new FakeTimeProvider(Now))
            .AddAggregatorPipeline(new AggregatorPaths(path, folder.File("data")), snapshot)
            .AddSingleton<ConfigStatus>()
            .BuildServiceProvider();
        var store = services.GetRequiredService<IAggregatorStore>();
        await store.MigrateAsync(CancellationToken.None);
        var exporter = services.GetRequiredService<PrometheusExporter>();
        var refresher = services.GetRequiredService<OutletRefresher>();
        foreach (var outlet in snapshot.Config.Outlets)
        {
            Assert.Null((await refresher.RefreshAsync(outlet, CancellationToken.None)).Error);
        }
        var before = (await store.GetBacklogAsync(CancellationToken.None)).ToDictionary(b => b.OutletId, b => b.Waiting);
        Assert.Equal(30, before["removed"]);
        Assert.Equal(25, before["switched"]);
        Assert.Contains("aggregator_fulltext_backlog{outlet=\"removed\"} 30", exporter.Scrape(), StringComparison.Ordinal);

        await File.WriteAllTextAsync(path, Config(("switched", server.Url("switched/feed.rss"), false)));
        await ActivatorUtilities.CreateInstance<ConfigReloader>(services).ReloadAsync(CancellationToken.None);

        Assert.DoesNotContain(await store.GetBacklogAsync(CancellationToken.None), b => b.Waiting > 0);
        var scrape = exporter.Scrape().Split('\n');
        Assert.Contains("aggregator_fulltext_dropped_total{outlet=\"removed\",reason=\"outlet_removed\"} 30", scrape);
        Assert.Contains("aggregator_fulltext_dropped_total{outlet=\"switched\",reason=\"fulltext_off\"} 25", scrape);
        Assert.DoesNotContain(scrape, l => l.StartsWith("aggregator_fulltext_backlog{", StringComparison.Ordinal));
        // Nothing stored is lost: the articles stay, with their feed's text.
        Assert.Equal(55, (await store.GetTopicItemsAsync("all", 100, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task Prune_AfterTheOutletLeftFeedsJsonWhileStopped_DropsItsWaitingPages_AndStatusNoLongerListsThem()
    {
        await using var server = await OutletServer.StartAsync(TestPaths.TestData("outlets"));
        using var folder = new TempFolder();
        server.Set("removed/feed.rss", Feed(server, "removed", 12));
        for (var i = 0; i < 12; i++)
        {
            server.SetStatus($"removed/{i}.html", 503);
        }
        var path = folder.File("feeds.json");
        await File.WriteAllTextAsync(path, Config(("removed", server.Url("removed/feed.rss"), true)));
        Assert.Equal(0, (await CliRunner.RunAsync("--config", path, "--data", folder.File("data"), "poll")).ExitCode);
        var before = await CliRunner.RunAsync("--config", path, "--data", folder.File("data"), "status");
        Assert.Contains(before.ErrorLines, l => l.StartsWith("removed ", StringComparison.Ordinal));

        // Edited while no worker runs: only the next prune (or start) sees it.
        server.Set("kept/feed.rss", Feed(server, "kept", 1));
        await File.WriteAllTextAsync(path, Config(("kept", server.Url("kept/feed.rss"), false)));
        var prune = await CliRunner.RunAsync("--config", path, "--data", folder.File("data"), "prune");
        var after = await CliRunner.RunAsync("--config", path, "--data", folder.File("data"), "status");

        Assert.Equal(0, prune.ExitCode);
        Assert.DoesNotContain(after.ErrorLines, l => l.StartsWith("removed ", StringComparison.Ordinal) || l.StartsWith("FULL TEXT", StringComparison.Ordinal));
        var snapshot = ConfigSnapshot.From(ConfigLoader.Load(path).Config!, path);
        await using var services = new ServiceCollection().AddAggregatorPipeline(new AggregatorPaths(path, folder.File("data")), snapshot).BuildServiceProvider();
        Assert.Empty(await services.GetRequiredService<IAggregatorStore>().GetBacklogAsync(CancellationToken.None));
        Assert.Equal(12, (await services.GetRequiredService<IAggregatorStore>().GetTopicItemsAsync("all", 100, CancellationToken.None)).Count);
    }

    private static string Config(params (string Id, Uri Url, bool FullText)[] outlets) =>
        $$"""{ "outlets": [ {{string.Join(",\n", outlets.Select(o =>
            $$"""{ "id": "{{o.Id}}", "name": "{{o.Id}}", "url": "{{o.Url}}", "fullText": {{(o.FullText ? "true" : "false")}} }"""))}} ] }""";

    private static string Feed(OutletServer server, string outlet, int count) => $"""
        <rss version="2.0"><channel><title>{outlet}</title><link>https://{outlet}.example/</link>
        {string.Concat(Enumerable.Range(0, count).Select(i => $"""
            <item><title>{outlet} article {i} on the water supply of district {i}</title><link>{server.Url($"{outlet}/{i}.html")}</link><guid isPermaLink="false">{outlet}-{i}</guid>
            <description>Teaser {i} of {outlet}: the assembly of district {i} met about its water. [Read more]</description>
            <pubDate>{Now.AddHours(-i).ToString("R", CultureInfo.InvariantCulture)}</pubDate></item>
            """))}
        </channel></rss>
        """;
}
