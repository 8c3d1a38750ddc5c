using Aggregator.Model;

namespace Aggregator.Scrape;

/// <summary>
/// Detection without selectors: the page's JSON-LD list and the repeated structure of its markup, and the one that
/// holds more of the outlet's articles. A JSON-LD list often names only the first page of a longer list (the newest
/// ten), so markup that finds more and covers the JSON-LD's articles wins. The structure says what was taken and why.
/// </summary>
internal static class AutomaticListing
{
    public static ScrapeResult Read(ListingPage page)
    {
        var json = JsonLdListing.Read(page);
        var listing = RepeatedStructureDetector.Detect(page);
        var entries = listing is null ? [] : ListingScraper.Read(listing.Items, page, null, strict: true);
        if (json is var (jsonEntries, jsonStructure))
        {
            if (entries.Count <= jsonEntries.Count || (jsonEntries.Count > 2 && Coverage(jsonEntries, entries) < 0.8))
            {
                return new ScrapeResult(jsonEntries, page.Title, jsonStructure, null);
            }

            var why = $"more than the {jsonEntries.Count} of the page's {jsonStructure}";
            listing = listing! with { Why = listing.Why is null ? why : $"{listing.Why}; {why}" };
        }

        if (listing is null || entries.Count == 0)
        {
            return ScrapeResult.Failure("scrape: no repeated article structure found", page.Title);
        }

        var noun = entries.Count == 1 ? "item" : "items";
        var structure = $"detected {entries.Count} {noun} via {listing.Path}" + (listing.Why is null ? string.Empty : $" ({listing.Why})");
        return new ScrapeResult(entries, page.Title, structure, null);
    }

    private static double Coverage(IReadOnlyList<FeedEntry> json, List<FeedEntry> markup)
    {
        var found = markup.Select(e => Key(e.Link!)).ToHashSet(StringComparer.Ordinal);
        return (double)json.Count(e => found.Contains(Key(e.Link!))) / json.Count;
    }

    private static string Key(Uri link) => link.Host.ToLowerInvariant() + link.AbsolutePath.TrimEnd('/') + link.Query;
}
