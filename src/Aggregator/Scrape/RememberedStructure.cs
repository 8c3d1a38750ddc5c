using System.Globalization;

namespace Aggregator.Scrape;

/// <summary>
/// Re-reads a page with the structure detection chose on the last poll ("detected N items via PATH[ + PATH…][ (why)]"),
/// if it still yields at least half as many articles (and three): a close call between two repeated blocks must not
/// make the outlet's items flip from poll to poll.
/// </summary>
internal static class RememberedStructure
{
    public static ScrapeResult? Read(ListingPage page, string? previous)
    {
        const string Prefix = "detected ";
        if (previous is null || !previous.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var via = previous.IndexOf(" via ", StringComparison.Ordinal);
        var number = via < 0 ? string.Empty : previous[Prefix.Length..via];
        var space = number.IndexOf(' ', StringComparison.Ordinal);
        if (space < 0 || !int.TryParse(number.AsSpan(0, space), NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            return null;
        }

        var rest = previous[(via + " via ".Length)..];
        var why = rest.IndexOf(" (", StringComparison.Ordinal);
        var paths = why < 0 ? rest : rest[..why];
        var selectors = new List<string>();
        foreach (var path in paths.Split(" + "))
        {
            // "A > B > article.post h2 a": the items are "A > B > article.post"; "h2 a" names their link.
            var last = path.LastIndexOf(" > ", StringComparison.Ordinal) + 1;
            var end = path.IndexOf(' ', last == 0 ? 0 : last + 2);
            var itemCss = end < 0 ? path : path[..end];
            if (!ListingScraper.IsValidSelector(page, itemCss))
            {
                return null;
            }

            selectors.Add(itemCss);
        }

        // One selector list, so the items of all groups come in page order.
        var entries = ListingScraper.Read(page.Document.QuerySelectorAll(string.Join(", ", selectors)), page, null, strict: true, out var overLimit, out _);
        var found = entries.Count + overLimit;
        return found >= Math.Max(3, count / 2)
            ? new ScrapeResult(entries, page.Title, $"detected {found} items via {rest}", null) { OverLimit = overLimit }
            : null;
    }
}
