using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Aggregator.Scrape;
using Xunit.Abstractions;

namespace Aggregator.Tests.Scrape;

/// <summary>
/// Scores automatic listing detection (no selectors) per page: precision, recall and F1 of article links, on the
/// listings-dev corpus (real pages read in place, truth from each site's own feed), on pages written by
/// <see cref="ListingShapes"/> (truth by construction) and on the two seed-like fixtures. Writes
/// tests/scrape-report.md and fails when a mean drops below its floor.
/// </summary>
public sealed class ScrapeReportTests(ITestOutputHelper output)
{
    // Floors sit a little under what is achieved, so a change that loses ground fails here.
    private const double MeanF1Floor = 0.95;
    private const double MeanPrecisionFloor = 0.98;

    private static readonly DateTimeOffset FetchedAt = new(2025, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ListingDetection_MeetsTheFloors_OnTheCorpusAndTheGeneratedShapes()
    {
        var watch = Stopwatch.StartNew();
        var sets = new (string Name, List<ListingCase> Pages)[]
        {
            ("listings-dev (real pages, truth from each site's feed)", DevCorpus()),
            ("generated shapes (truth by construction)", ListingShapes.All().ToList()),
            ("seed-like fixtures", SeedFixtures()),
        };

        var results = sets.Select(s => (s.Name, Scores: s.Pages.AsParallel().AsOrdered().Select(Score).ToList())).ToList();
        watch.Stop();

        foreach (var (_, scores) in results)
        {
            foreach (var s in scores)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{s.Name,-40} arts {s.Articles,3} items {s.Items,3} found {s.Found,3} furn {s.Furniture,2} dup {s.Duplicates} P {Show(s.Precision)} R {s.Recall:0.00} F1 {s.F1:0.00} {s.Error} | {s.Structure}"));
            }
        }

        File.WriteAllText(Path.Combine(TestPaths.RepoRoot, "tests", "scrape-report.md"), Report(results, watch.Elapsed));
        foreach (var (name, scores) in results)
        {
            var (f1, precision, recall) = Means(scores);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {scores.Count} pages, mean F1 {f1:0.000}, precision {precision:0.000}, recall {recall:0.000}"));
        }

        foreach (var (name, scores) in results)
        {
            var (f1, precision, _) = Means(scores);
            Assert.True(f1 >= MeanF1Floor, string.Create(CultureInfo.InvariantCulture, $"{name}: mean F1 {f1:0.000} below {MeanF1Floor}"));
            Assert.True(precision >= MeanPrecisionFloor, string.Create(CultureInfo.InvariantCulture, $"{name}: mean precision {precision:0.000} below {MeanPrecisionFloor}"));
        }
    }

    private static ListingScore Score(ListingCase page)
    {
        var result = ListingScraper.Scrape(page.Html, page.PageUrl, null, FetchedAt);
        return ListingScore.Of(page, result.Entries, result.Structure, result.Error);
    }

    private static (double F1, double Precision, double Recall) Means(List<ListingScore> scores)
    {
        var precisions = scores.Where(s => s.Precision is not null).Select(s => s.Precision!.Value).ToList();
        return (scores.Average(s => s.F1), precisions.Count == 0 ? 0 : precisions.Average(), scores.Average(s => s.Recall));
    }

    /// <summary>../shared/corpora/listings-dev, read in place: each page at its real address, its feed's articles as truth.</summary>
    private static List<ListingCase> DevCorpus()
    {
        var root = Path.Combine(TestPaths.Corpora, "listings-dev");
        using var truth = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "truth.json")));
        var pages = new List<ListingCase>();
        foreach (var page in truth.RootElement.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            var articles = page.Value.GetProperty("articles").EnumerateArray()
                .Select(a => (a.GetProperty("url").GetString()!, a.GetProperty("title").GetString() ?? string.Empty)).ToList();
            var also = page.Value.TryGetProperty("also", out var a) ? a.EnumerateArray().Select(u => u.GetString()!).ToList() : [];
            pages.Add(new ListingCase(
                Path.GetFileNameWithoutExtension(page.Name),
                File.ReadAllText(Path.Combine(root, page.Name)),
                new Uri(page.Value.GetProperty("base_url").GetString()!),
                articles,
                also));
        }

        Assert.True(pages.Count >= 20, "listings-dev corpus missing");
        return pages;
    }

    private static List<ListingCase> SeedFixtures() =>
    [
        new("marxist-latest", ScrapeFixtures.Page("marxist-latest.html"), MarxistListingTests.PageUrl,
            MarxistListingTests.Expected.Select(e => ("https://www.marxist.com/" + e.Path, e.Title)).ToList(), []),
        new("popular-resistance-coups", ScrapeFixtures.Page("popular-resistance-coups.html"), PopularResistanceListingTests.PageUrl,
            PopularResistanceListingTests.Expected.Select(e => ($"https://popularresistance.org/{e.Slug}/", e.Title)).ToList(), []),
    ];

    private static string Show(double? value) => value is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) : "n/a ";

    private static string Report(List<(string Name, List<ListingScore> Scores)> results, TimeSpan elapsed)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine("# Automatic listing detection");
        sb.AppendLine();
        sb.AppendLine("Generated by `ScrapeReportTests` (tests/Aggregator.Tests/Scrape); regenerate with");
        sb.AppendLine("`dotnet test Aggregator.sln --filter \"FullyQualifiedName~ScrapeReport\"`. Each page is read as an `html` outlet");
        sb.AppendLine("without `scrape` selectors. Per page: precision = articles found / (found + furniture + duplicates) (n/a when");
        sb.AppendLine("nothing countable came back, then left out of the mean), recall = found / articles, F1 (0 when nothing found);");
        sb.AppendLine("items match the truth by normalised URL, then title, as `../shared/corpora/listings-dev/score.py` matches them.");
        sb.AppendLine(inv, $"Floors asserted on every set: mean F1 ≥ {MeanF1Floor:0.00}, mean precision ≥ {MeanPrecisionFloor:0.00}.");
        sb.AppendLine();
        sb.AppendLine("| set | pages | mean F1 | mean precision | mean recall | pages with F1 ≥ 0.9 | articles found |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var (name, scores) in results)
        {
            var (f1, precision, recall) = Means(scores);
            sb.AppendLine(inv, $"| {name} | {scores.Count} | {f1:0.000} | {precision:0.000} | {recall:0.000} | {scores.Count(s => s.F1 >= 0.9)} | {scores.Sum(s => s.Found)} of {scores.Sum(s => s.Articles)} |");
        }

        sb.AppendLine();
        sb.AppendLine(inv, $"All sets scored in {elapsed.TotalSeconds:0.0} s.");
        foreach (var (name, scores) in results)
        {
            sb.AppendLine();
            sb.AppendLine(inv, $"## {name}");
            sb.AppendLine();
            sb.AppendLine("| page | articles | items | found | furniture | duplicates | P | R | F1 | structure or error |");
            sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
            foreach (var s in scores)
            {
                var why = (s.Error ?? s.Structure ?? string.Empty).Replace("|", "\\|", StringComparison.Ordinal);
                sb.AppendLine(inv, $"| {s.Name} | {s.Articles} | {s.Items} | {s.Found} | {s.Furniture} | {s.Duplicates} | {Show(s.Precision)} | {s.Recall:0.00} | {s.F1:0.00} | {why} |");
            }
        }

        return sb.ToString();
    }
}
