using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Aggregator.FullText;
using Xunit;
using Xunit.Abstractions;

namespace Aggregator.Tests.FullText;

/// <summary>
/// Runs the extractor over the Mozilla Readability test pages (read in place) and measures how much of
/// each expected article text it recovers. Writes its section of tests/fulltext-report.md as a side effect.
/// </summary>
[Trait("Category", "Slow")]
public sealed partial class ReadabilityCorpusTests(ITestOutputHelper output)
{
    /// <summary>
    /// Achieved mean F1 minus a small margin; a scoring change that loses ground fails here. It was 0.9965 (floor
    /// 0.99) before the precision rules, which leave out the captions, datelines and related links that
    /// Readability's expected output keeps.
    /// </summary>
    private const double MeanF1Floor = 0.98;

    /// <summary>Mean per-page word-shingle F1, the issue's metric, against the same expected text, minus a margin.</summary>
    private const double MeanShingleF1Floor = 0.98;

    /// <summary>Measured on this corpus before the precision rules (commit 35adeee).</summary>
    private const string Before = "token F1 0.9965; word shingles: precision 0.9988, recall 0.9936, F1 0.9958";

    private static readonly Uri PageUrl = new("http://fakehost/test/page.html");

    /// <summary>Why a page may score below 0.5. A new low page without an entry here fails the test.</summary>
    /// <remarks>Empty today: every page scores at least 0.78 (the lowest is hukumusume, a table-layout page).</remarks>
    private static readonly Dictionary<string, string> LowScoreReasons = new(StringComparer.Ordinal)
    {
    };

    /// <summary>Known gaps above 0.5, written into the report so a reader need not rediscover them.</summary>
    private static readonly Dictionary<string, string> GapNotes = new(StringComparer.Ordinal)
    {
        ["hukumusume"] = "table-layout page; the expected output keeps the site's navigation cells (\"福娘童話集 > きょうのイソップ童話\", the day's other stories) around the fable, we keep the fable's own table",
        ["firefox-nightly-blog"] = "the expected output includes the reader comments (upstream fell back to a pass without unlikely-candidate stripping); we stop at the post, and so also miss the author link that sat in the stripped header",
        ["theverge"] = "we drop the in-article newsletter/subscription promo that the expected output keeps (\"newsletter\" is one of our extra unlikely-candidate hints)",
        ["yahoo-1"] = "a list of related-video links inside the article container; our extra link-list rule drops it, upstream keeps it; and the closing \"Ben Silverman is on Twitter\" author's note (`AuthorNotes`)",
        ["cnet"] = "the closing promos \"… Check it out here\", \"… Here\" (`PointerLines`) and the standfirst (the lede) differ from Readability's output",
    };

    private sealed record PageResult(string Page, double F1, (double Precision, double Recall, double F1) Shingles, (int Overlap, int Actual, int Expected) ShingleCounts, bool Title, bool Byline, bool Excerpt, long Millis);

    [GeneratedRegex(@"\s+")]
    private static partial Regex Space();

    [Fact]
    public void ReadabilityCorpus_MeanTextF1_StaysAboveFloor()
    {
        var root = Path.Combine(TestPaths.Corpora, "readability");
        var pages = Directory.GetDirectories(root).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();
        Assert.True(pages.Count > 100, "corpus missing");

        // Pages are independent and the extractor is pure, so the corpus runs in parallel to stay fast.
        var results = pages.AsParallel().AsOrdered().Select(page => Measure(root, page)).ToList();

        var mean = results.Average(r => r.F1);
        var shingleF1 = results.Average(r => r.Shingles.F1);
        foreach (var r in results)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.Page,-50} {r.F1:0.000} shingles P {r.Shingles.Precision:0.000} R {r.Shingles.Recall:0.000} T={Mark(r.Title)} B={Mark(r.Byline)} E={Mark(r.Excerpt)} {r.Millis}ms"));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"mean F1 {mean:0.0000}; shingles P {results.Average(r => r.Shingles.Precision):0.0000} R {results.Average(r => r.Shingles.Recall):0.0000} F1 {results.Average(r => r.Shingles.F1):0.0000}; title {results.Count(r => r.Title)}/{results.Count}, byline {results.Count(r => r.Byline)}, excerpt {results.Count(r => r.Excerpt)}; total {results.Sum(r => r.Millis)} ms"));
        FullTextReport.WriteSection("readability", Report(results, mean));

