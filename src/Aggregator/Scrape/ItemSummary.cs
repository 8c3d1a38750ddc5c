using System.Net;
using AngleSharp.Dom;
using Aggregator.Parse;

namespace Aggregator.Scrape;

/// <summary>An item's teaser as HTML: the configured selector's content (an attribute's text escaped), else the first paragraph that is not the title, a byline or a date line.</summary>
internal static class ItemSummary
{
    private static readonly HashSet<string> TeaserWords = new(StringComparer.Ordinal)
    {
        "excerpt", "summary", "intro", "teaser", "description", "lead", "standfirst", "dek", "entry-content",
        "entry-summary",
    };

    private static readonly HashSet<string> MetaWords = new(StringComparer.Ordinal)
    {
        "meta", "byline", "date", "dateline", "time", "timestamp", "published", "posted", "pubdate", "created", "ago",
        "author", "category", "categories", "tags",
    };

    public static string? Read(IElement item, SelectorRule? rule, IElement? title, ListingPage page)
    {
        if (rule is not null)
        {
            if (rule.Find(item) is not { } element)
            {
                return null;
            }

            if (rule.Attribute is not null)
            {
                var value = TextOf.Collapse(element.GetAttribute(rule.Attribute));
                return value.Length == 0 ? null : HtmlEscape.Text(value);
            }

            return InnerHtml(element);
        }

        // The first paragraph that is neither the title nor a byline or date line; else a block named like a teaser.
        IElement? teaserBlock = null;
        foreach (var element in ElementWalk.Descendants(item))
        {
            if (title is not null && (element == title || ElementWalk.IsInside(element, title) || ElementWalk.IsInside(title, element)))
            {
                continue;
            }

            if (element.LocalName == "p")
            {
                var text = TextOf.Element(element);
                if (text.Length > 0 && !page.HasClassWord(element, MetaWords) && !page.IsInsideFurnitureWithin(element, item)
                    && !(text.Length < 40 && ListingDateParser.Parse(text, page.FetchedAt) is not null))
                {
                    return InnerHtml(element);
                }
            }
            else if (teaserBlock is null && page.HasClassWord(element, TeaserWords))
            {
                teaserBlock = element;
            }
        }

        return teaserBlock is null ? null : InnerHtml(teaserBlock);
    }

    private static string? InnerHtml(IElement element) =>
        TextOf.Element(element).Length == 0 ? null : element.InnerHtml.Trim();
}
