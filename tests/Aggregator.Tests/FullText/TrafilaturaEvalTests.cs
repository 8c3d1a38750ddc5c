using Aggregator.Fetch;
using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Aggregator.FullText;
using Aggregator.Parse;
using Xunit;
using Xunit.Abstractions;

namespace Aggregator.Tests.FullText;

/// <summary>
/// Scores the extractor on trafilatura's evaluation set (../shared/corpora/trafilatura-eval, read in place) the
/// way upstream does: raw bytes in, plain text out, each "with" snippet found is a true positive, each "without"
/// snippet found a false positive, counts summed over every page. Unlike the Readability corpus it rewards
/// leaving out captions, datelines, related links and comment boxes. Writes its section of tests/fulltext-report.md.
/// The pages are split into a development half, the only one rules may be tuned on, and a held-out half (by a stable
/// hash of the file name): the held-out figure is the one that predicts pages the project has never seen.
/// </summary>
[Collection(FullTextReport.Collection)]
public sealed partial class TrafilaturaEvalTests(ITestOutputHelper output)
{
    /// <summary>Achieved after the second precision pass (P 0.919, R 0.911, F1 0.915) minus a margin.</summary>
    private const double F1Floor = 0.910;

    private const double PrecisionFloor = 0.912;

    /// <summary>Before the precision rules recall was 0.917: the rules may cost a little of it, not more.</summary>
    private const double RecallFloor = 0.905;

    /// <summary>The held-out half reached F1 0.920 (P 0.925, R 0.915); a rule tuned on dev must not cost it more than the margin.</summary>
    private const double HeldOutF1Floor = 0.915;

    private const string Dev = "dev";

    private const string HeldOut = "held-out";

    /// <summary>Measured on this corpus with the extractor as it was before the precision rules (commit 35adeee).</summary>
    private const string Before = "TP 2700, FN 243, FP 419, TN 2538: precision 0.8657, recall 0.9174, F1 0.8908";

    /// <summary>Measured before the second precision pass (commit 12b8f32), whole corpus and per half.</summary>
    private const string BeforeSecondPass = "TP 2684, FN 259, FP 255: precision 0.9132, recall 0.9120, F1 0.9126; dev F1 0.9054 (P 0.9029, R 0.9079), held-out F1 0.9197 (P 0.9234, R 0.9160)";

    private sealed record Entry(string File, string Url, string[] With, string[] Without);

    private sealed record PageScore(Entry Entry, string[] Missing, string[] Leaked, long Millis)
    {
        public string Half => HalfOf(Entry.File);
    }

    private sealed record Totals(int Tp, int Fn, int Fp, int Tn)
    {
        public double Precision => (double)Tp / (Tp + Fp);

        public double Recall => (double)Tp / (Tp + Fn);

        public double F1 => 2.0 * Tp / (2 * Tp + Fp + Fn);

