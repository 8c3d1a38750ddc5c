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

        return null;
    }
}
