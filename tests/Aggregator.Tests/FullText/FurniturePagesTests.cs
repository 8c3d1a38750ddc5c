using System.Globalization;
using System.Text;
using Aggregator.FullText;
using Xunit;
using Xunit.Abstractions;

namespace Aggregator.Tests.FullText;

/// <summary>
/// The extractor on generated pages (<see cref="FurniturePages"/>) whose article body is known exactly: a third held-out
/// check beside trafilatura's snippets and Readability's output, which both count some furniture as the article's (a
/// tweet's signature, a caption, a byline). Scored as the outside check scores, by four-word shingles of the published
/// text against the body, pooled over pages; and per kind of furniture and way of printing it, the words of its lines
/// that reach the published text. Writes its section of tests/fulltext-report.md.
/// </summary>
public sealed class FurniturePagesTests(ITestOutputHelper output)
{
    private const int Pages = 90;

    private const int Seed = 20261207;

    /// <summary>
    /// Reached with h56e's bare-furniture rules (P 0.9880: only the bare tweet signature gets through; 0.9649 when the generator
    /// was written), minus a hair.
    /// </summary>
    private const double PrecisionFloor = 0.987;

    /// <summary>Every body line of every page came out (R 0.9984: only four-word runs across a leaked line are missed; 0.9968 before h56e), minus a hair.</summary>
    private const double RecallFloor = 0.998;

