using AngleSharp.Dom;

namespace Aggregator.Scrape;

/// <summary>
/// A page with one or two articles has nothing repeated to detect; it is read only when the evidence is strong:
/// each item is an &lt;article&gt;, a microdata or microformats entry, or links to a URL that reads like an article,
/// and it prints a date beside its headline link, in the page's content rather than its sidebars or menus.
/// </summary>
internal static class SmallListing
{
    private const int MaxItems = 2;

    /// <summary>The strongest group of one or two such items, or null.</summary>
    public static ScoredGroup? Choose(List<ScoredGroup> scored, ListingPage page, Dictionary<IElement, ItemProbe> probes)
    {
        var strong = scored.Where(group => group.Items.Count <= MaxItems && group.Level is not (FurnitureLevel.Secondary or FurnitureLevel.Excluded)
            && group.Qualifying >= 1 && group.Items.All(item => IsStrong(item, page, probes))).ToList();
        // The teaser itself, not the page section around it: a block holding another candidate's item is its container.
        var items = new HashSet<IElement>(strong.SelectMany(g => g.Items), ReferenceEqualityComparer.Instance);
        return strong
            .Where(group => !group.Items.Any(item => ElementWalk.Descendants(item).Any(items.Contains)))
            .MaxBy(group => group.Score);
    }

    /// <summary>What made the items count ("an article element and a date").</summary>
    public static string Evidence(ScoredGroup group, ListingPage page)
    {
        var item = group.Items[0];
        var kind = item.LocalName == "article" ? "<article>" : IsEntry(item) ? "microdata or h-entry" : "a teaser";
        return HasDate(item, page) ? $"{kind} with a headline link and a date" : $"{kind} linking its article twice, with a summary";
    }

    private static bool IsStrong(IElement item, ListingPage page, Dictionary<IElement, ItemProbe> probes) =>
        probes.TryGetValue(item, out var probe) && probe is { Qualifies: true, Link: { } link }
        && page.FurnitureAround(item) is not (FurnitureLevel.Secondary or FurnitureLevel.Excluded)
        && (((item.LocalName == "article" || IsEntry(item) || ListingPage.LooksLikeArticle(link)) && HasDate(item, page))
            || (LinkedTwice(item, link, page) && probe.TextLength - probe.MainLinkTextLength >= 60));

    // The reader's date, or any short element that prints only a date (a footer's "November 20, 2025").
    public static bool HasDate(IElement item, ListingPage page) =>
        ItemDate.Read(item, null, page) is not null
        || ElementWalk.Descendants(item).Any(e => e.FirstElementChild is null && TextOf.Element(e) is { Length: >= 6 and <= 40 } text
            && ListingDateParser.Parse(text, page.FetchedAt) is not null);

    // A teaser links its article from the headline and again from its image or summary; a promotion or a note does not.
    private static bool LinkedTwice(IElement item, Uri link, ListingPage page)
    {
        var key = ArticleKey.Of(link);
        return ElementWalk.Descendants(item).Count(e => e.LocalName == "a" && page.Resolve(e.GetAttribute("href")) is { } target && ArticleKey.Of(target) == key) >= 2;
    }

    private static bool IsEntry(IElement item) =>
        item.GetAttribute("itemtype") is { } type && (type.Contains("Article", StringComparison.OrdinalIgnoreCase) || type.Contains("Posting", StringComparison.OrdinalIgnoreCase))
        || item.ClassList.Contains("h-entry") || item.ClassList.Contains("hentry");
}
