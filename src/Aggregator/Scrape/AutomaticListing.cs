using Aggregator.Model;

namespace Aggregator.Scrape;

/// <summary>
/// Detection without selectors: the page's JSON-LD list and the repeated structure of its markup, and the one that
/// holds more of the outlet's articles. A JSON-LD list often names only the first page of a longer list (the newest
/// ten), so markup that finds more and covers the JSON-LD's articles wins, unless it runs far beyond them into the
/// archive. The structure says what was taken and why.
/// </summary>
internal static class AutomaticListing
{
    public static ScrapeResult Read(ListingPage page)
    {
        var json = JsonLdListing.Read(page);
        var listing = RepeatedStructureDetector.Detect(page);
        var overLimit = 0;
        var entries = listing is null ? [] : ListingScraper.Read(listing.Items, page, null, strict: true, out overLimit, out _);
        if (json is var (jsonEntries, jsonStructure))
        {
            if (entries.Count <= jsonEntries.Count || (jsonEntries.Count > 2 && Coverage(jsonEntries, entries) < 0.8))
            {
                return new ScrapeResult(jsonEntries, page.Title, jsonStructure, null);
            }

            if (IsNewestOfArchive(jsonEntries, entries))
            {
                return new ScrapeResult(jsonEntries, page.Title,
                    $"{jsonStructure} (the page's own list of its newest {jsonEntries.Count}; the {entries.Count} the markup lists reach back into the archive)", null);
            }

            var why = $"more than the {jsonEntries.Count} of the page's {jsonStructure}";
            listing = listing! with { Why = listing.Why is null ? why : $"{listing.Why}; {why}" };
        }

        if (listing is null || entries.Count == 0)
        {
            return ScrapeResult.Failure("scrape: no repeated article structure found", page.Title);
        }

        var noun = entries.Count == 1 ? "item" : "items";
        var structure = $"detected {entries.Count + overLimit} {noun} via {listing.Path}" + (listing.Why is null ? string.Empty : $" ({listing.Why})");
        return new ScrapeResult(entries, page.Title, structure, null) { OverLimit = overLimit };
    }

    /// <summary>
    /// The page names its newest posts in JSON-LD and its markup lists far more, starting with those: the markup is the
    /// whole archive (a news page listing every post since the site began), and the JSON-LD is the window the site
    /// itself presents as current, as its feed does. A first poll that took the archive would flood subscribers with
    /// years-old posts. A markup list up to twice as long is a page of the list the JSON-LD merely abridges.
    /// </summary>
    private static bool IsNewestOfArchive(IReadOnlyList<FeedEntry> json, List<FeedEntry> markup)
    {
        if (json.Count < 3 || markup.Count <= 2 * json.Count)
        {
            return false;
        }

        var head = markup.Take(json.Count + Math.Max(2, json.Count / 5)).Select(e => Key(e.Link!)).ToHashSet(StringComparer.Ordinal);
        return json.Count(e => head.Contains(Key(e.Link!))) * 5 >= json.Count * 4;
    }

    private static double Coverage(IReadOnlyList<FeedEntry> json, List<FeedEntry> markup)
    {
        var found = markup.Select(e => Key(e.Link!)).ToHashSet(StringComparer.Ordinal);
        return (double)json.Count(e => found.Contains(Key(e.Link!))) / json.Count;
    }

    private static string Key(Uri link) => link.Host.ToLowerInvariant() + link.AbsolutePath.TrimEnd('/') + link.Query;
}
