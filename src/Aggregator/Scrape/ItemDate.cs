using AngleSharp.Dom;

namespace Aggregator.Scrape;

/// <summary>When an item was published, from its selector, else from the markup and text a listing prints beside it.</summary>
internal static class ItemDate
{
    private static readonly HashSet<string> DateWords = new(StringComparer.Ordinal)
    {
        "date", "dateline", "time", "timestamp", "published", "posted", "pubdate", "created", "ago", "meta", "byline",
    };

    public static DateTimeOffset? Read(IElement item, SelectorRule? rule, ListingPage page)
    {
        if (rule is not null)
        {
            if (rule.Find(item) is not { } element)
            {
                return null;
            }

            if (rule.Attribute is not null)
            {
                return ListingDateParser.Parse(element.GetAttribute(rule.Attribute), page.FetchedAt);
            }

            return ListingDateParser.Parse(element.GetAttribute("datetime") ?? element.GetAttribute("content"), page.FetchedAt)
                ?? ListingDateParser.Parse(TextOf.Element(element), page.FetchedAt);
        }

        // time[datetime], then schema.org datePublished or Open Graph article:published_time, then any time element's text, then date-like lines.
        foreach (var time in ElementWalk.Descendants(item).Where(e => e.LocalName == "time" && e.HasAttribute("datetime")))
        {
            if (ListingDateParser.Parse(time.GetAttribute("datetime"), page.FetchedAt) is { } value)
            {
                return value;
            }
        }

        foreach (var element in ElementWalk.Descendants(item).Where(e =>
            e.GetAttribute("itemprop") == "datePublished" || e.GetAttribute("property") == "article:published_time"))
        {
            var raw = element.GetAttribute("content") ?? element.GetAttribute("datetime") ?? TextOf.Element(element);
            if (ListingDateParser.Parse(raw, page.FetchedAt) is { } value)
            {
                return value;
            }
        }

        foreach (var element in ElementWalk.Descendants(item))
        {
            if (element.LocalName == "time" || page.HasClassWord(element, DateWords))
            {
                var text = TextOf.Element(element);
                if (text.Length <= 120 && ListingDateParser.Parse(text, page.FetchedAt) is { } value)
                {
                    return value;
                }
            }
        }

        // A line that prints only a date ("<p>Aug 15, 2026</p>" under a teaser) dates it too: without it, every item of
        // such a listing would count as published when first seen, and an archive would land at the top of every feed.
        foreach (var element in ElementWalk.Descendants(item))
        {
            if (element.FirstElementChild is null && TextOf.Element(element) is { Length: >= 6 and <= 40 } text
                && ListingDateParser.Parse(text, page.FetchedAt) is { } value && IsOnlyDate(text))
            {
                return value;
            }
        }

        return null;
    }

    // The date and little else: at most two words besides it ("Posted Aug 15, 2026"), not a sentence that mentions one.
    private static bool IsOnlyDate(string text) => TextOf.WordCount(text) <= 5;
}
