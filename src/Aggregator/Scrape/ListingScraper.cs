using System.Globalization;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Aggregator.Model;
using Aggregator.Parse;

namespace Aggregator.Scrape;

/// <summary>
/// Turns an HTML listing page into entries: with the outlet's selectors when it has them; otherwise from
/// the page's JSON-LD list when there is one; otherwise from the repeated structure detection finds.
/// Pure and total: any input gives a result, with a one-line reason when nothing could be read.
/// </summary>
public static class ListingScraper
{
    /// <summary>
    /// The most of a listing page given to the DOM parser. Its DOM costs some sixty times its size (a 6 MB page of
    /// 100,000 links took half a gigabyte), and no listing in the corpora comes near it.
    /// </summary>
    public const int MaxChars = 2 * 1024 * 1024;

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

            var cut = Cut(html, out var warning);
            using var turn = LargePageGate.Enter(cut);
            var clamped = NestingGuard.Clamp(cut, out var truncated);
            var document = new HtmlParser().ParseDocument(clamped);
            var page = new ListingPage(document, pageUrl, fetchedAt);
            var result = rules is not null ? WithSelectors(page, rules)
                : Remembered(page, previousStructure) ?? Detect(page);
            if (warning is not null)
            {
                result = result with
                {
                    Error = result.Error is null ? null : $"{result.Error} ({warning})",
                    Warnings = [warning],
                    CharsUnread = html.Length - cut.Length,
                };
            }
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

    /// <summary>
    /// The page up to <see cref="MaxChars"/>, ending before the tag the limit falls in; a listing's newest items come first,
    /// so the cut keeps the ones a poll would keep (<see cref="FeedLimits.MaxEntries"/> fit many times over).
    /// </summary>
    private static string Cut(string html, out string? warning)
    {
        warning = null;
        if (html.Length <= MaxChars)
        {
            return html;
        }

        var end = PageCut.BeforeTag(html, MaxChars);
        warning = string.Create(CultureInfo.InvariantCulture,
            $"page of {html.Length:N0} characters cut to its first {end:N0}: the rest was not read");
        return html[..end];
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

        var entries = Read(items, page, rules, strict: false, out var overLimit, out var incomplete);
        return entries.Count == 0
            ? ScrapeResult.Failure($"scrape: selector '{rules.Item}' matched {items.Length} elements but none had both a title and a link", page.Title, structure)
            : new ScrapeResult(entries, page.Title, structure, null) { OverLimit = overLimit, Incomplete = incomplete };
    }

    /// <summary>
    /// The structure detection chose last time, if it still yields at least half as many articles (and three):
    /// a close call between two repeated blocks must not make the outlet's items flip from poll to poll.
    /// </summary>
    private static ScrapeResult? Remembered(ListingPage page, string? previous) => RememberedStructure.Read(page, previous);

    private static ScrapeResult Detect(ListingPage page) => AutomaticListing.Read(page);

    /// <summary>
    /// Page order; an article linked twice (a featured copy, a thumbnail link) is kept once. A poll keeps the first
    /// <see cref="FeedLimits.MaxEntries"/>, so only those are held: the items after them are read to be counted in
    /// <paramref name="overLimit"/> and let go (a 2 Mi-character page of short items held some 16,000 entries). Items
    /// without a title or a link are counted in <paramref name="incomplete"/>; a repeated promotion is furniture, not an item.
    /// </summary>
    internal static List<FeedEntry> Read(
        IEnumerable<IElement> items, ListingPage page, ScrapeRules? rules, bool strict, out int overLimit, out int incomplete)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var entries = new List<FeedEntry>();
        overLimit = 0;
        incomplete = 0;
        foreach (var item in items)
        {
            if (ItemReader.Read(item, page, rules, strict, out var furniture) is not { Link: { } link } entry)
            {
                incomplete += furniture ? 0 : 1;
                continue;
            }
            if (seen.Add(ArticleKey.Of(link)))
            {
                if (entries.Count < FeedLimits.MaxEntries)
                {
                    entries.Add(entry);
                }
                else
                {
                    overLimit++;
                }
            }
        }

        return entries;
    }

    internal static bool IsValidSelector(ListingPage page, string css)
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
