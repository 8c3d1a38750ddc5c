using System.Globalization;
using System.Text;
using System.Text.Json;
using Aggregator.Configuration;
using Aggregator.FullText;
using Aggregator.Hosting;
using Aggregator.Observability;
using Aggregator.Pipeline;
using Aggregator.Publish;
using Aggregator.Publish.Http;
using Aggregator.Store;
using Aggregator.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using Xunit.Abstractions;

namespace Aggregator.Tests.FullText;

/// <summary>
/// An outlet whose article pages share a template (<see cref="TemplateOutlet"/>), served on 127.0.0.1 and polled with
/// `fullText` by the real pipeline into a temp SQLite store, one new article per poll as an outlet publishes them; each
/// entry's content read from the JSON Feed served over HTTP and scored by word shingles against the page's article
/// body, beside the same page extracted alone (no memory of the outlet's other pages). Writes its section of
/// tests/fulltext-report.md.
/// </summary>
public sealed class OutletFurnitureEndToEndTests(ITestOutputHelper output)
{
    /// <summary>Pooled shingle precision of the pages the memory can help, measured by this test (1.0000: every template block gone, no article line lost), minus a margin.</summary>
    private const double PrecisionFloor = 0.99;

    [Fact]
    public async Task TemplatePages_LoseTheirFurniture_FromTheThirdPageOn_KeepingEveryArticleLine()
    {
        await using var outlet = await OutletServer.StartAsync(TestPaths.TestData("outlets"));
        var site = outlet.Url("site/");
        var pages = TemplateOutlet.Build(site);
        Assert.True(pages.Count >= 10, $"{pages.Count} pages");
        foreach (var page in pages)
        {
            outlet.Set($"site/{page.Slug}.html", page.Html, "text/html; charset=utf-8");
        }

        using var folder = new TempFolder();
        await using var app = await FeedsWorker.StartAsync(folder, $$"""
            { "outlets": [ { "id": "template", "name": "Template", "url": "{{outlet.Url("site/feed.rss")}}", "fullText": true } ] }
            """);
        var snapshot = app.Snapshot;
        // Listening before the polls: the exporter counts what is recorded once it exists.
        var exporter = app.Services.GetRequiredService<PrometheusExporter>();
        var refresher = app.Services.GetRequiredService<OutletRefresher>();
        var template = snapshot.FindOutlet("template")!;

        // One new article per poll: page n is extracted knowing the n - 1 pages before it.
        var published = new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
        for (var n = 1; n <= pages.Count; n++)
        {
            outlet.Set("site/feed.rss", Feed(site, pages.Take(n).ToList(), published));
            var report = await refresher.RefreshAsync(template, CancellationToken.None);
            Assert.True(report.Error is null && report.New == 1, report.ToString());
        }

        using var http = new HttpClient { BaseAddress = app.App.Address, Timeout = TimeSpan.FromMinutes(2) };
        using var json = JsonDocument.Parse(await http.GetStringAsync(new Uri("/feeds/all.json", UriKind.Relative)));
        var entries = json.RootElement.GetProperty("items").EnumerateArray()
            .ToDictionary(i => i.GetProperty("url").GetString()!, i => i.TryGetProperty("content_html", out var c) ? c.GetString() ?? "" : "", StringComparer.Ordinal);

        var rows = new List<Row>();
        for (var n = 0; n < pages.Count; n++)
        {
            var url = new Uri(site, pages[n].Slug + ".html");
            Assert.True(entries.TryGetValue(url.AbsoluteUri, out var content), "no entry for " + url);
            var alone = VisibleText.Published(ArticleExtractor.Extract(pages[n].Html, url), url);
            var after = VisibleText.Of(content);
            rows.Add(new Row(n + 1, ShingleF1.Counts(alone, pages[n].Body), ShingleF1.Counts(after, pages[n].Body), after));
        }

        var markdown = Report(rows);
        output.WriteLine(markdown);
        FullTextReport.WriteSection("outlet-furniture", markdown);

        foreach (var row in rows)
        {
            // No article line may be lost to the memory.
            Assert.True(row.After.Overlap == row.Before.Overlap && row.After.Expected == row.Before.Expected, $"page {row.Page}: recall changed");
            Assert.True(row.After.Overlap == row.After.Expected, $"page {row.Page}: article text missing: {row.Text}");
        }

        foreach (var row in rows.Take(OutletFurniture.MinOtherPages))
        {
            Assert.True(row.After == row.Before, $"page {row.Page} changed with too few pages before it");
        }

        foreach (var row in rows.Skip(OutletFurniture.MinOtherPages))
        {
            Assert.True(row.After.Actual < row.Before.Actual, $"page {row.Page}: nothing left out: {row.Text}");
            Assert.DoesNotContain("Fundraising", row.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("readers like you", row.Text, StringComparison.Ordinal);
        }

        // Nothing left out silently: /metrics counts the blocks, by outlet.
        var counted = exporter.Scrape().Split('\n').Single(l => l.StartsWith("aggregator_fulltext_repeated_blocks_total{outlet=\"template\"} ", StringComparison.Ordinal));
        Assert.True(long.Parse(counted.Split(' ')[^1], CultureInfo.InvariantCulture) >= pages.Count - OutletFurniture.MinOtherPages, counted);

        var helped = Pooled(rows.Skip(OutletFurniture.MinOtherPages), r => r.After);
        Assert.True(helped.Precision >= PrecisionFloor, $"pooled precision from page {OutletFurniture.MinOtherPages + 1} on: {helped.Precision:F4} < {PrecisionFloor}");
    }

    private sealed record Row(int Page, (int Overlap, int Actual, int Expected) Before, (int Overlap, int Actual, int Expected) After, string Text);

    internal static string Feed(Uri site, List<TemplatePage> pages, DateTimeOffset first)
    {
        var items = new StringBuilder();
        for (var i = pages.Count - 1; i >= 0; i--)
        {
            var url = new Uri(site, pages[i].Slug + ".html");
            items.Append(CultureInfo.InvariantCulture, $"""
                <item><title>{System.Net.WebUtility.HtmlEncode(pages[i].Title)}</title><link>{url}</link><guid isPermaLink="false">{pages[i].Slug}</guid>
                <description>Teaser of {pages[i].Slug}.</description><pubDate>{first.AddHours(i).ToString("R", CultureInfo.InvariantCulture)}</pubDate></item>
                """);
        }

        return $"""<rss version="2.0"><channel><title>Template</title><link>{site}</link>{items}</channel></rss>""";
    }

    private static (double Precision, double Recall, double F1) Pooled(IEnumerable<Row> rows, Func<Row, (int Overlap, int Actual, int Expected)> pick)
    {
        var (overlap, actual, expected) = rows.Select(pick).Aggregate((0, 0, 0), (s, c) => (s.Item1 + c.Overlap, s.Item2 + c.Actual, s.Item3 + c.Expected));
        var precision = actual == 0 ? 0 : (double)overlap / actual;
        var recall = expected == 0 ? 0 : (double)overlap / expected;
        return (precision, recall, precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall));
    }