    [Fact]
    public void GeneratedPages_KeepTheBody_AndLeaveOutTheFurniture()
    {
        var pages = FurniturePages.Build(Pages, Seed);
        var leaks = new Dictionary<(FurnitureKind Kind, string Variant), (int Blocks, int Words, int Leaked)>();
        var (overlap, actual, expected) = (0, 0, 0);
        var bodyLinesLost = new List<string>();
        foreach (var page in pages)
        {
            var article = ArticleExtractor.Extract(page.Html, page.Url);
            Assert.Null(article.Error);
            var text = VisibleText.Published(article, page.Url);
            var flat = ReaderLines.Flatten(text);
            var counts = ShingleF1.Counts(text, page.Body);
            var body = ReaderLines.Flatten(page.Body);
            (overlap, actual, expected) = (overlap + counts.Overlap, actual + counts.Actual, expected + counts.Expected);

            bodyLinesLost.AddRange(page.Body.Split("\n\n").Where(l => !flat.Contains(ReaderLines.Flatten(l), StringComparison.Ordinal)).Select(l => $"{page.Name}: {l}"));
            foreach (var block in page.Furniture)
            {
                var words = block.Lines.Sum(WordCount);
                // A line the body also holds (an author's name the story quotes) proves nothing either way.
                var leaked = block.Lines.Where(l => flat.Contains(ReaderLines.Flatten(l), StringComparison.Ordinal) && !body.Contains(ReaderLines.Flatten(l), StringComparison.Ordinal)).Sum(WordCount);
                var key = (block.Kind, block.Variant);
                var sum = leaks.GetValueOrDefault(key);
                leaks[key] = (sum.Blocks + 1, sum.Words + words, sum.Leaked + leaked);
            }
        }

        var precision = (double)overlap / actual;
        var recall = (double)overlap / expected;
        var f1 = 2 * precision * recall / (precision + recall);
        var summary = string.Create(CultureInfo.InvariantCulture, $"{pages.Count} pages: shingle precision {precision:0.0000}, recall {recall:0.0000}, F1 {f1:0.0000}");
        output.WriteLine(summary);
        foreach (var ((kind, variant), (blocks, words, leaked)) in leaks.Where(l => l.Value.Leaked > 0).OrderBy(l => l.Key.Kind).ThenBy(l => l.Key.Variant, StringComparer.Ordinal))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"leaked: {kind} {variant}: {leaked} of {words} words in {blocks} blocks"));
        }

        foreach (var lost in bodyLinesLost)
        {
            output.WriteLine("lost: " + lost);
        }

        FullTextReport.WriteSection("furniture-pages", Report(pages.Count, precision, recall, f1, leaks, bodyLinesLost.Count));
        Assert.True(precision >= PrecisionFloor, string.Create(CultureInfo.InvariantCulture, $"generated pages: shingle precision {precision:0.0000} fell below {PrecisionFloor}"));
        Assert.True(recall >= RecallFloor, string.Create(CultureInfo.InvariantCulture, $"generated pages: shingle recall {recall:0.0000} fell below {RecallFloor}; first body line lost: {bodyLinesLost.FirstOrDefault()}"));
    }

    private static int WordCount(string line) => ShingleF1.Words(line).Count;

    private static string Report(int pages, double precision, double recall, double f1,
        Dictionary<(FurnitureKind Kind, string Variant), (int Blocks, int Words, int Leaked)> leaks, int bodyLinesLost)
    {
        var sb = new StringBuilder();
        sb.AppendLine("## Generated pages with known furniture (a third held-out check)");
        sb.AppendLine();
        sb.AppendLine("`FurniturePagesTests`: pages written by a seeded generator (`FurniturePages`, no corpus text), each a headline, a body of");
        sb.AppendLine("generated sentences with a subheading, a quote and a list of facts, and around and inside it the furniture the outside");
        sb.AppendLine("check counted against us: a photo caption with its credit, a byline and date block (\"Published Monday\" / an agency),");
        sb.AppendLine("related links, a newsletter box, a share bar, an embed left as a bare URL, an author bio, a comment section and a");
        sb.AppendLine("copyright note. Each kind is printed one of four ways, turning page by page: *semantic* (its HTML5 or schema.org");
        sb.AppendLine("meaning: figcaption, address and time, rel=author, aside, nav, itemprop), *named* (a class name that says what it is),");
        sb.AppendLine("*plain* (a wrapper with a neutral class name; only its wording and shape tell) or *bare* (ordinary paragraphs in the");
        sb.AppendLine("story's flow). The body is known exactly, so this scores as the outside check does: four-word shingles of the published");
        sb.AppendLine("text (sanitized, then `ReaderText`) against the body, pooled; \"words published\" counts a furniture line found in the");
        sb.AppendLine("text (a line the body also holds, such as a quoted author's name, is not counted).");
        sb.AppendLine("It is not tuned on: a rule is judged on the two corpora, and this only says what it does on furniture by kind. Measured");
        sb.AppendLine("when it was written (h55e): every semantic, class-named and wrapped block of the nine kinds is left out; four kinds get");
        sb.AppendLine("through only as bare paragraphs: a \"By … | date | agency\" line above the story (the extractor's byline field has the");
        sb.AppendLine("name), a lone headline link between paragraphs, a tweet's signature line under its quote, an author bio in plain text.");
        sb.AppendLine("Each was tried before on the corpora as a rule and not kept (h30x, h49e, h50f, h53f): both corpora count such lines as");
        sb.AppendLine("the article's on some pages, which this generator does not. Since h56e (shingle P 0.9649 to 0.9880, R 0.9968 to 0.9984) three");
        sb.AppendLine("of them are left out as bare paragraphs too: the byline row (`DatelineParts`), the lone headline link between paragraphs");
        sb.AppendLine("(`LoneHeadlineLinks`) and the plain bio that names a newsroom job (`AuthorNotes`); the tweet's signature line still gets");
        sb.AppendLine("through (a rule for it took P to 0.9911 but cost a held-out snippet, see the trafilatura-eval section).");
        sb.AppendLine();
        sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"- Pages: {pages}; body lines lost: {bodyLinesLost}"));
        sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"- Word shingles pooled: precision {precision:0.0000}, recall {recall:0.0000}, F1 **{f1:0.0000}** (floors P {PrecisionFloor}, R {RecallFloor})"));
        sb.AppendLine();
        sb.AppendLine("| kind | printed | blocks | words | words published | share published |");
        sb.AppendLine("|---|---|---:|---:|---:|---:|");
        foreach (var ((kind, variant), (blocks, words, leaked)) in leaks.OrderBy(kv => kv.Key.Kind).ThenBy(kv => kv.Key.Variant, StringComparer.Ordinal))
        {
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {kind} | {variant} | {blocks} | {words} | {leaked} | {(double)leaked / words:0.00} |"));
        }

        var total = leaks.Values.Aggregate((Words: 0, Leaked: 0), (a, v) => (a.Words + v.Words, a.Leaked + v.Leaked));
        sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| all | | {leaks.Values.Sum(v => v.Blocks)} | {total.Words} | {total.Leaked} | {(double)total.Leaked / total.Words:0.00} |"));
        return sb.ToString();
    }
}
