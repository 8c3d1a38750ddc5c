using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Aggregator.Configuration;
using Aggregator.Fetch;
using Aggregator.FullText;
using Aggregator.Hosting;
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
/// Issue 20, end to end: what a feed reader gets for a full-text article, scored the way the outside check scores it.
/// A real outlet on 127.0.0.1 lists every Readability corpus page (read in place); the real pipeline polls it with
/// `fullText` into a temp SQLite store and drains the backlog; the published Atom and JSON feeds are fetched over
/// HTTP, each entry's content turned into visible text and compared by word shingles with the page's expected text
/// and with the extractor's own TextContent for the same page. Whatever the road from the extractor to the entry
/// adds or loses shows up as the difference between the two. Writes its section of tests/fulltext-report.md.
/// </summary>
[Trait("Category", "Slow")]
public sealed class EndToEndTextTests(ITestOutputHelper output)
{
    /// <summary>
    /// The published text against the extractor's, pooled shingle F1. The road should add and lose nothing: what
    /// is left is text the benchmark's conversion and the extractor's renderer split differently.
    /// </summary>
    private const double PublishedVersusExtractorFloor = 0.999;

    /// <summary>The published text against the expected text, pooled shingle F1, minus a margin (measured in the report).</summary>
    private const double PublishedVersusExpectedFloor = 0.985;

    /// <summary>Measured by this test before the fixes to the road (video embeds as bare URLs, formulas dropped).</summary>
    private const string Before = "Atom content against the expected text P 0.9940 R 0.9822 F1 0.9881; against the extractor's text P 0.9975 R 0.9982 F1 0.9979 (JSON Feed the same)";

    /// <param name="WithFurniture">
    /// The extractor's text with the corpus outlet's learned furniture taken off (blocks it repeats on other pages, as
    /// the Readability corpus's synthetic pages repeat their Lorem ipsum): what the road publishes once the outlet's memory
    /// has learned them, which depends on the order the backlog fetched the pages in.
    /// </param>
    private sealed record Page(string Name, string Expected, string Extracted, string? WithFurniture = null);

    private sealed record Score(string Page, (int Overlap, int Actual, int Expected) VersusExpected, (int Overlap, int Actual, int Expected) VersusExtracted, string Added, string Lost, bool ByFurniture = false);

    [Fact]
    public async Task PublishedEntries_CarryTheExtractedArticle_NothingAddedNorLost()
    {
        var root = Path.Combine(TestPaths.Corpora, "readability");
        var names = Directory.GetDirectories(root).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();
        Assert.True(names.Count > 100, "corpus missing");
        var sources = new List<(string Name, string Html)>();
        foreach (var name in names)
        {
            sources.Add((name, await File.ReadAllTextAsync(Path.Combine(root, name, "source.html"))));
        }

        var run = await PublishAsync(sources);
        var pages = new Dictionary<string, Page>(StringComparer.Ordinal);
        foreach (var (name, html) in sources)
        {
            var expected = VisibleText.Of(await File.ReadAllTextAsync(Path.Combine(root, name, "expected.html")));
            pages[name] = new Page(name, expected, VisibleText.Published(ArticleExtractor.Extract(html, run.Urls[name]), run.Urls[name]),
                VisibleText.Published(ArticleExtractor.Extract(html, run.Urls[name], run.Furniture), run.Urls[name]));
        }

        var scores = Measure(pages, run.Atom);
        var jsonScores = Measure(pages, run.Json);
        var missing = names.Where(name => !run.Atom.ContainsKey(name)).ToList();
        var (versusExpected, versusExtracted) = (Pooled(scores, s => s.VersusExpected), Pooled(scores, s => s.VersusExtracted));
        var (jsonExpected, jsonExtracted) = (Pooled(jsonScores, s => s.VersusExpected), Pooled(jsonScores, s => s.VersusExtracted));
        var extractorAlone = Pooled(pages.Values.Select(p => ShingleF1.Counts(p.Extracted, p.Expected)).ToList(), c => c);
        var markdown = Report(pages.Count, missing, scores, versusExpected, versusExtracted, jsonExpected, jsonExtracted, extractorAlone);
        output.WriteLine(markdown);
        FullTextReport.WriteSection("end-to-end", markdown);

        Assert.True(missing.Count == 0, "pages with no published entry: " + string.Join(", ", missing));
        Assert.True(versusExtracted.F1 >= PublishedVersusExtractorFloor, Describe("Atom against the extractor's text", versusExtracted, PublishedVersusExtractorFloor));
        Assert.True(jsonExtracted.F1 >= PublishedVersusExtractorFloor, Describe("JSON Feed against the extractor's text", jsonExtracted, PublishedVersusExtractorFloor));
        Assert.True(versusExpected.F1 >= PublishedVersusExpectedFloor, Describe("Atom against the expected text", versusExpected, PublishedVersusExpectedFloor));
        Assert.True(jsonExpected.F1 >= PublishedVersusExpectedFloor, Describe("JSON Feed against the expected text", jsonExpected, PublishedVersusExpectedFloor));
    }