    private static string Report(List<Row> rows)
    {
        static string P((int Overlap, int Actual, int Expected) c) => (c.Actual == 0 ? 0 : (double)c.Overlap / c.Actual).ToString("F4", CultureInfo.InvariantCulture);
        static string R((int Overlap, int Actual, int Expected) c) => (c.Expected == 0 ? 0 : (double)c.Overlap / c.Expected).ToString("F4", CultureInfo.InvariantCulture);
        var sb = new StringBuilder()
            .AppendLine("## An outlet's repeated furniture (pages of one template)")
            .AppendLine()
            .AppendLine("`OutletFurnitureEndToEndTests`: an outlet of article pages generated from one template (`TemplateOutlet`: menu, a date line and")
            .AppendLine("the fixed part of a byline, a box offering the daily email, a \"More on this\" list of four of the six most-read headlines, the")
            .AppendLine("Popular Resistance sample's appeal printed twice, a footer; bodies of seven distinct sentences of the samples' teasers),")
            .AppendLine("served on 127.0.0.1 and polled with `fullText` into a temp SQLite store, one new page per poll; each entry read from the")
            .AppendLine("JSON Feed over HTTP and scored by four-word shingles against its article body. \"Alone\" is the same page extracted with no")
            .AppendLine(CultureInfo.InvariantCulture, $"memory of the outlet's other pages. `OutletFurniture` leaves out a block seen on at least {OutletFurniture.MinOtherPages} other pages of the outlet (of")
            .AppendLine(CultureInfo.InvariantCulture, $"its last {OutletFurniture.PagesRemembered}), so it helps from page {OutletFurniture.MinOtherPages + 1} on; a page whose repeated blocks are most of its text is left alone.")
            .AppendLine()
            .AppendLine("| page | alone P | alone R | polled P | polled R | shingles alone | shingles polled |")
            .AppendLine("|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var row in rows)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {row.Page} | {P(row.Before)} | {R(row.Before)} | {P(row.After)} | {R(row.After)} | {row.Before.Actual} | {row.After.Actual} |");
        }

