using AngleSharp.Dom;
using Aggregator.Model;

namespace Aggregator.Scrape;

/// <summary>
/// Reads one listing item into a <see cref="FeedEntry"/>: each field from its configured selector when there is
/// one, else by the default written beside it. <c>strict</c> is automatic detection, where a link must also lead
/// to an article of the same site; configured selectors are trusted further.
/// </summary>
internal static class ItemReader
{
    private const int MaxLinksExamined = 24;

    /// <param name="furniture">True when the item was left out as page furniture (a promotion the page repeats), not for a missing title or link.</param>
    public static FeedEntry? Read(IElement item, ListingPage page, ScrapeRules? rules, bool strict, out bool furniture)
    {
        furniture = false;
        var titleRule = SelectorRule.Parse(rules?.Title);
        var linkRule = SelectorRule.Parse(rules?.Link);

        var titleElement = titleRule?.Find(item);
        var (linkElement, link) = linkRule is null
            ? FindLink(item, titleElement, page, strict)
            : ReadLinkRule(item, linkRule, page);

        // Title: the selector; else the heading holding the link; else the first heading; else the link text.
        string title;
        IElement? heading;
        if (titleRule is not null)
        {
            title = titleElement is null ? string.Empty : titleRule.ReadText(titleElement);
            heading = titleElement;
        }
        else
        {
            heading = (linkElement is null ? null : ClosestHeading(linkElement, item)) ?? FirstHeading(item, page);
            title = heading is not null ? TextOf.Element(heading) : linkElement is not null ? TextOf.Element(linkElement) : string.Empty;
        }

        title = TextOf.Collapse(title);
        if (title.Length == 0 || link is null)
        {
            return null;
        }

        if (page.IsRepeatedPromotion(item, title, link))
        {
            furniture = true;
            return null;
        }

        var summary = ItemSummary.Read(item, SelectorRule.Parse(rules?.Summary), heading ?? linkElement, page);
        var author = ItemAuthor.Read(item, SelectorRule.Parse(rules?.Author), page);
        return new FeedEntry
        {
            Id = null,
            Title = title,
            Link = link,
            Summary = summary,
            Published = ItemDate.Read(item, SelectorRule.Parse(rules?.Published), page),
            Authors = author is null ? [] : [new Person(author)],
            ImageUrl = ItemImage.Read(item, SelectorRule.Parse(rules?.Image), page),
            BaseUri = page.BaseUri,
        };
    }

    /// <summary>
    /// The item's link: the title's own link, else (detection only) a link whose text reads like a headline,
    /// else the first link; the item itself when it is a link.
    /// </summary>
    public static (IElement? Element, Uri? Link) FindLink(IElement item, IElement? titleElement, ListingPage page, bool strict)
    {
        var around = titleElement ?? FirstHeading(item, page);
        if (around is not null)
        {
            foreach (var anchor in AnchorsOf(around, item))
            {
                if (Usable(anchor, item, page, strict) is { } uri)
                {
                    return (anchor, uri);
                }
            }
        }

        IElement? fallback = null;
        Uri? fallbackUri = null;
        var examined = 0;
        foreach (var anchor in item.LocalName == "a" ? ElementWalk.Descendants(item).Prepend(item) : ElementWalk.Descendants(item))
        {
            // A teaser's link comes early; a block with dozens of links before its headline (a references list,
            // a wiki paragraph) is not a teaser, and checking all of them made detection slow on such pages.
            if (anchor.LocalName != "a" || ++examined > MaxLinksExamined)
            {
                if (examined > MaxLinksExamined)
                {
                    break;
                }

                continue;
            }

            if (Usable(anchor, item, page, strict) is not { } uri)
            {
                continue;
            }

            if (!strict || ClosestHeading(anchor, item) is not null || LooksLikeHeadline(TextOf.Element(anchor)))
            {
                return (anchor, uri);
            }

            if (fallback is null)
            {
                (fallback, fallbackUri) = (anchor, uri);
            }
        }

        return (fallback, fallbackUri);
    }

    public static bool LooksLikeHeadline(string text) => text.Length >= 20 || TextOf.WeighedWords(text) >= 4;

    public static IElement? FirstHeading(IElement item, ListingPage page)
    {
        foreach (var element in ElementWalk.Descendants(item))
        {
            if (element.LocalName is "h1" or "h2" or "h3" or "h4" && !page.IsInsideFurnitureWithin(element, item)
                && TextOf.Element(element).Length > 0)
            {
                return element;
            }
        }

        return null;
    }

    public static IElement? ClosestHeading(IElement element, IElement item)
    {
        for (IElement? node = element; node is not null && node != item; node = node.ParentElement)
        {
            if (ElementWalk.IsHeading(node))
            {
                return node;
            }
        }

        return null;
    }

    // The link that goes with a title: the title itself, one inside it, or one wrapped around it.
    private static IEnumerable<IElement> AnchorsOf(IElement title, IElement item)
    {
        if (title.LocalName == "a")
        {
            yield return title;
        }

        foreach (var inner in ElementWalk.Descendants(title))
        {
            if (inner.LocalName == "a")
            {
                yield return inner;
            }
        }

        for (var node = title.ParentElement; node is not null; node = node.ParentElement)
        {
            if (node.LocalName == "a")
            {
                yield return node;
            }

            if (node == item)
            {
                break;
            }
        }
    }

    private static Uri? Usable(IElement anchor, IElement item, ListingPage page, bool strict)
    {
        if (page.Resolve(anchor.GetAttribute("href")) is not { } uri || PageFurniture.SameDocument(uri, page.PageUrl))
        {
            return null;
        }

        if (strict && (!page.IsArticleCandidate(uri) || page.IsInsideFurnitureWithin(anchor, item)))
        {
            return null;
        }

        return uri;
    }

    private static (IElement? Element, Uri? Link) ReadLinkRule(IElement item, SelectorRule rule, ListingPage page)
    {
        if (rule.Find(item) is not { } element)
        {
            return (null, null);
        }

        if (rule.Attribute is not null)
        {
            return (element, NotThePage(page.Resolve(element.GetAttribute(rule.Attribute)), page));
        }

        var anchor = element.HasAttribute("href") ? element
            : ElementWalk.Descendants(element).FirstOrDefault(e => e.LocalName == "a" && e.HasAttribute("href"))
              ?? element.Closest("a[href]");
        return (anchor ?? element, NotThePage(page.Resolve(anchor?.GetAttribute("href")), page));
    }

    private static Uri? NotThePage(Uri? uri, ListingPage page) =>
        uri is null || PageFurniture.SameDocument(uri, page.PageUrl) ? null : uri;
}