    /// <summary>
    /// The same road on real news and blog pages from many sites (a sample of trafilatura's evaluation pages, raw bytes
    /// decoded as the fetcher does): they have no full expected text, but the published text must still be the extractor's.
    /// </summary>
    [Fact]
    public async Task PublishedEntries_OfNewsPages_CarryTheExtractedArticle_NothingAddedNorLost()
    {
        var root = Path.Combine(TestPaths.Corpora, "trafilatura-eval");
        using var eval = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(root, "eval.json")));
        var files = eval.RootElement.EnumerateArray().Select(e => e.GetProperty("file").GetString()!).ToList();
        Assert.True(files.Count > 900, "corpus missing");
        var sources = new List<(string Name, string Html)>();
        foreach (var file in files.Where((_, i) => i % NewsPageStep == 0))
        {
            await using var gzip = new GZipStream(File.OpenRead(Path.Combine(root, file)), CompressionMode.Decompress);
            using var bytes = new MemoryStream();
            await gzip.CopyToAsync(bytes);
            sources.Add((Path.GetFileNameWithoutExtension(Path.GetFileNameWithoutExtension(file)), BodyDecoder.Decode(bytes.ToArray()).Text));
        }

        var run = await PublishAsync(sources);
        // A page with no article (too large, or nothing readable) keeps its feed's teaser: not the road under test.
        var extracted = sources.ToDictionary(s => s.Name, s => ArticleExtractor.Extract(s.Html, run.Urls[s.Name]), StringComparer.Ordinal);
        var pages = extracted.Select(e => new Page(e.Key, "", VisibleText.Published(e.Value, run.Urls[e.Key])))
            .Where(p => p.Extracted.Length > 0).ToDictionary(p => p.Name, StringComparer.Ordinal);
        var scores = Measure(pages, run.Atom);
        foreach (var s in scores.Where(s => F1Of(s.VersusExtracted) < 1))
        {
            // Whether the sanitizer alone makes the difference, and the markup it got, to say why in the report.
            var html = extracted[s.Page].ContentHtml ?? "";
            var sanitized = VisibleText.Of(Aggregator.Normalize.HtmlSanitizer.Sanitize(html, run.Urls[s.Page]));
            output.WriteLine($"{s.Page}: sanitizer alone reproduces it: {sanitized == VisibleText.Of(run.Atom[s.Page])}; lost {s.Lost}");
        }

        var missing = pages.Keys.Where(name => !run.Atom.ContainsKey(name)).ToList();
        var versusExtracted = Pooled(scores, s => s.VersusExtracted);
        var jsonExtracted = Pooled(Measure(pages, run.Json), s => s.VersusExtracted);
        var markdown = NewsReport(sources.Count, pages.Count, missing, scores, versusExtracted, jsonExtracted);
        output.WriteLine(markdown);
        FullTextReport.WriteSection("end-to-end-news", markdown);

        Assert.True(missing.Count <= pages.Count / 50, "pages with no published entry: " + string.Join(", ", missing));
        Assert.True(versusExtracted.F1 >= PublishedVersusExtractorFloor, Describe("Atom against the extractor's text", versusExtracted, PublishedVersusExtractorFloor));
        Assert.True(jsonExtracted.F1 >= PublishedVersusExtractorFloor, Describe("JSON Feed against the extractor's text", jsonExtracted, PublishedVersusExtractorFloor));
    }

    /// <summary>Why a page's published text differs from the extractor's, when looked at.</summary>
    private static readonly Dictionary<string, string> RoadNotes = new(StringComparer.Ordinal)
    {
        // Empty: einfachspanien.de.malaga differed by a `<title>` that broken markup put in the body, counted by the
        // extractor's text and dropped by the sanitizer; the extractor's text is now read the sanitizer's way (ReaderText).
    };

    /// <summary>What a published entry carries at its top and bottom against the outside check's ground truth, and what was tried (issue 20).</summary>
    private static readonly string[] WhatAnEntryCarries =
    [
        "The outside check's ground truth is an annotated `articleBody`: the article's text with its subheadings, without the",
        "headline, byline and dates (other fields of the annotating service's schema; captions and embeds are in its HTML variant only). The extractor's",
        "TextContent, which the corpus tests score, is read the way this test reads an entry (`ReaderText`, under the sanitizer's",
        "policy): a `<form>` the sanitizer dropped with its content had cost 3 \"with\" snippets on trafilatura's pages (TP 2734 to",
        "2731 when the text was first read that way); the sanitizer now unwraps forms, dropping only their controls. Subheadings,",
        "lists and tables reach the entry as they are. The headline is not repeated on most pages: the first line of the content is",
        "the page title (token overlap above 0.75 both ways) on 17 of 987 trafilatura pages (9 dev, 8 held-out) and 4 of 129",
        "Readability pages. Measured and not kept: leaving that line out of the content (1 \"with\" snippet lost on each half, no",
        "\"without\" snippet fewer: this corpus counts those titles as text; Readability's expected output keeps it on tumblr).",
    ];

    /// <summary>Every fourth page: about 250 pages keep the test near a minute on a loaded machine.</summary>
    private const int NewsPageStep = 4;

    private sealed record Published(Dictionary<string, Uri> Urls, Dictionary<string, string> Atom, Dictionary<string, string> Json, OutletFurniture Furniture);

    /// <summary>
    /// Serves the pages from an outlet on 127.0.0.1 whose RSS feed lists them as teasers, polls it with fullText
    /// through the real pipeline into a temp SQLite store, drains the backlog, and reads each entry's content from
    /// the Atom and JSON feeds served over HTTP; keyed by page name.
    /// </summary>
    private static async Task<Published> PublishAsync(List<(string Name, string Html)> sources)
    {
        await using var outlet = await OutletServer.StartAsync(TestPaths.TestData("outlets"));
        using var folder = new TempFolder();
        var urls = new Dictionary<string, Uri>(StringComparer.Ordinal);
        var published = new DateTimeOffset(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);
        var items = new StringBuilder();
        for (var i = 0; i < sources.Count; i++)
        {
            var name = sources[i].Name;
            var url = urls[name] = outlet.Url($"pages/{name}.html");
            outlet.Set($"pages/{name}.html", sources[i].Html, "text/html; charset=utf-8");
            items.Append(CultureInfo.InvariantCulture, $"""
                <item><title>Page {name}</title><link>{url}</link><guid isPermaLink="false">page-{name}</guid>
                <description>Teaser of page {name}, as the feed gives it.</description>
                <pubDate>{published.AddMinutes(-i).ToString("R", CultureInfo.InvariantCulture)}</pubDate></item>
                """);
        }

        outlet.Set("pages/feed.rss", $"""<rss version="2.0"><channel><title>Corpus</title><link>{outlet.BaseUrl}</link>{items}</channel></rss>""");
        await using var app = await FeedsWorker.StartAsync(folder, $$"""
            { "defaults": { "maxItemsPerFeed": 500 },
              "outlets": [ { "id": "corpus", "name": "Corpus", "url": "{{outlet.Url("pages/feed.rss")}}", "fullText": true } ] }
            """);
        var snapshot = app.Snapshot;

        var refresher = app.Services.GetRequiredService<OutletRefresher>();
        var corpus = snapshot.FindOutlet("corpus")!;
        var report = await refresher.RefreshAsync(corpus, CancellationToken.None);
        Assert.True(report.Error is null, report.ToString());
        for (var drains = 0; drains < (sources.Count / FullTextEnricher.MaxPagesPerPoll) + 2; drains++)
        {
            if (await refresher.DrainBacklogAsync(corpus, CancellationToken.None) == 0)
            {
                break;
            }
        }

        using var http = new HttpClient { BaseAddress = app.App.Address, Timeout = TimeSpan.FromMinutes(2) };
        var atom = Entries(XDocument.Parse(await http.GetStringAsync(new Uri("/feeds/all.atom", UriKind.Relative))));
        using var json = JsonDocument.Parse(await http.GetStringAsync(new Uri("/feeds/all.json", UriKind.Relative)));
        var jsonEntries = json.RootElement.GetProperty("items").EnumerateArray()
            .ToDictionary(i => i.GetProperty("url").GetString()!, i => i.TryGetProperty("content_html", out var c) ? c.GetString() ?? "" : "", StringComparer.Ordinal);
        var names = urls.ToDictionary(u => u.Value.AbsoluteUri, u => u.Key, StringComparer.Ordinal);
        var furniture = await app.Services.GetRequiredService<FullTextEnricher>().Furniture.ForAsync(corpus.Id, CancellationToken.None);
        return new Published(urls,
            atom.Where(e => names.ContainsKey(e.Key)).ToDictionary(e => names[e.Key], e => e.Value, StringComparer.Ordinal),
            jsonEntries.Where(e => names.ContainsKey(e.Key)).ToDictionary(e => names[e.Key], e => e.Value, StringComparer.Ordinal),
            furniture);
    }

    private static Dictionary<string, string> Entries(XDocument feed)
    {
        XNamespace a = "http://www.w3.org/2005/Atom";
        return feed.Root!.Elements(a + "entry").ToDictionary(
            e => e.Elements(a + "link").First(l => (string?)l.Attribute("rel") is null or "alternate").Attribute("href")!.Value,
            e => e.Element(a + "content")?.Value ?? "",
            StringComparer.Ordinal);
    }

    private static List<Score> Measure(Dictionary<string, Page> pages, Dictionary<string, string> entries) =>
        pages.Where(p => entries.ContainsKey(p.Key)).AsParallel().Select(p =>
        {
            var text = VisibleText.Of(entries[p.Key]);
            // The road is judged against the extractor's text as the outlet's memory left it when that explains the entry
            // better: which shared blocks it had learned by a page's fetch is the backlog's order, not the road's doing.
            var byFurniture = p.Value.WithFurniture is { } learned && learned != p.Value.Extracted
                && F1Of(ShingleF1.Counts(text, learned)) > F1Of(ShingleF1.Counts(text, p.Value.Extracted));
            var reference = byFurniture ? p.Value.WithFurniture! : p.Value.Extracted;
            return new Score(p.Value.Name, ShingleF1.Counts(text, p.Value.Expected), ShingleF1.Counts(text, reference),
                Difference(text, reference), Difference(reference, text), byFurniture);
        }).OrderBy(s => s.Page, StringComparer.Ordinal).ToList();

    /// <summary>The words of <paramref name="text"/> the other lacks (as multisets), the first few, to say what differs.</summary>
    private static string Difference(string text, string other)
    {
        var left = ShingleF1.Words(other).GroupBy(w => w, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var extra = new List<string>();
        var count = 0;
        foreach (var word in ShingleF1.Words(text))
        {
            if (left.GetValueOrDefault(word) > 0)
            {
                left[word]--;
                continue;
            }

            count++;
            if (extra.Count < 12)
            {
                extra.Add(word);
            }
        }

        return count == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $"{count} words: {string.Join(' ', extra)}{(count > extra.Count ? " …" : "")}");
    }

    private static (double Precision, double Recall, double F1) Pooled<T>(IReadOnlyCollection<T> scores, Func<T, (int Overlap, int Actual, int Expected)> pick)
    {
        var overlap = scores.Sum(s => pick(s).Overlap);
        var precision = (double)overlap / Math.Max(1, scores.Sum(s => pick(s).Actual));
        var recall = (double)overlap / Math.Max(1, scores.Sum(s => pick(s).Expected));
        return (precision, recall, precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall));
    }

    private static double F1Of((int Overlap, int Actual, int Expected) c) =>
        c.Actual + c.Expected == 0 ? 1 : 2.0 * c.Overlap / (c.Actual + c.Expected);

    private static string Describe(string what, (double Precision, double Recall, double F1) s, double floor) =>
        string.Create(CultureInfo.InvariantCulture, $"{what}: P {s.Precision:0.0000} R {s.Recall:0.0000} F1 {s.F1:0.0000}, below the floor {floor}");

    private static string Report(int pageCount, List<string> missing, List<Score> scores,
        (double Precision, double Recall, double F1) versusExpected, (double Precision, double Recall, double F1) versusExtracted,
        (double Precision, double Recall, double F1) jsonExpected, (double Precision, double Recall, double F1) jsonExtracted,
        (double Precision, double Recall, double F1) extractorAlone)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine("## End to end: what a feed reader gets (Readability corpus pages)");
        sb.AppendLine();
        sb.AppendLine("`EndToEndTextTests`: an outlet on 127.0.0.1 lists every Readability corpus page (read in place) in an RSS feed");
        sb.AppendLine("of teasers; the real pipeline polls it with `\"fullText\": true` into a temp SQLite store and drains the backlog;");
        sb.AppendLine("`/feeds/all.atom` and `/feeds/all.json` are fetched over HTTP and each entry's content (Atom `content`, JSON");
        sb.AppendLine("`content_html`) is turned into visible text (text nodes in order, block elements and `<br>` on their own lines, no");
        sb.AppendLine("attribute text), then scored by word shingles (runs of four words, pooled over pages) against the visible text of");
        sb.AppendLine("`expected.html`, and against the extractor's own `TextContent` for the same page. The second comparison isolates");
        sb.AppendLine("the road from the extractor to the entry (sanitizer, store, feed writers): it should add and lose nothing.");
        sb.AppendLine();
        sb.AppendLine(inv, $"- Pages: {pageCount}; published: {scores.Count}; missing: {(missing.Count == 0 ? "none" : string.Join(", ", missing))}");
        sb.AppendLine(inv, $"- Atom content against the expected text: precision {versusExpected.Precision:0.0000}, recall {versusExpected.Recall:0.0000}, F1 **{versusExpected.F1:0.0000}** (floor {PublishedVersusExpectedFloor})");
        sb.AppendLine(inv, $"- JSON Feed content_html against the expected text: precision {jsonExpected.Precision:0.0000}, recall {jsonExpected.Recall:0.0000}, F1 **{jsonExpected.F1:0.0000}**");
        sb.AppendLine(inv, $"- The extractor's TextContent against the expected text: precision {extractorAlone.Precision:0.0000}, recall {extractorAlone.Recall:0.0000}, F1 {extractorAlone.F1:0.0000}");
        sb.AppendLine(inv, $"- Atom content against the extractor's TextContent: precision {versusExtracted.Precision:0.0000} (what the road adds lowers it), recall {versusExtracted.Recall:0.0000} (what it loses), F1 **{versusExtracted.F1:0.0000}** (floor {PublishedVersusExtractorFloor})");
        sb.AppendLine(inv, $"- JSON Feed content_html against the extractor's TextContent: precision {jsonExtracted.Precision:0.0000}, recall {jsonExtracted.Recall:0.0000}, F1 **{jsonExtracted.F1:0.0000}**");
        sb.AppendLine(inv, $"- Before the road's fixes: {Before}");
        var learned = scores.Where(s => s.ByFurniture).Select(s => s.Page).ToList();
        sb.AppendLine(inv, $"- Judged against the extractor's text with the corpus outlet's learned furniture taken off (blocks the one outlet repeats on other pages, taken off as on a real site once learned; which pages, depends on the backlog's order): {learned.Count}{(learned.Count == 0 ? "" : " (" + string.Join(", ", learned) + ")")}");
        sb.AppendLine();
        foreach (var line in WhatAnEntryCarries)
        {
            sb.AppendLine(line);
        }
        sb.AppendLine();
        sb.AppendLine("### Pages whose published text differs most from the extractor's");
        sb.AppendLine();
        sb.AppendLine("| page | F1 against extractor | F1 against expected | words added | words lost |");
        sb.AppendLine("|---|---:|---:|---|---|");
        foreach (var s in scores.Where(s => F1Of(s.VersusExtracted) < 1).OrderBy(s => F1Of(s.VersusExtracted)).Take(12))
        {
            sb.AppendLine(inv, $"| {s.Page} | {F1Of(s.VersusExtracted):0.0000} | {F1Of(s.VersusExpected):0.0000} | {Cell(s.Added)} | {Cell(s.Lost)} |");
        }

        return sb.ToString();
    }

    private static string NewsReport(int pageCount, int withArticle, List<string> missing, List<Score> scores,
        (double Precision, double Recall, double F1) versusExtracted, (double Precision, double Recall, double F1) jsonExtracted)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine("## End to end on news pages (trafilatura-eval sample)");
        sb.AppendLine();
        sb.AppendLine(inv, $"`EndToEndTextTests`, the same road on every {NewsPageStep}th page of trafilatura's evaluation set (raw bytes decoded by");
        sb.AppendLine("`BodyDecoder`, served as UTF-8): news and blog pages from many sites, with no full expected text, so only the");
        sb.AppendLine("published text against the extractor's own `TextContent` is scored (pooled word shingles).");
        sb.AppendLine();
        sb.AppendLine(inv, $"- Pages: {pageCount}; with an article: {withArticle}; published: {scores.Count}; missing: {(missing.Count == 0 ? "none" : string.Join(", ", missing))}");
        sb.AppendLine(inv, $"- Atom content against the extractor's TextContent: precision {versusExtracted.Precision:0.0000}, recall {versusExtracted.Recall:0.0000}, F1 **{versusExtracted.F1:0.0000}** (floor {PublishedVersusExtractorFloor})");
        sb.AppendLine(inv, $"- JSON Feed content_html against the extractor's TextContent: precision {jsonExtracted.Precision:0.0000}, recall {jsonExtracted.Recall:0.0000}, F1 **{jsonExtracted.F1:0.0000}**");
        sb.AppendLine();
        sb.AppendLine("| page | F1 against extractor | words added | words lost | why |");
        sb.AppendLine("|---|---:|---|---|---|");
        foreach (var s in scores.Where(s => F1Of(s.VersusExtracted) < 1).OrderBy(s => F1Of(s.VersusExtracted)).Take(15))
        {
            sb.AppendLine(inv, $"| {s.Page} | {F1Of(s.VersusExtracted):0.0000} | {Cell(s.Added)} | {Cell(s.Lost)} | {Cell(RoadNotes.GetValueOrDefault(s.Page, "not looked at"))} |");
        }

        return sb.ToString();
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}