        var alone = Pooled(rows.Skip(OutletFurniture.MinOtherPages), r => r.Before);
        var polled = Pooled(rows.Skip(OutletFurniture.MinOtherPages), r => r.After);
        var allAlone = Pooled(rows, r => r.Before);
        var allPolled = Pooled(rows, r => r.After);
        sb.AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"- Pages {OutletFurniture.MinOtherPages + 1}-{rows.Count}, pooled: alone P {alone.Precision:F4} R {alone.Recall:F4} F1 {alone.F1:F4}; polled P {polled.Precision:F4} R {polled.Recall:F4} F1 {polled.F1:F4}")
            .AppendLine(CultureInfo.InvariantCulture, $"- All {rows.Count} pages, pooled: alone P {allAlone.Precision:F4} R {allAlone.Recall:F4} F1 {allAlone.F1:F4}; polled P {allPolled.Precision:F4} R {allPolled.Recall:F4} F1 {allPolled.F1:F4}")
            .AppendLine()
            .AppendLine("Notes (issue 20, h45f). Both corpora hold one page per site, so the memory cannot act on them and their figures (trafilatura-eval")
            .AppendLine("dev and held-out, Readability's pages) are unchanged by it: the corpus tests extract each page alone. Where it acts on pages of")
            .AppendLine("different sites is the end-to-end tests, which poll every Readability page (129) or every 4th trafilatura page (247) as one")
            .AppendLine("outlet. Tried and not kept: a repeated block left out only while the repeated blocks are at most half the page's text: pages 3")
            .AppendLine("and 4 here kept all their furniture (it is 51-57% of their text), pages 3-12 pooled P 0.7998 (0.5452 alone); at 80% every page")
            .AppendLine("from the third is clean. Every block alike, a heading and a number alone too: on the end-to-end runs (different sites as one")
            .AppendLine("outlet) the Readability pages' published text fell to F1 0.9995 against the extractor's (recall against the expected text 0.9845")
            .AppendLine("to 0.9832): Readability's test pages share their lorem-ipsum filler (normalize-spaces, remove-extra-brs), Wikipedia's pages their")
            .AppendLine("\"See also\" and \"References\" headings, mercurial a \"Conclusion\" heading; the news pages' to 0.9991, list numbering and ratings")
            .AppendLine("(\"1 2 3 4 5\", which digit runs read as one word make alike). Kept: a block with no letter is never furniture, and a repeated")
            .AppendLine("heading goes only with the repeated block under it (an outlet's articles share their subheadings, not the text they head).")
            .AppendLine("Kept that way, the end-to-end runs lose only lorem-ipsum filler that three of Readability's test pages share (Readability's")
            .AppendLine("pages against the extractor's text F1 0.9997, recall against the expected text 0.9835; the news pages 1.0000).");
        return sb.ToString();
    }
}
