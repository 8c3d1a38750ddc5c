using System.Globalization;
using System.IO.Compression;
using System.Text;
using Aggregator.Configuration;
using Aggregator.FullText;
using Aggregator.Hosting;
using Aggregator.Observability;
using Aggregator.Pipeline;
using Aggregator.Store;
using Aggregator.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Aggregator.Tests.FullText;

/// <summary>
/// Article pages up to Fetch's 10 MB: their payloads set aside, a cut named, and the corpora's pages untouched.
/// Allocation is bounded, not time: before <see cref="LargeArticlePage"/> a 10 MB page dense with elements allocated
/// 2 GB, and one with 10 MB of payload 56 MB.
/// </summary>
public sealed class LargeArticlePageTests
{
    private static readonly Uri PageUrl = new("https://news.example/2026/budget");

    private const string ArticleOpening = "The council passed the budget on Tuesday";

    [Fact]
    public void TenMegabytesOfScriptSvgAndImage_AreSetAside_AndTheArticleIsExtractedWhole()
    {
        var html = Page(
            "<script>var data=[" + Repeat("12345,", 1_000_000) + "0];</script>"
            + "<style>" + Repeat(".a{color:red}", 100_000) + "</style>"
            + "<svg viewBox=\"0 0 9 9\"><polyline points=\"" + Repeat("1,2 ", 500_000) + "\"/></svg>"
            + "<figure><img src=\"data:image/png;base64," + Repeat("iVBORw0K", 100_000) + "\" alt=\"chart\"></figure>",
            comments: 0);
        Assert.True(html.Length > 9_000_000, $"{html.Length} characters");

        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var article = ArticleExtractor.Extract(html, PageUrl);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

        Assert.Null(article.Error);
        Assert.Null(article.Cut);
        Assert.StartsWith(ArticleOpening, article.TextContent, StringComparison.Ordinal);
        Assert.Contains("Paragraph 39 of the article", article.TextContent, StringComparison.Ordinal);
        // JSON-LD is kept when the other scripts are set aside.
        Assert.Equal("Ana Ruiz", article.Byline);
        // Measured 11 MB (56 MB parsing the payloads); a parse of them again would pass 60 MB.
        Assert.True(allocated < 60_000_000, $"allocated {allocated:N0} bytes");
    }

    [Fact]
    public void EndlessCommentsAfterTheArticle_AreCut_TheCutIsNamed_AndTheArticleIsExtracted()
    {
        var html = Page(payload: string.Empty, comments: 60_000);
        Assert.True(html.Length > 9_000_000, $"{html.Length} characters");

        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var article = ArticleExtractor.Extract(html, PageUrl);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

        // Read whole, this page passed the node cap and gave no text at all.
        Assert.Null(article.Error);
        Assert.StartsWith(ArticleOpening, article.TextContent, StringComparison.Ordinal);
        Assert.NotNull(article.Cut);
        Assert.Contains($"of {html.Length} characters", article.Cut, StringComparison.Ordinal);
        // Measured 93 MB for the process; whole, the page allocated 185 MB before giving up at the node cap.
        Assert.True(allocated < 150_000_000, $"allocated {allocated:N0} bytes");
    }

    [Fact]
    public void CutFallsBeforeATag_WithinTheLimit()
    {
        var html = Page(payload: string.Empty, comments: 20_000);

        var read = LargeArticlePage.Fit(html, out var cut);

        Assert.NotNull(cut);
        Assert.InRange(read.Length, LargeArticlePage.MaxChars - 1_000, LargeArticlePage.MaxChars);
        Assert.Equal('<', html[read.Length]);
        Assert.StartsWith(read, html, StringComparison.Ordinal);
    }

    [Fact]
    public void SmallDataUrisAndUnclosedSvg_AreKept()
    {
        var html = "<html><body><a href=\"data:text/plain,hi\">x</a><svg><text>label</text>"
            + Page(payload: "<script>" + Repeat("x", LargeArticlePage.MaxChars) + "</script>", comments: 0);

        var read = LargeArticlePage.Fit(html, out var cut);

        Assert.Null(cut);
        Assert.Contains("data:text/plain,hi", read, StringComparison.Ordinal);
        Assert.Contains("<svg><text>label</text>", read, StringComparison.Ordinal);
        Assert.Contains("<script></script>", read, StringComparison.Ordinal);
        Assert.Contains(ArticleOpening, read, StringComparison.Ordinal);
    }

