using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using Aggregator.Fetch;
using Aggregator.FullText;
using Xunit;
using Xunit.Abstractions;

namespace Aggregator.Tests.FullText;

/// <summary>
/// Where the published text holds words above its first paragraph of prose and below its last one, and what they are
/// (issue 20): the outside check's gold body leaves out the headline, byline and date lines that the feed entry already
/// carries as fields, so text at the edges that repeats those fields costs it precision. Counts on both corpora, the
/// "without" snippets (text that is not the article) and "with" snippets (text that is) found there on trafilatura's
/// pages, and on Readability's pages the edge lines its expected output does not hold. Writes its section of
/// tests/fulltext-report.md; it asserts that the edges are measured on every page with prose, not a quality floor.
/// </summary>
[Trait("Category", "Slow")]
public sealed partial class EdgeTextTests(ITestOutputHelper output)
{
    private const string Title = "repeats the title";
    private const string Byline = "repeats the byline";
    private const string Date = "date line";
    private const string Short = "other, at most five words";
    private const string Other = "other, longer";
    private static readonly string[] Kinds = [Title, Byline, Date, Short, Other];


    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Token();

    private sealed record EdgeLine(string Text, string Kind, bool Top);

    private sealed record Page(string Name, string Half, bool HasProse, int Words, List<EdgeLine> Edges, string Flat)
    {
        /// <summary>The published text grouped by the nearest enclosing element of <see cref="Containers"/> ("p or div" when none).</summary>
        public Dictionary<string, string> ByContainer { get; init; } = [];

        /// <summary>Each published line with its share of the page's function words (<see cref="FunctionWordShares"/>).</summary>
        public List<(string Line, double Share)> LineShares { get; init; } = [];
    }

    /// <summary>Elements that set text apart from running prose, nearest first wins.</summary>
    private static readonly string[] Containers = ["figcaption", "figure", "aside", "blockquote", "table", "li", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "em", "i", "strong", "b", "small", "cite"];

    private const string Plain = "p or div";

    /// <summary>Bins of a line's function-word share, as jusText's stopword density with the page's own most frequent words.</summary>
    private static readonly double[] ShareBins = [0, 0.05, 0.1, 0.2, 0.3, 0.4, 1.01];

    /// <summary>A page's most frequent words stand in for a stopword list in any language (Zipf: the top ranks are function words).</summary>
    private const int FunctionWords = 30;

    private sealed class Tally
    {
        public int Pages;
        public int PagesWithProse;
        public int Words;
        public readonly Dictionary<(string Kind, bool Top), (int Lines, int Words, int Pages)> ByKind = [];
        public readonly Dictionary<string, int> Leaked = [];
        public readonly Dictionary<string, int> Kept = [];
        public readonly Dictionary<string, int> NotExpected = [];
        public readonly Dictionary<string, (int Words, int Without, int With)> ByContainer = [];
        public readonly int[] WithoutShares = new int[ShareBins.Length - 1];
        public readonly int[] WithShares = new int[ShareBins.Length - 1];
        public readonly int[] AllShares = new int[ShareBins.Length - 1];
    }

