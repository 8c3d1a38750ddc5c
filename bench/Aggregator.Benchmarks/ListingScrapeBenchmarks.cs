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

    [GlobalSetup]
    public void Setup()
    {
        _page = BenchInputs.Instance.Listing;
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
}