        public static Totals Of(IEnumerable<PageScore> scores)
        {
            var list = scores.ToList();
            return new Totals(
                list.Sum(s => s.Entry.With.Length - s.Missing.Length),
                list.Sum(s => s.Missing.Length),
                list.Sum(s => s.Leaked.Length),
                list.Sum(s => s.Entry.Without.Length - s.Leaked.Length));
        }

        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"TP {Tp}, FN {Fn}, FP {Fp}, TN {Tn}: precision {Precision:0.0000}, recall {Recall:0.0000}, F1 {F1:0.0000}");
    }

    /// <summary>
    /// FNV-1a of the file name, even for dev: stable across runs, machines and .NET versions (string.GetHashCode is
    /// randomised per process), and blind to what a page holds.
    /// </summary>
    private static string HalfOf(string file)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(Path.GetFileName(file)))
        {
            hash = unchecked((hash ^ b) * 16777619u);
        }

        return hash % 2 == 0 ? Dev : HeldOut;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Space();

    [Fact]
    [Trait("Category", "Slow")]
    public void TrafilaturaEval_SnippetScores_StayAboveFloors()
    {
        var root = Path.Combine(TestPaths.Corpora, "trafilatura-eval");
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "eval.json")));
        var entries = json.RootElement.EnumerateArray().Select(e => new Entry(
            e.GetProperty("file").GetString()!,
            e.GetProperty("url").GetString()!,
            e.GetProperty("with").EnumerateArray().Select(s => s.GetString()!).ToArray(),
            e.GetProperty("without").EnumerateArray().Select(s => s.GetString()!).ToArray())).ToList();
        Assert.True(entries.Count > 900, "corpus missing");

        // AGGREGATOR_FULLTEXT_PAGES=N scores every Nth page only: a quick look while iterating; floors apply to full runs.
        var step = int.TryParse(Environment.GetEnvironmentVariable("AGGREGATOR_FULLTEXT_PAGES"), out var n) && n > 1 ? n : 1;
        var sample = entries.Where((_, i) => i % step == 0).ToList();

        var devTally = new BoilerplateTally();
        var heldOutTally = new BoilerplateTally();
        var watch = Stopwatch.StartNew();
        var scores = sample.AsParallel().AsOrdered().Select(e => Score(root, e, HalfOf(e.File) == Dev ? devTally : heldOutTally)).ToList();
        watch.Stop();

        var all = Totals.Of(scores);
        var dev = Totals.Of(scores.Where(s => s.Half == Dev));
        var heldOut = Totals.Of(scores.Where(s => s.Half == HeldOut));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{all}; dev F1 {dev.F1:0.0000}, held-out F1 {heldOut.F1:0.0000}; {scores.Count} pages in {watch.ElapsedMilliseconds} ms, extraction {scores.Sum(s => s.Millis)} ms summed"));
        if (step > 1)
        {
            return;
        }

        FullTextReport.WriteSection("trafilatura-eval", Report(scores, all, dev, heldOut, devTally));

        Assert.True(all.F1 >= F1Floor, string.Create(CultureInfo.InvariantCulture, $"F1 {all.F1:0.0000} fell below {F1Floor}"));
        Assert.True(all.Precision >= PrecisionFloor, string.Create(CultureInfo.InvariantCulture, $"precision {all.Precision:0.0000} fell below {PrecisionFloor}"));
        Assert.True(all.Recall >= RecallFloor, string.Create(CultureInfo.InvariantCulture, $"recall {all.Recall:0.0000} fell below {RecallFloor}"));
        Assert.True(heldOut.F1 >= HeldOutF1Floor, string.Create(CultureInfo.InvariantCulture, $"held-out F1 {heldOut.F1:0.0000} fell below {HeldOutF1Floor}"));
    }

    private static PageScore Score(string root, Entry entry, BoilerplateTally tally)
    {
        using var gzip = new GZipStream(File.OpenRead(Path.Combine(root, entry.File)), CompressionMode.Decompress);
        using var bytes = new MemoryStream();
        gzip.CopyTo(bytes);

        // As in the pipeline: the extractor gets the page as the fetcher decoded it, charset sniffed from the bytes.
        var watch = Stopwatch.StartNew();
        var text = ArticleExtractor.Extract(BodyDecoder.Decode(bytes.ToArray()).Text, new Uri(entry.Url), tally).TextContent;
        watch.Stop();

        var flat = Flatten(text);
        return new PageScore(
            entry,
            entry.With.Where(s => !flat.Contains(Flatten(s), StringComparison.Ordinal)).ToArray(),
            entry.Without.Where(s => flat.Contains(Flatten(s), StringComparison.Ordinal)).ToArray(),
            watch.ElapsedMilliseconds);
    }

    private static string Flatten(string s) => Space().Replace(s, " ").Trim();

    private static string Report(List<PageScore> scores, Totals all, Totals dev, Totals heldOut, BoilerplateTally devTally)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine("## trafilatura-eval (snippets that must and must not appear)");
        sb.AppendLine();
        sb.AppendLine("`TrafilaturaEvalTests`: trafilatura's evaluation pages (../shared/corpora/trafilatura-eval, 987 of upstream's 990),");
        sb.AppendLine("raw bytes decoded by `BodyDecoder` as the fetcher does, then `ArticleExtractor.Extract(...).TextContent`.");
        sb.AppendLine("A \"with\" snippet found is TP, missing FN; a \"without\" snippet found is FP, missing TN; whitespace runs");
        sb.AppendLine("collapsed in both, case-sensitive substring match, counts summed over all pages (upstream's rule, see the");
        sb.AppendLine("corpus README). Published on the 990 pages: trafilatura 2.2.0 standard F1 0.924 (P 0.906, R 0.943),");
        sb.AppendLine("precision mode 0.920, readability-lxml 0.826, whole page text 0.667.");
        sb.AppendLine();
        sb.AppendLine("Pages are split in two by FNV-1a of the file name (even: dev). Rules are tuned on the dev half only and the");
        sb.AppendLine("held-out half is not looked at page by page, so its figure is the estimate for pages the project has never seen.");
        sb.AppendLine("The split came with the second precision pass: the first pass was tuned on all pages, so for its rules the");
        sb.AppendLine("held-out figure is somewhat optimistic; the gain of the second pass on held-out (F1 0.9197 to the figure below) is clean.");
        sb.AppendLine();
        sb.AppendLine("| pages | count | TP | FN | FP | precision | recall | F1 |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (name, t, count) in new[] { ("dev", dev, scores.Count(s => s.Half == Dev)), ("held-out", heldOut, scores.Count(s => s.Half == HeldOut)), ("all", all, scores.Count) })
        {
            sb.AppendLine(inv, $"| {name} | {count} | {t.Tp} | {t.Fn} | {t.Fp} | {t.Precision:0.0000} | {t.Recall:0.0000} | **{t.F1:0.0000}** |");
        }

        sb.AppendLine();
        sb.AppendLine(inv, $"- Now (all pages): {all}");
        sb.AppendLine(inv, $"- Before the second precision pass: {BeforeSecondPass}");
        sb.AppendLine(inv, $"- Before the precision rules: {Before}");
        sb.AppendLine(inv, $"- Floors: F1 ≥ {F1Floor:0.000}, precision ≥ {PrecisionFloor:0.000}, recall ≥ {RecallFloor:0.000}, held-out F1 ≥ {HeldOutF1Floor:0.000}");
        sb.AppendLine(inv, $"- Pages with every snippet right: {scores.Count(s => s.Missing.Length + s.Leaked.Length == 0)}/{scores.Count}");
        sb.AppendLine();
        sb.AppendLine("### Words each precision rule removed (dev half)");
        sb.AppendLine();
        sb.AppendLine("Words (whitespace-separated) that `BoilerplateFilter` took out of the chosen content, by kind, summed over the");
        sb.AppendLine("dev pages; \"(markup)\" rules go by class/id/itemprop names, \"(text)\" rules by what the line says. Rules run in");
        sb.AppendLine("this order: markup, then lines, then closing sections and link lists; a block counts for the first rule that took it.");
        sb.AppendLine();
        sb.AppendLine("| kind | words |");
        sb.AppendLine("|---|---:|");
        foreach (var (kind, words) in devTally.Words.OrderByDescending(k => k.Value).ThenBy(k => k.Key, StringComparer.Ordinal))
        {
            sb.AppendLine(inv, $"| {kind} | {words} |");
        }

        sb.AppendLine(inv, $"| total | {devTally.Words.Values.Sum()} |");
        sb.AppendLine();
        sb.AppendLine("### Pages with a snippet wrong");
        sb.AppendLine();
        sb.AppendLine("`−` a \"with\" snippet missing from the text, `+` a \"without\" snippet present in it (first 60 characters).");
        sb.AppendLine();
        foreach (var s in scores.Where(s => s.Missing.Length + s.Leaked.Length > 0))
        {
            var parts = s.Missing.Select(m => "− " + Short(m)).Concat(s.Leaked.Select(l => "+ " + Short(l)));
            sb.AppendLine(inv, $"- `{Path.GetFileName(s.Entry.File)}` ({s.Half}): {string.Join("; ", parts)}");
        }

        return sb.ToString();
    }

    private static string Short(string snippet)
    {
        var flat = Flatten(snippet).Replace("`", "'", StringComparison.Ordinal).Replace("|", "/", StringComparison.Ordinal);
        return "`" + (flat.Length <= 60 ? flat : flat[..60] + "…") + "`";
    }
}