    [Fact]
    public void EdgeText_IsMeasuredOnBothCorpora()
    {
        var trafilatura = TrafilaturaPages();
        var readability = ReadabilityPages();

        var report = new StringBuilder();
        report.AppendLine("## Text above the first paragraph and below the last one (both corpora)");
        report.AppendLine();
        report.AppendLine("`EdgeTextTests`: the published text's lines (sanitized, then `ReaderText`) above its first line of prose (80 characters");
        report.AppendLine("ending a sentence) and below its last one, sorted by what they are: a line repeating the page title (token overlap above");
        report.AppendLine("0.75 both ways) or the extracted byline (holding it, at most 40 characters more), a date line (`DateLines`), other.");
        report.AppendLine("The outside check's gold body has no headline, byline or date lines; the feed entry carries them as fields. On");
        report.AppendLine("trafilatura's pages, \"without\" found counts the snippets that are not the article and sit wholly in such lines,");
        report.AppendLine("\"with\" found those that are the article; on Readability's pages, \"not expected\" counts the edge lines whose text");
        report.AppendLine("Readability's expected output does not hold. Below each edge table: the published words by the nearest element that");
        report.AppendLine("sets them apart from running prose, and the lines by their share of the page's 30 most frequent words (jusText's");
        report.AppendLine("stopword density without a list per language).");
        report.AppendLine();
        report.AppendLine("What it found (issue 20, h40f; measured at 3a36e08, before any rule of this session, and unchanged by it):");
        report.AppendLine("- The edges hold little that the feed entry carries as fields. Lines repeating the title, the byline or a date: dev");
        report.AppendLine("  57 lines, 264 of 380,517 words (0.07%); held-out 41 lines, 197 of 395,174 (0.05%); Readability 7 lines, 27 of");
        report.AppendLine("  172,846 (0.02%). All edge text together is 2.6% of dev words (10,040), 6.0% of held-out (23,595, 10,549 of them in");
        report.AppendLine("  5,864 short lines above a first sentence) and 1.2% of Readability's (2,007; only 2 edge lines are not in its expected");
        report.AppendLine("  text). Of the dev half's 80 false positives 23 sit wholly in edge lines, of many kinds (the dev lines are in the test's");
        report.AppendLine("  output); of the held-out half's 96, 31 (25 of them below the last paragraph, not looked at page by page).");
        report.AppendLine("- Not built, counted on the lines above: leaving out a title repeat at the top would take dev 1 FP and 1 TP, held-out");
        report.AppendLine("  1 TP and no FP (on this corpus the title counts as text as often as not); a line repeating the extracted byline holds");
        report.AppendLine("  no snippet on either half, so nothing would show a gain.");
        report.AppendLine("- Captions are already gone: text inside `figcaption` is 0.03% of dev words and 0.9% of held-out (galleries, where");
        report.AppendLine("  the captions are the text: 2 \"with\" snippets, no \"without\"). The false positives left sit in plain paragraphs and");
        report.AppendLine("  divs (dev 38, held-out 53), then in bold, headings and list items, a handful each.");
        report.AppendLine("- Function-word share does not tell them apart: lines holding only a \"without\" snippet score only a little lower");
        report.AppendLine("  than lines holding only a \"with\" one (dev: 31 of 79 against 644 of 1,260 above 0.4). Below 0.05 there are 11");
        report.AppendLine("  \"without\" lines against 44 \"with\" (held-out 17 against 38): a jusText-style rule on it, even settled by");
        report.AppendLine("  neighbours, would lose two to four snippets of the article for each one of furniture. Not built.");
        report.AppendLine("- So the outside check's precision of 0.921 cannot come mostly from a headline, byline or date block above the body");
        report.AppendLine("  or from captions in what the extractor publishes now; if that figure predates the precision passes (trafilatura-eval");
        report.AppendLine("  precision 0.866 before them, 0.940 now), the check should be run again before a rule is tuned for it.");
        report.AppendLine();
        foreach (var (name, tally) in trafilatura.Concat(readability))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {tally.PagesWithProse}/{tally.Pages} pages with prose, {tally.Words} words"));
            report.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"**{name}**: {tally.Pages} pages, {tally.PagesWithProse} with a line of prose, {tally.Words} published words."));
            report.AppendLine();
            report.AppendLine("| where | kind | pages | lines | words | share of words | \"without\" found | \"with\" found | not expected |");
            report.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var top in new[] { true, false })
            {
                foreach (var kind in Kinds)
                {
                    var (lines, words, pages) = tally.ByKind.GetValueOrDefault((kind, top));
                    var key = Key(kind, top);
                    report.AppendLine(string.Create(CultureInfo.InvariantCulture,
                        $"| {(top ? "above" : "below")} | {kind} | {pages} | {lines} | {words} | {(tally.Words == 0 ? 0 : (double)words / tally.Words):0.0000} | {Cell(tally.Leaked, key)} | {Cell(tally.Kept, key)} | {Cell(tally.NotExpected, key)} |"));
                }
            }

            report.AppendLine();
            // Only trafilatura's pages come with snippets; Readability's come with a whole expected text.
            var snippets = !name.StartsWith("Readability", StringComparison.Ordinal);
            report.AppendLine("| published words inside | words | share | \"without\" found | \"with\" found |");
            report.AppendLine("|---|---:|---:|---:|---:|");
            foreach (var (container, (words, without, with)) in tally.ByContainer.OrderByDescending(c => c.Value.Words))
            {
                report.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {container} | {words} | {(double)words / Math.Max(1, tally.Words):0.0000} | {(snippets ? without : "–")} | {(snippets ? with : "–")} |"));
            }

            if (snippets)
            {
                report.AppendLine();
                report.AppendLine("| lines by function-word share | " + string.Join(" | ", ShareBins.SkipLast(1).Select((b, i) => string.Create(CultureInfo.InvariantCulture, $"{b:0.00}–{Math.Min(1, ShareBins[i + 1]):0.00}"))) + " |");
                report.AppendLine("|---|" + string.Concat(Enumerable.Repeat("---:|", ShareBins.Length - 1)));
                report.AppendLine("| holding a \"without\" snippet only | " + string.Join(" | ", tally.WithoutShares) + " |");
                report.AppendLine("| holding a \"with\" snippet only | " + string.Join(" | ", tally.WithShares) + " |");
                report.AppendLine("| all lines | " + string.Join(" | ", tally.AllShares) + " |");
            }

            report.AppendLine();
        }

        FullTextReport.WriteSection("edges", report.ToString());

        // Every corpus page with prose has its edges measured: the figures above cover the whole corpus.
        Assert.All(trafilatura.Concat(readability), t => Assert.True(t.Tally.PagesWithProse > t.Tally.Pages * 3 / 4, t.Name + ": too few pages with prose, the measure is broken"));
    }

    private static string Cell(Dictionary<string, int> counts, string key) => counts.TryGetValue(key, out var n) ? n.ToString(CultureInfo.InvariantCulture) : "–";

    private static string Key(string kind, bool top) => (top ? "top:" : "bottom:") + kind;

    private List<(string Name, Tally Tally)> TrafilaturaPages()
    {
        var root = Path.Combine(TestPaths.Corpora, "trafilatura-eval");
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "eval.json")));
        var entries = json.RootElement.EnumerateArray().Select(e => (
            File: e.GetProperty("file").GetString()!,
            Url: e.GetProperty("url").GetString()!,
            With: e.GetProperty("with").EnumerateArray().Select(s => Flatten(s.GetString()!)).ToArray(),
            Without: e.GetProperty("without").EnumerateArray().Select(s => Flatten(s.GetString()!)).ToArray())).ToList();
        Assert.True(entries.Count > 900, "corpus missing");

        var pages = entries.AsParallel().AsOrdered().Select(e =>
        {
            using var gzip = new GZipStream(File.OpenRead(Path.Combine(root, e.File)), CompressionMode.Decompress);
            using var bytes = new MemoryStream();
            gzip.CopyTo(bytes);
            var html = BodyDecoder.Decode(bytes.ToArray()).Text;
            var page = Measure(e.File, HalfOf(e.File), html, new Uri(e.Url));
            return (Page: page, e.With, e.Without);
        }).ToList();

        // The dev half's edge lines go to the test output, for a person tuning rules; the held-out half's are never shown.
        foreach (var (page, _, without) in pages.Where(p => p.Page.Half == "dev"))
        {
            foreach (var edge in page.Edges)
            {
                output.WriteLine($"{page.Name} {(edge.Top ? "above" : "below")} [{edge.Kind}]{(without.Any(s => edge.Text.Contains(s, StringComparison.Ordinal)) ? " WITHOUT" : string.Empty)}: {edge.Text}");
            }
        }

        var result = new List<(string, Tally)>();
        foreach (var half in new[] { "dev", "held-out" })
        {
            var tally = new Tally();
            foreach (var (page, with, without) in pages.Where(p => p.Page.Half == half))
            {
                Add(tally, page);
                foreach (var (container, text) in page.ByContainer)
                {
                    var (w, wo, wi) = tally.ByContainer.GetValueOrDefault(container);
                    tally.ByContainer[container] = (w + WordCount(text), wo + without.Count(s => s.Length > 0 && text.Contains(s, StringComparison.Ordinal)), wi + with.Count(s => s.Length > 0 && text.Contains(s, StringComparison.Ordinal)));
                }

                foreach (var (line, share) in page.LineShares)
                {
                    var bin = Array.FindLastIndex(ShareBins, b => share >= b);
                    bin = Math.Min(bin, ShareBins.Length - 2);
                    tally.AllShares[bin]++;
                    var (holdsWith, holdsWithout) = (with.Any(s => s.Length > 0 && line.Contains(s, StringComparison.Ordinal)), without.Any(s => s.Length > 0 && line.Contains(s, StringComparison.Ordinal)));
                    if (holdsWithout && !holdsWith)
                    {
                        tally.WithoutShares[bin]++;
                    }
                    else if (holdsWith && !holdsWithout)
                    {
                        tally.WithShares[bin]++;
                    }
                }

                foreach (var edge in page.Edges)
                {
                    var key = Key(edge.Kind, edge.Top);
                    // A snippet counts for an edge line only when the rest of the text does not also hold it.
                    var rest = RestOf(page, edge);
                    Bump(tally.Leaked, key, without.Count(s => s.Length > 0 && edge.Text.Contains(s, StringComparison.Ordinal) && !rest.Contains(s, StringComparison.Ordinal)));
                    Bump(tally.Kept, key, with.Count(s => s.Length > 0 && edge.Text.Contains(s, StringComparison.Ordinal) && !rest.Contains(s, StringComparison.Ordinal)));
                }
            }

            result.Add(($"trafilatura-eval, {half} half", tally));
        }

        return result;
    }

    private static List<(string Name, Tally Tally)> ReadabilityPages()
    {
        var root = Path.Combine(TestPaths.Corpora, "readability");
        var dirs = Directory.GetDirectories(root).Order(StringComparer.Ordinal).ToList();
        Assert.True(dirs.Count > 100, "corpus missing");
        var url = new Uri("http://fakehost/test/page.html");
        var pages = dirs.AsParallel().AsOrdered().Select(dir =>
        {
            var page = Measure(Path.GetFileName(dir), "all", File.ReadAllText(Path.Combine(dir, "source.html")), url);
            var expected = Flatten(VisibleText.Of(File.ReadAllText(Path.Combine(dir, "expected.html"))));
            return (Page: page, Expected: expected);
        }).ToList();

        var tally = new Tally();
        foreach (var (page, expected) in pages)
        {
            Add(tally, page);
            foreach (var (container, text) in page.ByContainer)
            {
                var (w, _, _) = tally.ByContainer.GetValueOrDefault(container);
                tally.ByContainer[container] = (w + WordCount(text), 0, 0);
            }

            foreach (var edge in page.Edges)
            {
                Bump(tally.NotExpected, Key(edge.Kind, edge.Top), expected.Contains(edge.Text, StringComparison.Ordinal) ? 0 : 1);
            }
        }

        return [("Readability corpus", tally)];
    }

    private static string RestOf(Page page, EdgeLine edge)
    {
        var at = page.Flat.IndexOf(edge.Text, StringComparison.Ordinal);
        return at < 0 ? page.Flat : page.Flat[..at] + "\n" + page.Flat[(at + edge.Text.Length)..];
    }

    private static void Add(Tally tally, Page page)
    {
        tally.Pages++;
        tally.Words += page.Words;
        if (!page.HasProse)
        {
            return;
        }

        tally.PagesWithProse++;
        foreach (var group in page.Edges.GroupBy(e => (e.Kind, e.Top)))
        {
            var (lines, words, pages) = tally.ByKind.GetValueOrDefault(group.Key);
            tally.ByKind[group.Key] = (lines + group.Count(), words + group.Sum(e => WordCount(e.Text)), pages + 1);
        }
    }

    private static void Bump(Dictionary<string, int> counts, string key, int by)
    {
        if (by > 0)
        {
            counts[key] = counts.GetValueOrDefault(key) + by;
        }
    }

    private static Page Measure(string name, string half, string html, Uri url)
    {
        var article = ArticleExtractor.Extract(html, url);
        var lines = VisibleText.Published(article, url).Split("\n\n").Select(Flatten).Where(l => l.Length > 0).ToList();
        var flat = string.Join("\n", lines);
        var words = lines.Sum(WordCount);
        var byContainer = ByContainer(Aggregator.Normalize.HtmlSanitizer.Sanitize(article.ContentHtml, url));
        var shares = FunctionWordShares(lines);
        var first = lines.FindIndex(IsProse);
        if (first < 0)
        {
            return new Page(name, half, false, words, [], flat) { ByContainer = byContainer, LineShares = shares };
        }

        var last = lines.FindLastIndex(IsProse);
        var edges = lines.Take(first).Select(l => new EdgeLine(l, KindOf(l, article), true))
            .Concat(lines.Skip(last + 1).Select(l => new EdgeLine(l, KindOf(l, article), false)))
            .ToList();
        return new Page(name, half, true, words, edges, flat) { ByContainer = byContainer, LineShares = shares };
    }

    private static Dictionary<string, string> ByContainer(string? html)
    {
        var result = new Dictionary<string, StringBuilder>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(html))
        {
            return [];
        }

        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html);
        foreach (var node in document.Body!.GetDescendants().OfType<IText>())
        {
            var container = Plain;
            for (var parent = node.ParentElement; parent is not null && parent != document.Body; parent = parent.ParentElement)
            {
                var tag = parent.LocalName;
                if (Containers.Contains(tag, StringComparer.Ordinal))
                {
                    container = tag;
                    break;
                }
            }

            if (!result.TryGetValue(container, out var sb))
            {
                result[container] = sb = new StringBuilder();
            }

            sb.Append(node.Data).Append(' ');
        }

        return result.ToDictionary(r => r.Key, r => Flatten(r.Value.ToString()), StringComparer.Ordinal);
    }

    /// <summary>
    /// For each line, the share of its words that are among the page's <see cref="FunctionWords"/> most frequent ones: jusText's
    /// stopword density without a stopword list per language. Prose scores high, labels, names and link lines low.
    /// </summary>
    private static List<(string Line, double Share)> FunctionWordShares(List<string> lines)
    {
        var tokens = lines.Select(l => Token().Matches(l.ToLowerInvariant()).Select(m => m.Value).Where(t => !t.All(char.IsDigit)).ToList()).ToList();
        var common = tokens.SelectMany(t => t).CountBy(t => t).OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal)
            .Take(FunctionWords).Select(c => c.Key).ToHashSet(StringComparer.Ordinal);
        return lines.Select((l, i) => (l, tokens[i].Count == 0 ? 0 : (double)tokens[i].Count(common.Contains) / tokens[i].Count)).ToList();
    }

    private static bool IsProse(string line) => ReaderLines.IsProse(line);

    private static string KindOf(string line, ExtractedArticle article)
    {
        if (article.Title is { Length: > 0 } title && Overlaps(line, title))
        {
            return Title;
        }

        if (article.Byline is { Length: > 0 } byline && line.Length <= byline.Length + 40
            && line.Contains(Flatten(byline), StringComparison.OrdinalIgnoreCase))
        {
            return Byline;
        }

        if (DateLines.IsDateLine(line))
        {
            return Date;
        }

        return WordCount(line) <= 5 ? Short : Other;
    }

    /// <summary>Token overlap above 0.75 both ways, case folded: the report's measure of a line that is the title.</summary>
    private static bool Overlaps(string line, string title)
    {
        var a = Token().Matches(line.ToLowerInvariant()).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);
        var b = Token().Matches(title.ToLowerInvariant()).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);
        if (a.Count == 0 || b.Count == 0)
        {
            return false;
        }

        var common = a.Count(b.Contains);
        return (double)common / a.Count > 0.75 && (double)common / b.Count > 0.75;
    }

    private static int WordCount(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;

    private static string Flatten(string s) => ReaderLines.Flatten(s);

    /// <summary>The same split as <see cref="TrafilaturaEvalTests"/>: FNV-1a of the file name, even for dev.</summary>
    private static string HalfOf(string file)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(Path.GetFileName(file)))
        {
            hash = unchecked((hash ^ b) * 16777619u);
        }

        return hash % 2 == 0 ? "dev" : "held-out";
    }
}
