using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Aggregator.Model;
using Aggregator.Normalize;

namespace Aggregator.Scrape;

/// <summary>
/// Turns an HTML listing page into entries: with the outlet's selectors when it has them; otherwise from
/// the page's JSON-LD list when there is one; otherwise from the repeated structure detection finds.
/// Pure and total: any input gives a result, with a one-line reason when nothing could be read.
/// </summary>
public static class ListingScraper
{
    /// <param name="previousStructure">What detection found on the last poll ("detected N items via PATH"): tried
    /// first, so a listing is read the same way from poll to poll while that structure still holds.</param>
    public static ScrapeResult Scrape(string html, Uri pageUrl, ScrapeRules? rules, DateTimeOffset fetchedAt, string? previousStructure = null)
    {
        try
        {
            if (string.IsNullOrWhiteSpace(html))
            {
                return ScrapeResult.Failure("scrape: empty page");
            }

            if (!pageUrl.IsAbsoluteUri)
            {
                return ScrapeResult.Failure($"scrape: page URL '{pageUrl}' is not absolute");
            }

            var clamped = NestingGuard.Clamp(html, out var truncated);
            var document = new HtmlParser().ParseDocument(clamped);
            var page = new ListingPage(document, pageUrl, fetchedAt);
            var result = rules is not null ? WithSelectors(page, rules)
                : Remembered(page, previousStructure) ?? Detect(page);
            return truncated && result.Entries.Count == 0
                ? result with { Error = $"{result.Error} (page nests elements deeper than {NestingGuard.MaxDepth} levels; read them as one level)" }
                : result;
        }
        catch (Exception ex)
        {
            // A bug must not take the outlet's poll down with an exception: it becomes that poll's reason.
            return ScrapeResult.Failure($"scrape: internal error: {ex.GetType().Name}: {ex.Message.ReplaceLineEndings(" ")}");
        }
    }

    private static ScrapeResult WithSelectors(ListingPage page, ScrapeRules rules)
    {
        var structure = $"selectors: {rules.Item}";
        string?[] selectors = [rules.Item, rules.Title, rules.Link, rules.Summary, rules.Published, rules.Author, rules.Image];
        foreach (var selector in selectors)
        {
            if (SelectorRule.Parse(selector) is { Css: { } css } && !IsValidSelector(page, css))
            {
                return ScrapeResult.Failure($"scrape: invalid selector '{selector}'", page.Title, structure);
            }
        }

        var itemRule = SelectorRule.Parse(rules.Item);
        if (itemRule?.Css is not { } itemCss)
        {
            return ScrapeResult.Failure("scrape: the item selector is empty", page.Title, structure);
        }

        var items = page.Document.QuerySelectorAll(itemCss);
        if (items.Length == 0)
        {
            return ScrapeResult.Failure($"scrape: selector '{rules.Item}' matched nothing", page.Title, structure);
        }

        var entries = Read(items, page, rules, strict: false);
        return entries.Count == 0
            ? ScrapeResult.Failure($"scrape: selector '{rules.Item}' matched {items.Length} elements but none had both a title and a link", page.Title, structure)
            : new ScrapeResult(entries, page.Title, structure, null);
    }

    /// <summary>
    /// The structure detection chose last time, if it still yields at least half as many articles (and three):
    /// a close call between two repeated blocks must not make the outlet's items flip from poll to poll.
    /// </summary>
    private static ScrapeResult? Remembered(ListingPage page, string? previous)
    {
        var via = previous?.IndexOf(" items via ", StringComparison.Ordinal) ?? -1;
        if (previous is null || via < 9 || !previous.StartsWith("detected ", StringComparison.Ordinal)
            || !int.TryParse(previous.AsSpan(9, via - 9), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count))
        {
            return null;
        }
        // "A > B > article.post h2 a": the items are "A > B > article.post"; "h2 a" names their link.
        var path = previous[(via + " items via ".Length)..];
        var last = path.LastIndexOf(" > ", StringComparison.Ordinal) + 1;
        var space = path.IndexOf(' ', last == 0 ? 0 : last + 2);
        var itemCss = space < 0 ? path : path[..space];
        if (!IsValidSelector(page, itemCss))
        {
            return null;
        }
        var entries = Read(page.Document.QuerySelectorAll(itemCss), page, null, strict: true);
        return entries.Count >= Math.Max(3, count / 2)
            ? new ScrapeResult(entries, page.Title, $"detected {entries.Count} items via {path}", null)
            : null;
    }

    private static ScrapeResult Detect(ListingPage page)
    {
        if (JsonLdListing.Read(page) is var (jsonEntries, jsonStructure))
        {
            return new ScrapeResult(jsonEntries, page.Title, jsonStructure, null);
        }

        if (RepeatedStructureDetector.Detect(page) is not { } listing)
        {
            return ScrapeResult.Failure("scrape: no repeated article structure found", page.Title);
        }

        var entries = Read(listing.Items, page, null, strict: true);
        return entries.Count == 0
            ? ScrapeResult.Failure("scrape: no repeated article structure found", page.Title)
            : new ScrapeResult(entries, page.Title, $"detected {entries.Count} items via {listing.Path}", null);
    }

    // Page order; an article linked twice (a featured copy, a thumbnail link) is kept once.
    private static List<FeedEntry> Read(IEnumerable<IElement> items, ListingPage page, ScrapeRules? rules, bool strict)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var entries = new List<FeedEntry>();
        foreach (var item in items)
        {
            if (ItemReader.Read(item, page, rules, strict) is { Link: { } link } entry && seen.Add(link.GetLeftPart(UriPartial.Query)))
            {
                entries.Add(entry);
            }
        }

        return entries;
    }

    private static bool IsValidSelector(ListingPage page, string css)
    {
        try
        {
            _ = page.Document.QuerySelector(css);
            return true;
        }
        catch (DomException)
        {
            return false;
        }
    }
}
