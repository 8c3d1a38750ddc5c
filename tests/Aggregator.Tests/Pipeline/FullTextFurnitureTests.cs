using System.Text.Json;
using Aggregator.Configuration;
using Aggregator.FullText;
using Aggregator.Hosting;
using Aggregator.Pipeline;
using Aggregator.Store;
using Aggregator.Tests.Fixtures;
using Aggregator.Tests.FullText;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Pipeline;

/// <summary>
/// A full-text outlet's furniture memory outlives the worker (kept in the store with the pages it remembers) and goes
/// with the outlet: polled for real from a template outlet on 127.0.0.1 into a temp SQLite file.
/// </summary>
public sealed class FullTextFurnitureTests
{
    private static readonly DateTimeOffset Published = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task RestartedWorker_LeavesTheFurnitureOut_OfItsFirstPage()
    {
        await using var outlet = await OutletServer.StartAsync(TestPaths.TestData("outlets"));
        var (site, pages) = Serve(outlet);
        using var folder = new TempFolder();
        var config = Config(outlet, "site/feed.rss", ("template", true));

        // The first worker polls the two pages the memory needs, one per poll, and stops.
        await using (var first = await FeedsWorker.StartAsync(folder, config))
        {
            for (var n = 1; n <= OutletFurniture.MinOtherPages; n++)
            {
                await PollAsync(first, outlet, site, pages, n);
            }
        }

        // A new worker on the same store: the next page is the first it extracts.
        await using var second = await FeedsWorker.StartAsync(folder, config);
        await PollAsync(second, outlet, site, pages, OutletFurniture.MinOtherPages + 1);

        var page = pages[OutletFurniture.MinOtherPages];
        var text = VisibleText.Of(await ContentAsync(second, new Uri(site, page.Slug + ".html")));
        Assert.DoesNotContain("readers like you", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Fundraising", text, StringComparison.Ordinal);
        // Every line of the article itself stays.
        var (overlap, _, expected) = ShingleF1.Counts(text, page.Body);
        Assert.Equal(expected, overlap);
        var stored = await second.Services.GetRequiredService<IAggregatorStore>().GetFurnitureAsync("template", CancellationToken.None);
        Assert.Equal(OutletFurniture.MinOtherPages + 1, stored.Count);
        Assert.All(stored, p => Assert.NotEmpty(p.Keys));
    }

    [Fact]
    public async Task Reload_ForgetsTheMemoryOfARemovedOutlet_AndOfOneWithFullTextOff_InTheProcessAndTheStore()
    {
        await using var outlet = await OutletServer.StartAsync(TestPaths.TestData("outlets"));
        var (site, pages) = Serve(outlet);
        using var folder = new TempFolder();
        await using var app = await FeedsWorker.StartAsync(folder, Config(outlet, "site/all.rss", ("template", true), ("kept", true), ("switched", true)));
        foreach (var id in new[] { "template", "kept", "switched" })
        {
            var polled = app.Snapshot.FindOutlet(id)!;
            var report = await app.Services.GetRequiredService<OutletRefresher>().RefreshAsync(polled, CancellationToken.None);
            Assert.True(report.Error is null && report.New == pages.Count, report.ToString());
        }
        var store = app.Services.GetRequiredService<IAggregatorStore>();
        var enricher = app.Services.GetRequiredService<FullTextEnricher>();
        Assert.Equal(3, enricher.Furniture.Outlets);
        Assert.NotEmpty(await store.GetFurnitureAsync("template", CancellationToken.None));

        await File.WriteAllTextAsync(app.Snapshot.FilePath, Config(outlet, "site/all.rss", ("kept", true), ("switched", false)));
        await ActivatorUtilities.CreateInstance<ConfigReloader>(app.Services, app.Services.GetService<ConfigStatus>() ?? new ConfigStatus()).ReloadAsync(CancellationToken.None);

        Assert.Equal(1, enricher.Furniture.Outlets);
        Assert.Empty(await store.GetFurnitureAsync("template", CancellationToken.None));
        Assert.Empty(await store.GetFurnitureAsync("switched", CancellationToken.None));
        Assert.Equal(Math.Min(pages.Count, OutletFurniture.PagesRemembered), (await store.GetFurnitureAsync("kept", CancellationToken.None)).Count);
    }

    private static (Uri Site, IReadOnlyList<TemplatePage> Pages) Serve(OutletServer outlet)
    {
        var site = outlet.Url("site/");
        var pages = TemplateOutlet.Build(site);
        foreach (var page in pages)
        {
            outlet.Set($"site/{page.Slug}.html", page.Html, "text/html; charset=utf-8");
        }
        outlet.Set("site/all.rss", OutletFurnitureEndToEndTests.Feed(site, [.. pages], Published));
        return (site, pages);
    }

    /// <summary>Polls the outlet "template" with its first <paramref name="n"/> pages in the feed: page n is the new one.</summary>
    private static async Task PollAsync(FeedsWorker worker, OutletServer outlet, Uri site, IReadOnlyList<TemplatePage> pages, int n)
    {
        outlet.Set("site/feed.rss", OutletFurnitureEndToEndTests.Feed(site, [.. pages.Take(n)], Published));
        var report = await worker.Services.GetRequiredService<OutletRefresher>().RefreshAsync(worker.Snapshot.FindOutlet("template")!, CancellationToken.None);
        Assert.True(report.Error is null && report.New == 1, report.ToString());
    }

    private static async Task<string> ContentAsync(FeedsWorker worker, Uri url)
    {
        using var http = new HttpClient { BaseAddress = worker.App.Address, Timeout = TimeSpan.FromMinutes(2) };
        using var json = JsonDocument.Parse(await http.GetStringAsync(new Uri("/feeds/all.json", UriKind.Relative)));
        var item = json.RootElement.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("url").GetString() == url.AbsoluteUri);
        return item.GetProperty("content_html").GetString() ?? "";
    }

    private static string Config(OutletServer outlet, string feed, params (string Id, bool FullText)[] outlets) =>
        $$"""{ "outlets": [ {{string.Join(",\n", outlets.Select(o =>
            $$"""{ "id": "{{o.Id}}", "name": "{{o.Id}}", "url": "{{outlet.Url(feed)}}", "fullText": {{(o.FullText ? "true" : "false")}} }"""))}} ] }""";
}
