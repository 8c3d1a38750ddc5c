using Aggregator.Model;
using Aggregator.Parse;

namespace Aggregator.Scrape;

/// <summary>
/// What scraping a listing page produced: entries in page order, the page's title, a description of the
/// structure used ("selectors: div.article", "json-ld ItemList", "detected 10 items via main > article.post h2 a")
/// and, when nothing usable was found, a one-line reason.
/// </summary>
public sealed record ScrapeResult(IReadOnlyList<FeedEntry> Entries, string? PageTitle, string? Structure, string? Error)
{
    /// <summary>What was left unread and why (a page cut at <see cref="ListingScraper.MaxChars"/>), one line each.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Items found after the first <see cref="FeedLimits.MaxEntries"/>: counted, not kept.</summary>
    public int OverLimit { get; init; }

    /// <summary>
    /// Items the configured item selector matched that had no title or no link, so could not be stored: counted, and
    /// shown as entries lost (detection picks its items by their title and link, so it leaves none such).
    /// </summary>
    public int Incomplete { get; init; }

    /// <summary>Characters of the page left unread by the cut at <see cref="ListingScraper.MaxChars"/>; 0 when read whole.</summary>
    public int CharsUnread { get; init; }

    public static ScrapeResult Failure(string reason, string? pageTitle = null, string? structure = null) =>
        new([], pageTitle, structure, reason);
}