        var unexplained = results.Where(r => r.F1 < 0.5 && !LowScoreReasons.ContainsKey(r.Page)).Select(r => r.Page).ToList();
        Assert.True(unexplained.Count == 0, "pages below 0.5 without a reason: " + string.Join(", ", unexplained));
        Assert.True(mean >= MeanF1Floor, string.Create(CultureInfo.InvariantCulture, $"mean F1 {mean:0.0000} fell below {MeanF1Floor}"));
        Assert.True(shingleF1 >= MeanShingleF1Floor, string.Create(CultureInfo.InvariantCulture, $"mean shingle F1 {shingleF1:0.0000} fell below {MeanShingleF1Floor}"));
    }

    private static PageResult Measure(string root, string page)
    {
        var dir = Path.Combine(root, page);
        var source = File.ReadAllText(Path.Combine(dir, "source.html"));
        // Read as the published entry is read (blocks apart, nothing unpainted), so both sides are the same kind of text.
        var expectedText = VisibleText.Of(File.ReadAllText(Path.Combine(dir, "expected.html")));
        using var meta = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "expected-metadata.json")));

        var watch = Stopwatch.StartNew();
        var article = ArticleExtractor.Extract(source, PageUrl);
        watch.Stop();
        var published = VisibleText.Published(article, PageUrl);

        return new PageResult(
            page,
            TokenF1.Of(published, expectedText),
            ShingleF1.Of(published, expectedText),
            ShingleF1.Counts(published, expectedText),
            Matches(meta.RootElement, "title", article.Title),
            Matches(meta.RootElement, "byline", article.Byline),
            Matches(meta.RootElement, "excerpt", article.Excerpt),
            watch.ElapsedMilliseconds);
    }

    private static bool Matches(JsonElement meta, string field, string? actual)
    {
        var expected = meta.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        if (string.IsNullOrWhiteSpace(expected))
        {
            return string.IsNullOrWhiteSpace(actual);
        }

        return actual is not null && string.Equals(Norm(expected), Norm(actual), StringComparison.Ordinal);
    }

    private static string Norm(string s) => Space().Replace(s, " ").Trim().ToLowerInvariant();

    private static string Mark(bool ok) => ok ? "y" : "n";

    private static string Report(List<PageResult> results, double mean)
    {
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        sb.AppendLine("## Mozilla Readability corpus");
        sb.AppendLine();
        sb.AppendLine("`ReadabilityCorpusTests`. Text F1 is the bag-of-words token F1 of the extracted content as the published entry shows it (sanitized, then `ReaderText`) against");
        sb.AppendLine("the text of `expected.html`; the shingle figures are precision/recall/F1 over runs of four words (the");
        sb.AppendLine("issue's metric), averaged over pages; title/byline/excerpt match expected-metadata.json after whitespace");
        sb.AppendLine("and case folding (both empty counts as a match). Token F1 ignores order and repeats: it measures which");
        sb.AppendLine("words came out. Shingle precision is the share of the output's four-word runs that are in the expected text");
        sb.AppendLine("(a caption or dateline spliced in lowers it), shingle recall the share of the expected runs the output has");
        sb.AppendLine("(a missed lede or paragraph lowers it); the per-page mean is the test's floor, the pooled figure weighs pages");
        sb.AppendLine("by length. This is the outside check's kind of metric, but against Readability's output, not a hand-made body.");
        sb.AppendLine();
        sb.AppendLine("The extractor ports Readability's own algorithm, and expected.html is Readability's output, so this");
        sb.AppendLine("measures fidelity to Readability more than absolute quality; the differences listed below are mostly");
        sb.AppendLine("deliberate additions (newsletter/fundraising hints, link-only lists dropped) or upstream's retry quirks.");
        sb.AppendLine("Since the precision rules (`BoilerplateFilter`) the extractor also leaves out photo captions and credits,");
        sb.AppendLine("datelines, share labels and related-link lists, which Readability keeps: that is most of the recall lost here.");
        sb.AppendLine("The second pass (0.9849 to the figure below) costs breitbart its author bio (\"Follow him on Twitter\"), cnet-svg-classes");
        sb.AppendLine("a video embed's caption and nytimes-4 its \"A version of this article appears in print\" and \"Subscribe\" lines.");
        sb.AppendLine("Keeping the lede (shingle F1 0.9841 to the figure below) adds to cnet, folha, gitlab-blog, quanta-1, salon-1, theverge and");
        sb.AppendLine("topicseed-1 the standfirst above the container that Readability's expected output leaves out.");
        sb.AppendLine();
        sb.AppendLine(inv, $"- Pages: {results.Count}");
        sb.AppendLine(inv, $"- Mean text F1: **{mean:0.0000}** (test floor {MeanF1Floor:0.00})");
        sb.AppendLine(inv, $"- Word shingles: precision {results.Average(r => r.Shingles.Precision):0.0000}, recall {results.Average(r => r.Shingles.Recall):0.0000}, F1 **{results.Average(r => r.Shingles.F1):0.0000}** (test floor {MeanShingleF1Floor:0.00})");
        var overlap = results.Sum(r => r.ShingleCounts.Overlap);
        var (pooledP, pooledR) = ((double)overlap / results.Sum(r => r.ShingleCounts.Actual), (double)overlap / results.Sum(r => r.ShingleCounts.Expected));
        sb.AppendLine(inv, $"- Word shingles pooled over all pages (long pages weigh more): precision {pooledP:0.0000}, recall {pooledR:0.0000}, F1 {2 * pooledP * pooledR / (pooledP + pooledR):0.0000}");
        sb.AppendLine(inv, $"- Before the precision rules: {Before}");
        sb.AppendLine(inv, $"- Pages with F1 ≥ 0.9: {results.Count(r => r.F1 >= 0.9)}; below 0.5: {results.Count(r => r.F1 < 0.5)}");
        sb.AppendLine(inv, $"- Title match: {results.Count(r => r.Title)}/{results.Count}; byline: {results.Count(r => r.Byline)}/{results.Count}; excerpt: {results.Count(r => r.Excerpt)}/{results.Count}");
        sb.AppendLine();
        sb.AppendLine("### Pages below 0.5");
        sb.AppendLine();
        var low = results.Where(r => r.F1 < 0.5).ToList();
        if (low.Count == 0)
        {
            sb.AppendLine("None.");
        }

        foreach (var r in low)
        {
            sb.AppendLine(inv, $"- `{r.Page}` ({r.F1:0.000}): {LowScoreReasons.GetValueOrDefault(r.Page, "NO REASON GIVEN")}");
        }

        sb.AppendLine();
        sb.AppendLine("### Pages below 0.97");
        sb.AppendLine();
        foreach (var r in results.Where(r => r.F1 is >= 0.5 and < 0.97))
        {
            sb.AppendLine(inv, $"- `{r.Page}` ({r.F1:0.000}): {GapNotes.GetValueOrDefault(r.Page, "no note")}");
        }

        sb.AppendLine();
        sb.AppendLine("### Per page");
        sb.AppendLine();
        sb.AppendLine("| page | text F1 | shingle P | shingle R | title | byline | excerpt |");
        sb.AppendLine("|---|---:|---:|---:|:-:|:-:|:-:|");
        foreach (var r in results)
        {
            sb.AppendLine(inv, $"| {r.Page} | {r.F1:0.000} | {r.Shingles.Precision:0.000} | {r.Shingles.Recall:0.000} | {Mark(r.Title)} | {Mark(r.Byline)} | {Mark(r.Excerpt)} |");
        }

        return sb.ToString();
    }
}