    /// <summary>No page of either article corpus reaches the limit: each is parsed exactly as served.</summary>
    [Fact]
    public void EveryCorpusPage_IsReadAsServed()
    {
        var pages = 0;
        var largest = 0;
        foreach (var html in CorpusPages())
        {
            var read = LargeArticlePage.Fit(html, out var cut);
            Assert.Same(html, read);
            Assert.Null(cut);
            largest = Math.Max(largest, html.Length);
            pages++;
        }

        Assert.True(pages > 1_000, $"{pages} pages");
        // yahoo-2, 1.63 M characters: the limit stays above the largest page with room to spare.
        Assert.InRange(largest, 1_000_000, LargeArticlePage.MaxChars * 0.85);
    }

    /// <summary>The pipeline counts the cut by its reason and still stores the article's page text.</summary>
    [Fact]
    public async Task APollOfAnOutletWithAHugeArticlePage_CountsTheCut_AndStoresThePageText()
    {
        await using var server = await OutletServer.StartAsync(TestPaths.TestData("outlets"));
        using var folder = new TempFolder();
        server.Set("news/huge.html", Page(payload: string.Empty, comments: 60_000), "text/html; charset=utf-8");
        server.Set("news/feed.rss", $"""
            <rss version="2.0"><channel><title>News</title><link>{server.BaseUrl}</link>
            <item><title>Budget passes</title><link>{server.Url("news/huge.html")}</link><guid isPermaLink="false">huge</guid>
            <description>Teaser.</description><pubDate>{DateTimeOffset.UtcNow.ToString("R", CultureInfo.InvariantCulture)}</pubDate></item>
            </channel></rss>
            """);
        var config = folder.File("feeds.json");
        await File.WriteAllTextAsync(config, $$"""{ "outlets": [ { "id": "news", "name": "news", "url": "{{server.Url("news/feed.rss")}}", "fullText": true } ] }""");
        var snapshot = ConfigSnapshot.From(ConfigLoader.Load(config).Config!, config);
        await using var services = new ServiceCollection()
            .AddAggregatorPipeline(new AggregatorPaths(config, folder.File("data")), snapshot)
            .BuildServiceProvider();
        var store = services.GetRequiredService<IAggregatorStore>();
        await store.MigrateAsync(CancellationToken.None);
        var exporter = services.GetRequiredService<PrometheusExporter>();

        var report = await services.GetRequiredService<OutletRefresher>().RefreshAsync(snapshot.FindOutlet("news")!, CancellationToken.None);

        Assert.True(report.Error is null, report.ToString());
        var metrics = exporter.Scrape();
        Assert.Contains("aggregator_pages_cut_total{reason=\"article_size\"} 1\n", metrics, StringComparison.Ordinal);
        var stored = Assert.Single(await store.GetTopicItemsAsync("all", 10, CancellationToken.None));
        Assert.Contains(ArticleOpening, stored.Article.Content, StringComparison.Ordinal);
    }

    private static IEnumerable<string> CorpusPages()
    {
        foreach (var dir in Directory.GetDirectories(Path.Combine(TestPaths.Corpora, "readability")))
        {
            var source = Path.Combine(dir, "source.html");
            if (File.Exists(source))
            {
                yield return File.ReadAllText(source);
            }
        }

        foreach (var file in Directory.GetFiles(Path.Combine(TestPaths.Corpora, "trafilatura-eval", "pages"), "*.gz"))
        {
            using var gzip = new GZipStream(File.OpenRead(file), CompressionMode.Decompress);
            using var reader = new StreamReader(gzip, Encoding.UTF8);
            yield return reader.ReadToEnd();
        }
    }

    /// <summary>A news article of 40 paragraphs with <paramref name="payload"/> before it and that many reader comments after.</summary>
    private static string Page(string payload, int comments)
    {
        var sb = new StringBuilder();
        sb.Append("<!doctype html><html><head><title>Budget passes</title>")
            .Append("<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":\"Budget passes\",\"author\":{\"@type\":\"Person\",\"name\":\"Ana Ruiz\"}}</script>")
            .Append("</head><body><header><nav><a href=\"/\">Home</a> <a href=\"/world\">World</a></nav></header>")
            .Append(payload)
            .Append("<article><h1>Budget passes</h1>");
        for (var i = 0; i < 40; i++)
        {
            sb.Append("<p>").Append(i == 0 ? ArticleOpening : $"Paragraph {i} of the article")
                .Append(", and the councillors who argued over schools, roads and clinics for months agreed that the money would arrive before the winter.</p>\n");
        }

        sb.Append("</article><section class=\"comments\">");
        for (var i = 0; i < comments; i++)
        {
            sb.Append("<div class=\"comment\" id=\"c").Append(i).Append("\"><span class=\"author\">reader").Append(i)
                .Append("</span><p>I read this and I think the roads will wait another year, as they always do here.</p></div>\n");
        }

        return sb.Append("</section></body></html>").ToString();
    }

    private static string Repeat(string unit, int times) => new StringBuilder(unit.Length * times).Insert(0, unit, times).ToString();
}
