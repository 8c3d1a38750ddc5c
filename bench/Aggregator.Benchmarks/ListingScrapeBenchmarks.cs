using Aggregator.Bench.Shared;
using Aggregator.Model;
using Aggregator.Scrape;
using BenchmarkDotNet.Attributes;

namespace Aggregator.Benchmarks;

/// <summary>A WordPress category page of 20 cards, read by automatic detection and by an operator's selectors.</summary>
[MemoryDiagnoser]
public class ListingScrapeBenchmarks
{
    private static readonly Uri PageUrl = new("https://popularresistance.example/category/coups/");
    private static readonly DateTimeOffset FetchedAt = new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);
    private readonly ScrapeRules _rules = new(
        SyntheticListing.Selectors.Item, SyntheticListing.Selectors.Title, SyntheticListing.Selectors.Link,
        SyntheticListing.Selectors.Summary, SyntheticListing.Selectors.Published, SyntheticListing.Selectors.Author,
        SyntheticListing.Selectors.Image);
    private string _page = "";
    private string _longPage = "";

    [GlobalSetup]
    public void Setup()
    {
        _page = BenchInputs.Instance.Listing;
        _longPage = LongList(20_000);
        foreach (var rules in new[] { null, _rules })
        {
            var result = ListingScraper.Scrape(_page, PageUrl, rules, FetchedAt);
            if (result.Entries.Count != 20)
            {
                throw new InvalidOperationException($"bench: the listing gave {result.Entries.Count} entries ({result.Structure}; {result.Error}) with rules={rules is not null}");
            }
        }
    }

    [Benchmark(Baseline = true)]
    public int Auto() => ListingScraper.Scrape(_page, PageUrl, null, FetchedAt).Entries.Count;

    [Benchmark]
    public int WithSelectors() => ListingScraper.Scrape(_page, PageUrl, _rules, FetchedAt).Entries.Count;

    /// <summary>A 2.5 MB list of 20,000 teasers: the test only checks that all are read; this is how fast.</summary>
    [Benchmark]
    public int TwentyThousandItems() => ListingScraper.Scrape(_longPage, PageUrl, null, FetchedAt).Entries.Count;

    private static string LongList(int count)
    {
        var html = new System.Text.StringBuilder("<main><ul class=\"list\">");
        for (var i = 0; i < count; i++)
        {
            html.Append(System.Globalization.CultureInfo.InvariantCulture,
                $"<li class=\"item\"><h3><a href=\"/story-number-{i}-of-many\">Story number {i} of a very long list</a></h3><p>Teaser {i}</p></li>");
        }

        return html.Append("</ul></main>").ToString();
    }
}
