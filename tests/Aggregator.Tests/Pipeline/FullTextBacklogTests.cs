using System.Globalization;
using System.Net;
using Aggregator.Cli;
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
/// Issue 20: every article of a fullText outlet gets its page, through a backlog kept in the store and drained
/// newest first over the following polls; until then, and for good when its page fails, it keeps its feed's text.
/// Every poll here runs on a fresh service provider over the same data folder: a restarted worker each time.
/// </summary>
public sealed class FullTextBacklogTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A181ArticleFirstPoll_LeavesNoArticleWithoutItsPage_AfterBoundedPolls_NewestFirst()
    {
        const int Articles = 181;
        await using var server = await OutletServer.StartAsync(TestPaths.TestData("outlets"));
        using var folder = new TempFolder();
        for (var i = 0; i < Articles; i++)
        {
            server.Set($"news/{i}.html", ArticlePage(i), "text/html; charset=utf-8");
        }
        server.Set("news/feed.rss", Feed(server, Articles, i => $"<link>{server.Url($"news/{i}.html")}</link>"));
        var config = await WriteConfigAsync(folder, ("teasers", server.Url("news/feed.rss")));
        var clock = new FakeTimeProvider(Now);
        var maxPolls = (Articles + FullTextEnricher.MaxPagesPerPoll - 1) / FullTextEnricher.MaxPagesPerPoll;

        var first = await PollAsync(config, folder, clock, "teasers");
        // The first poll fetches the newest pages it may; the others keep their feed's text and wait.
        Assert.Equal((PollReport.Ok, Articles, 0), (first.Report.Status, first.Report.New, first.Report.Updated));
        Assert.Equal(Enumerable.Range(0, FullTextEnricher.MaxPagesPerPoll), PagesFetched(server, Articles).Order());
        Assert.Equal(Articles - FullTextEnricher.MaxPagesPerPoll, first.Metrics["aggregator_fulltext_backlog{outlet=\"teasers\"}"]);
        Assert.Equal(FullTextEnricher.MaxPagesPerPoll, first.Metrics["aggregator_fulltext_pages_total{outlet=\"teasers\",result=\"fetched\"}"]);
        var waiting = await ArticlesAsync(folder, config);
        Assert.Contains(waiting, a => a.Content is not null && a.Content.Contains("Feed content 180.", StringComparison.Ordinal));
        var status = await CliRunner.RunAsync("--config", config, "--data", folder.File("data"), "status");
        Assert.Contains(status.ErrorLines, l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(3).SequenceEqual(["teasers", (Articles - FullTextEnricher.MaxPagesPerPoll).ToString(CultureInfo.InvariantCulture), "0"]));

        var polls = 1;
        var previous = FullTextEnricher.MaxPagesPerPoll;
        while ((await ArticlesAsync(folder, config)).Any(a => !HasItsPage(a)) && polls < maxPolls + 2)
        {
            var next = await PollAsync(config, folder, clock, "teasers");
            polls++;
            var fetched = PagesFetched(server, Articles).Order().ToList();
            // Newest first: each poll takes the next newest pages, the feed unchanged (304) and nothing new in it.
            Assert.Equal(Enumerable.Range(0, Math.Min(Articles, previous + FullTextEnricher.MaxPagesPerPoll)), fetched);
            Assert.Equal((PollReport.NotModified, 0, fetched.Count - previous), (next.Report.Status, next.Report.New, next.Report.Updated));
            previous = fetched.Count;
        }

        var stored = await ArticlesAsync(folder, config);
        Assert.Equal(Articles, stored.Count);
        Assert.All(stored, a => Assert.True(HasItsPage(a), $"{a.Link} has no page text: {a.Content}"));
        Assert.Equal(maxPolls, polls);
        // Each page once: none is fetched again once its article has it.
        Assert.All(Enumerable.Range(0, Articles), i => Assert.Single(server.RequestsTo($"news/{i}.html")));
        var last = await PollAsync(config, folder, clock, "teasers");
        Assert.Equal(0, last.Metrics["aggregator_fulltext_backlog{outlet=\"teasers\"}"]);
        Assert.Equal((PollReport.NotModified, 0, 0), (last.Report.Status, last.Report.New, last.Report.Updated));
    }

    [Fact]
    public async Task BetweenPolls_ATriggerThatDoesNotPoll_DrainsTheBacklog_WithoutTheFeed_AndTheFeedsHearOfIt()
    {
        const int Articles = 45;
        await using var server = await OutletServer.StartAsync(TestPaths.TestData("outlets"));
        using var folder = new TempFolder();
        for (var i = 0; i < Articles; i++)
        {
            server.Set($"news/{i}.html", ArticlePage(i), "text/html; charset=utf-8");
        }
        server.Set("news/feed.rss", Feed(server, Articles, i => $"<link>{server.Url($"news/{i}.html")}</link>"));
        var config = await WriteConfigAsync(folder, ("teasers", server.Url("news/feed.rss")));
        var clock = new FakeTimeProvider(Now);
        await PollAsync(config, folder, clock, "teasers");
        var feedRequests = server.RequestsTo("news/feed.rss").Count;

        var snapshot = ConfigSnapshot.From(ConfigLoader.Load(config).Config!, config);
        await using var services = new ServiceCollection()
            .AddSingleton<TimeProvider>(clock)
            .AddAggregatorPipeline(new AggregatorPaths(config, folder.File("data")), snapshot)
            .BuildServiceProvider();
        var refresher = services.GetRequiredService<OutletRefresher>();
        var signals = 0;
        services.GetRequiredService<StoreChangeSignal>().Changed += () => signals++;

        var stored = await refresher.DrainBacklogAsync(snapshot.FindOutlet("teasers")!, CancellationToken.None);

        Assert.Equal(Articles - FullTextEnricher.MaxPagesPerPoll, stored);
        Assert.Equal(1, signals);
        Assert.Equal(feedRequests, server.RequestsTo("news/feed.rss").Count);
        Assert.All(await ArticlesAsync(folder, config), a => Assert.True(HasItsPage(a), $"{a.Link} has no page text: {a.Content}"));
    }

    [Fact]
    public async Task PagesThatFail_KeepTheFeedsContent_AreRetriedWithBackoff_ThenGivenUpWithTheReason()
    {
        await using var server = await OutletServer.StartAsync(TestPaths.TestData("outlets"));
        using var folder = new TempFolder();
        // Both ways a feed gives an entry's full content: RSS content:encoded and Atom content. No page exists (404).
        server.Set("gone/feed.rss", Feed(server, 2, i => $"<link>{server.Url($"gone/{i}.html")}</link>"));
        server.Set("gone/feed.atom", $"""
            <feed xmlns="http://www.w3.org/2005/Atom"><title>Atom</title><id>urn:atom</id><updated>2026-12-05T10:00:00Z</updated>
            <entry><title>Atom entry</title><id>urn:atom:1</id><link href="{server.Url("gone/atom-1.html")}"/><updated>2026-12-05T10:00:00Z</updated>
            <summary>Atom summary.</summary><content type="html">&lt;p&gt;Atom feed content, the whole article as the feed gives it.&lt;/p&gt;</content></entry>
            </feed>
            """);
        var config = await WriteConfigAsync(folder, ("rss", server.Url("gone/feed.rss")), ("atom", server.Url("gone/feed.atom")));
        var clock = new FakeTimeProvider(Now);

        var first = await PollBothAsync();
        Assert.Equal(1, first.Metrics["aggregator_fulltext_pages_total{outlet=\"atom\",result=\"retried\"}"]);
        Assert.Equal(1, first.Metrics["aggregator_fulltext_backlog{outlet=\"atom\"}"]);
        await AssertFeedTextKeptAsync();
        Assert.Equal(1, PageRequests());

        clock.Advance(TimeSpan.FromMinutes(59));
        await PollBothAsync();
        Assert.Equal(1, PageRequests());
        clock.Advance(TimeSpan.FromMinutes(1));
        await PollBothAsync();
        Assert.Equal(2, PageRequests());
        clock.Advance(PageRetry.Delays[1]);
        var third = await PollBothAsync();
        Assert.Equal(3, PageRequests());
        Assert.Equal(1, third.Metrics["aggregator_fulltext_given_up_total{outlet=\"atom\",reason=\"http_404\"}"]);
        Assert.Equal(0, third.Metrics["aggregator_fulltext_backlog{outlet=\"atom\"}"]);
        clock.Advance(TimeSpan.FromDays(3));
        await PollBothAsync();
        Assert.Equal(3, PageRequests());
        await AssertFeedTextKeptAsync();

        var atom = (await ArticlesAsync(folder, config)).Single(a => a.OutletId == "atom");
        var explain = await CliRunner.RunAsync("--config", config, "--data", folder.File("data"), "explain", atom.Id);
        Assert.Contains(explain.Lines, l => l.StartsWith("full text: given up after 3 tries (http_404): fetch:", StringComparison.Ordinal)
            && l.Contains("404", StringComparison.Ordinal));
        var status = await CliRunner.RunAsync("--config", config, "--data", folder.File("data"), "status");
        Assert.Contains(status.ErrorLines, l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(3).SequenceEqual(["rss", "0", "2"]));

        async Task<PollResult> PollBothAsync()
        {
            await PollAsync(config, folder, clock, "rss");
            return await PollAsync(config, folder, clock, "atom");
        }

        int PageRequests() => server.RequestsTo("gone/atom-1.html").Count;

        async Task AssertFeedTextKeptAsync()
        {
            var articles = await ArticlesAsync(folder, config);
            Assert.Equal(3, articles.Count);
            var rss = articles.Single(a => a.Link.AbsolutePath == "/gone/1.html");
            Assert.Contains("Teaser 1.", rss.Summary, StringComparison.Ordinal);
            Assert.Contains("Feed content 1.", rss.Content, StringComparison.Ordinal);
            var atomEntry = articles.Single(a => a.OutletId == "atom");
            Assert.Contains("Atom summary.", atomEntry.Summary, StringComparison.Ordinal);
            Assert.Contains("Atom feed content, the whole article", atomEntry.Content, StringComparison.Ordinal);
        }
    }

    private static bool HasItsPage(Aggregator.Model.Article article) =>
        article.Content?.Contains($"Page body of article {Path.GetFileNameWithoutExtension(article.Link.AbsolutePath)},", StringComparison.Ordinal) == true;

    private static IEnumerable<int> PagesFetched(OutletServer server, int articles) =>
        Enumerable.Range(0, articles).Where(i => server.RequestsTo($"news/{i}.html").Count > 0);

    private sealed record PollResult(PollReport Report, Dictionary<string, double> Metrics);

    private static async Task<PollResult> PollAsync(string configPath, TempFolder folder, FakeTimeProvider clock, string outletId)
    {
        var snapshot = ConfigSnapshot.From(ConfigLoader.Load(configPath).Config!, configPath);
        await using var services = new ServiceCollection()
            .AddSingleton<TimeProvider>(clock)
            .AddAggregatorPipeline(new AggregatorPaths(configPath, folder.File("data")), snapshot)
            .BuildServiceProvider();
        await services.GetRequiredService<IAggregatorStore>().MigrateAsync(CancellationToken.None);
        var exporter = services.GetRequiredService<PrometheusExporter>();
        var report = await services.GetRequiredService<OutletRefresher>().RefreshAsync(snapshot.FindOutlet(outletId)!, CancellationToken.None);
        Assert.True(report.Error is null, report.ToString());
        return new PollResult(report, Samples(exporter.Scrape()));
    }

    private static async Task<List<Aggregator.Model.Article>> ArticlesAsync(TempFolder folder, string configPath)
    {
        var snapshot = ConfigSnapshot.From(ConfigLoader.Load(configPath).Config!, configPath);
        await using var services = new ServiceCollection()
            .AddAggregatorPipeline(new AggregatorPaths(configPath, folder.File("data")), snapshot)
            .BuildServiceProvider();
        var items = await services.GetRequiredService<IAggregatorStore>().GetTopicItemsAsync("all", 1000, CancellationToken.None);
        return items.Select(i => i.Article).ToList();
    }

    private static async Task<string> WriteConfigAsync(TempFolder folder, params (string Id, Uri Url)[] outlets)
    {
        var path = folder.File("feeds.json");
        var entries = string.Join(",\n", outlets.Select(o => $$"""{ "id": "{{o.Id}}", "name": "{{o.Id}}", "url": "{{o.Url}}", "fullText": true }"""));
        await File.WriteAllTextAsync(path, $$"""{ "outlets": [ {{entries}} ] }""");
        return path;
    }

    /// <summary>An RSS feed of teasers, newest (0) first, each with its full text in content:encoded too.</summary>
    private static string Feed(OutletServer server, int count, Func<int, string> link) => $"""
        <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Teasers</title><link>{server.BaseUrl}</link>
        {string.Concat(Enumerable.Range(0, count).Select(i => $"""
            <item><title>Article {i}</title>{link(i)}<guid isPermaLink="false">article-{i}</guid>
            <description>Teaser {i}. [Read more]</description>
            <content:encoded><![CDATA[<p>Feed content {i}. The whole article as the feed gives it.</p>]]></content:encoded>
            <pubDate>{(Now.AddHours(-i)).ToString("R", CultureInfo.InvariantCulture)}</pubDate></item>
            """))}
        </channel></rss>
        """;

    private static string ArticlePage(int i) => $$"""
        <!DOCTYPE html><html><head><title>Article {{i}} - News</title></head><body>
        <nav class="main-menu"><ul><li><a href="/">Home</a></li><li><a href="/world/">World</a></li></ul></nav>
        <main><article class="post"><h1>Article {{i}}</h1><div class="entry-content">
        <p>Page body of article {{i}}, as its own page tells it: two former leaders of major South Asian countries have reportedly accused the United States of covert regime change operations to topple their governments.</p>
        <p>One of the leaders, former Pakistan Prime Minister Imran Khan, languishes in prison, on a perverse conviction that proves his assertion, according to the reporting of article {{i}}.</p>
        <p>The other leader, former Bangladesh Prime Minister Sheik Hasina, fled to India following a violent coup in her country, and has said so in statements published by her party.</p>
        <p>Their grave accusations against the U.S., as reported in the world media, should be investigated by the U.N., since if true they would constitute a fundamental threat to world peace.</p>
        </div></article></main>
        <footer><p>News © 2026</p></footer></body></html>
        """;

    private static Dictionary<string, double> Samples(string exposition)
    {
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in exposition.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith('#')))
        {
            var split = line.LastIndexOf(' ');
            samples[line[..split]] = double.Parse(line[(split + 1)..], CultureInfo.InvariantCulture);
        }
        return samples;
    }
}
