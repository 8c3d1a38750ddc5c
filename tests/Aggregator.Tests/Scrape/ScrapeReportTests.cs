using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Aggregator.Model;
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
    /// <summary>Why a page scores below 0.9, written into the report so a reader need not rediscover it.</summary>
    private static readonly Dictionary<string, string> Notes = new(StringComparer.Ordinal)
    {
        ["maplibre-news"] = "the page lists 102 news posts in one column, every post since 2021; its feed, the truth, names only the newest 15. Its JSON-LD names the newest 10, and the markup, which starts with those 10, runs to ten times as many: the JSON-LD is taken as the site's own current window (markup alone: 102 items, precision 0.15, F1 0.26)",
    };

    private static readonly DateTimeOffset FetchedAt = new(2025, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    [Trait("Category", "Slow")]
    public void ListingDetection_MeetsTheFloors_OnTheCorpusAndTheGeneratedShapes()
    {
        var watch = Stopwatch.StartNew();
        // Floors sit a little under what is achieved, so a change that loses ground fails here.
        // The held-out half of the unseen shapes is scored in total only: its pages are neither printed nor noted.
        var unseen = UnseenListingShapes.All().ToList();
        var sets = new (string Name, List<ListingCase> Pages, double F1Floor, double PrecisionFloor, bool PerPage)[]
        {
            ("listings-dev (real pages, truth from each site's feed)", DevCorpus(), 0.97, 0.99, true),
            ("generated shapes (truth by construction)", ListingShapes.All().ToList(), 0.99, 0.99, true),
            ("seed-like fixtures", SeedFixtures(), 0.99, 0.99, true),
            (UnseenDev, unseen.Where(p => !UnseenListingShapes.HeldOut(p.Name)).ToList(), 0.98, 0.99, true),
            (UnseenHeldOut, unseen.Where(p => UnseenListingShapes.HeldOut(p.Name)).ToList(), 0.98, 0.99, false),
        };

        var results = sets.Select(s => (s.Name, Scores: s.Pages.AsParallel().AsOrdered().Select(Score).ToList())).ToList();
        var perPage = sets.Where(s => s.PerPage).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        watch.Stop();
        var rules = Rules(sets[0].Pages, sets[1].Pages);

        foreach (var (_, scores) in results.Where(r => perPage.Contains(r.Name)))
        {
            foreach (var s in scores)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{s.Name,-40} arts {s.Articles,3} items {s.Items,3} found {s.Found,3} furn {s.Furniture,2} dup {s.Duplicates} P {Show(s.Precision)} R {s.Recall:0.00} F1 {s.F1:0.00} {s.Error} | {s.Structure}"));
            }
        }

        File.WriteAllText(Path.Combine(TestPaths.RepoRoot, "tests", "scrape-report.md"), Report(results, sets.Select(s => (s.F1Floor, s.PrecisionFloor)).ToList(), perPage, watch.Elapsed, rules));
        foreach (var (name, scores) in results)
        {
            var (f1, precision, recall) = Means(scores);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {scores.Count} pages, mean F1 {f1:0.000}, precision {precision:0.000}, recall {recall:0.000}"));
        }

        for (var i = 0; i < results.Count; i++)
        {
            var (name, scores) = results[i];
            var (f1, precision, _) = Means(scores);
            Assert.True(f1 >= sets[i].F1Floor, string.Create(CultureInfo.InvariantCulture, $"{name}: mean F1 {f1:0.000} below {sets[i].F1Floor}"));
            Assert.True(precision >= sets[i].PrecisionFloor, string.Create(CultureInfo.InvariantCulture, $"{name}: mean precision {precision:0.000} below {sets[i].PrecisionFloor}"));
        }

        var unexplained = results.Where(r => perPage.Contains(r.Name)).SelectMany(r => r.Scores).Where(s => s.F1 < 0.9 && !Notes.ContainsKey(s.Name)).Select(s => s.Name).ToList();
        Assert.True(unexplained.Count == 0, "pages below F1 0.9 without a note: " + string.Join(", ", unexplained));
    }

    private const string UnseenDev = "unseen shapes, dev half (truth by construction)";

    private const string UnseenHeldOut = "unseen shapes, held-out half (scored in total only)";

    private static ListingScore Score(ListingCase page)
    {
        var result = ListingScraper.Scrape(page.Html, page.PageUrl, null, FetchedAt);
        return ListingScore.Of(page, result.Entries, result.Structure, result.Error);
    }

    /// <summary>
    /// Rules considered for pages that list their whole archive while their feed holds the newest few, measured on
    /// the markup's own list (no JSON-LD): as detected, cut to a feed-like 15, cut to the year before the newest item.
    /// </summary>
    private static List<string> Rules(List<ListingCase> dev, List<ListingCase> generated)
    {
        var inv = CultureInfo.InvariantCulture;
        var markup = dev.Concat(generated).AsParallel().AsOrdered().Select(c => (Case: c, Entries: Markup(c))).ToList();
        var variants = new (string Name, Func<IReadOnlyList<FeedEntry>, IReadOnlyList<FeedEntry>> Cut)[]
        {
            ("markup list as detected, no JSON-LD window", e => e),
            ("markup list cut to its first 15 (a feed-like window)", e => e.Take(15).ToList()),
            ("markup list cut to the year before its newest dated item", WithinAYear),
        };
        var rows = new List<string>();
        foreach (var (name, cut) in variants)
        {
            var scores = markup.Select(m => ListingScore.Of(m.Case, cut(m.Entries), null, null)).ToList();
            var (devF1, devP, devR) = Means(scores.Take(dev.Count).ToList());
            var (genF1, genP, genR) = Means(scores.Skip(dev.Count).ToList());
            var longLists = scores.Where(s => s.Articles >= 24).ToList();
            var maplibre = scores.FirstOrDefault(s => s.Name == "maplibre-news");
            rows.Add(string.Create(inv, $"| {name} | {devF1:0.000} / {devP:0.000} / {devR:0.000} | {genF1:0.000} / {genP:0.000} / {genR:0.000} | {longLists.Average(s => s.Recall):0.000} ({longLists.Count} pages) | {maplibre?.F1:0.00} |"));
        }

        return rows;
    }

    private static List<FeedEntry> Markup(ListingCase page)
    {
        var listing = new ListingPage(new HtmlParser().ParseDocument(page.Html), page.PageUrl, FetchedAt);
        return RepeatedStructureDetector.Detect(listing) is { } found ? ListingScraper.Read(found.Items, listing, null, strict: true, out _, out _) : [];
    }

    private static IReadOnlyList<FeedEntry> WithinAYear(IReadOnlyList<FeedEntry> entries)
    {
        var newest = entries.Max(e => e.Published);
        return newest is not { } top ? entries : entries.Where(e => e.Published is null || e.Published >= top.AddDays(-365)).ToList();
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

    private static string Report(List<(string Name, List<ListingScore> Scores)> results, List<(double F1, double Precision)> floors, HashSet<string> perPage, TimeSpan elapsed, List<string> rules)
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
        sb.AppendLine("The generated pages come from `ListingShapes` (our own generator: year and month archives, a latest block above");
        sb.AppendLine("older lists, a card strip beside a grid, split columns, a sidebar of recent posts, page 2 of a list, pages with one");
        sb.AppendLine("or two articles, an essay index of short titles, a magazine's sections with a most-read box, classified ads,");
        sb.AppendLine("podcast episodes with download and show-notes links, popular older posts and topic links beside the list; each in");
        sb.AppendLine("WordPress, Hugo, Jekyll, Ghost, Drupal, Docusaurus, Pelican and Eleventy markup, inside menus, tag clouds and footers).");
        sb.AppendLine();
        sb.AppendLine("| set | pages | mean F1 (floor) | mean precision (floor) | mean recall | pages with F1 ≥ 0.9 | articles found |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        for (var i = 0; i < results.Count; i++)
        {
            var (name, scores) = results[i];
            var (f1, precision, recall) = Means(scores);
            sb.AppendLine(inv, $"| {name} | {scores.Count} | {f1:0.000} ({floors[i].F1:0.00}) | {precision:0.000} ({floors[i].Precision:0.00}) | {recall:0.000} | {scores.Count(s => s.F1 >= 0.9)} | {scores.Sum(s => s.Found)} of {scores.Sum(s => s.Articles)} |");
        }

        sb.AppendLine();
        sb.AppendLine("Before issue 19 (one group, three items at least, JSON-LD first): listings-dev mean F1 0.734 (precision 1.000,");
        sb.AppendLine("recall 0.723), generated shapes mean F1 0.724 (precision 0.956, recall 0.664; the first 50 shapes).");
        sb.AppendLine();
        sb.AppendLine("The unseen shapes come from `UnseenListingShapes`, a second generator written before the detector's rules were read:");
        sb.AppendLine("news front pages in utility-class, CSS-module, Vue, BEM and classless markup (cards whose image, title and \"read more\"");
        sb.AppendLine("all link the story, titles that are not headings, a lead story, mixed card sizes, ads and a newsletter box, load-more");
        sb.AppendLine("streams, `<base href>`, tracking queries and fragments, one story in two sections, more menu than articles), in");
        sb.AppendLine("English, German, Polish, Japanese and Arabic. Its shapes are split by a hash of their name; the dev half is read page");
        sb.AppendLine("by page, the held-out half only in total. Issue 23 (F1 / precision / recall, dev half · held-out half): as found,");
        sb.AppendLine("0.833 / 1.000 / 0.803 · 0.723 / 0.998 / 0.659, every Japanese page of teasers without headings empty, because a");
        sb.AppendLine("headline was 20 characters or 4 space-separated words and a Japanese headline is 12 to 20 characters with no spaces;");
        sb.AppendLine("counting two characters of Han, kana or Thai as a word: 0.936 / 1.000 / 0.895 · 0.875 / 0.998 / 0.812. Cards whose");
        sb.AppendLine("image link and title link differ by utm_ tags (or a fragment) counted as blocks of several articles and were passed");
        sb.AppendLine("over; comparing links by their canonical URL (CONTRACT §5, tracking parameters and fragment dropped): 0.993 / 1.000 /");
        sb.AppendLine("0.987 · 0.999 / 1.000 / 0.998. Both kept; listings-dev, the first generator and the fixtures did not move. No rule was");
        sb.AppendLine("tried and dropped. Left on the dev half: the lead story above a grid of smaller cards (a shape of its own, one item).");
        sb.AppendLine();
        sb.AppendLine("## Pages that list their whole archive");
        sb.AppendLine();
        sb.AppendLine("Many sites list every post on the listing page while their feed holds the newest N, and an aggregator that");
        sb.AppendLine("took the archive on the first poll would flood subscribers with years-old posts. When the page names its newest");
        sb.AppendLine("posts itself (JSON-LD) and the markup starts with them and runs to more than twice as many, the JSON-LD list is");
        sb.AppendLine("taken. Without such a statement the page does not say where its window ends. Measured below on the markup's own");
        sb.AppendLine("list (F1 / precision / recall): cutting to a feed-like 15 loses most of every long list; cutting to the year before");
        sb.AppendLine("the newest item helps the one archive page of listings-dev but cuts every year archive whose feed holds all of it");
        sb.AppendLine("(the generated archives, a real project blog of 155 posts in 7 year headings). So the whole list is kept.");
        sb.AppendLine();
        sb.AppendLine("| rule | listings-dev | generated shapes | mean recall, pages of 24+ articles | maplibre-news F1 |");
        sb.AppendLine("|---|---|---|---:|---:|");
        foreach (var row in rules)
        {
            sb.AppendLine(row);
        }
        sb.AppendLine();
        sb.AppendLine("## Pages below F1 0.9");
        sb.AppendLine();
        var low = results.Where(r => perPage.Contains(r.Name)).SelectMany(r => r.Scores).Where(s => s.F1 < 0.9).ToList();
        if (low.Count == 0)
        {
            sb.AppendLine("None.");
        }

        foreach (var s in low)
        {
            sb.AppendLine(inv, $"- `{s.Name}` ({s.F1:0.000}): {Notes.GetValueOrDefault(s.Name, "NO NOTE GIVEN")}");
        }

        sb.AppendLine();
        sb.AppendLine(inv, $"All sets scored in {elapsed.TotalSeconds:0.0} s.");
        foreach (var (name, scores) in results.Where(r => perPage.Contains(r.Name)))
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
