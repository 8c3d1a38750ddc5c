using Aggregator.Model;
using Aggregator.Parse.Xml;

namespace Aggregator.Parse.Rss;

/// <summary>
/// The usual RSS 2.0 item (WordPress and most CMSs: title, link, guid, pubDate, description, content:encoded,
/// dc:creator, categories, enclosures) mapped in one pass over its children, each sorted into the slot its rule
/// reads, instead of the two dozen child lookups <see cref="RssItemAdapter"/>'s fallback chains make, most for
/// elements such an item never has. It declines (null) any item holding something else a rule might read: then
/// <see cref="RssItemAdapter"/> reads the item as before. For the items it takes, every rule whose elements are
/// absent gives null, so its answer is the adapter's field for field (RssItemDirectTests and ParseOutputHashTests).
/// </summary>
internal static class RssItemDirect
{
    // Items taken and declined on this thread: what share of real feeds the pass covers (see DocumentReads).
    [ThreadStatic]
    private static int t_taken;
    [ThreadStatic]
    private static int t_declined;

    public static int TakenOnThisThread => t_taken;

    public static int DeclinedOnThisThread => t_declined;

    public static FeedEntry? TryAdapt(FeedElement item, RssItemContext context)
    {
        // Attributes on the item are rdf:about (an id and link) or CDF's HREF and LASTMOD: the adapter's.
        if (item.Attributes.Count > 0 || !Sort(item, out var slots))
        {
            t_declined++;
            return null;
        }

        t_taken++;
        var itemBase = item.HasXmlBase() ? item.ResolveBase(context.FetchUri) : context.ChannelLink ?? context.FetchUri;
        var guid = XmlValues.Text(slots.Guid);
        var rawLink = XmlValues.Text(slots.Link);
        var link = UriResolver.Resolve(rawLink, itemBase) ?? RssItemAdapter.PermalinkGuid(slots.Guid, guid);
        var enclosures = RssItemAdapter.Enclosures(item, itemBase);
        var descriptionHtml = XmlValues.Html(slots.Description);
        var contentHtml = XmlValues.Html(slots.Content);
        var dcDate = XmlValues.Date(slots.DcDate);
        return new FeedEntry
        {
            Id = guid ?? rawLink ?? link?.AbsoluteUri,
            Title = XmlValues.PlainTitle(slots.Title),
            Link = link,
            Published = XmlValues.Date(slots.PubDate) ?? dcDate,
            Updated = dcDate,
            Authors = Authors(slots),
            Summary = descriptionHtml,
            Content = contentHtml,
            Categories = slots.Categories ?? [],
            Enclosures = enclosures,
            ImageUrl = enclosures.FirstOrDefault(e => e.MediaType?.StartsWith("image/", StringComparison.OrdinalIgnoreCase) ?? false)?.Url
                ?? HtmlImages.First(contentHtml ?? descriptionHtml, itemBase),
            BaseUri = (slots.Content ?? slots.Description) is FeedElement body && body.HasXmlBase() ? body.ResolveBase(context.FetchUri) : link ?? itemBase,
        };
    }

    /// <summary>The first of each element a rule reads, and the categories in order; false at anything else a rule could read.</summary>
    private static bool Sort(FeedElement item, out Slots slots)
    {
        slots = default;
        for (var i = 0; i < item.NodeCount; i++)
        {
            if (item.NodeAt(i) is not FeedElement child)
            {
                continue;
            }

            var taken = child.Namespace switch
            {
                // The adapter matches core names in any case; other spellings (<Title>, CDF's capitals) are its own.
                "" => child.LocalName switch
                {
                    "title" => Keep(ref slots.Title, child),
                    "link" => Keep(ref slots.Link, child),
                    "guid" => Keep(ref slots.Guid, child),
                    "pubDate" => Keep(ref slots.PubDate, child),
                    "description" => Keep(ref slots.Description, child),
                    "author" => Keep(ref slots.Author, child),
                    "category" => AddCategory(ref slots, child),
                    // Read only through the item's own children, as the adapter does.
                    "enclosure" => true,
                    // Elements no rule reads.
                    "comments" or "source" => true,
                    _ => false,
                },
                Ns.Content => child.LocalName == "encoded" && Keep(ref slots.Content, child),
                Ns.Dc => child.LocalName switch
                {
                    "creator" => AddCreator(ref slots, child),
                    "date" => Keep(ref slots.DcDate, child),
                    _ => false,
                },
                _ => IsUnread(child),
            };
            if (!taken)
            {
                return false;
            }
        }

        return true;
    }

    private static bool Keep(ref FeedElement? slot, FeedElement child)
    {
        slot ??= child;
        return true;
    }

    private static bool AddCategory(ref Slots slots, FeedElement category)
    {
        XmlValues.AddDistinct(slots.Categories ??= [], XmlValues.Text(category));
        return true;
    }

    private static bool AddCreator(ref Slots slots, FeedElement creator)
    {
        if (PersonParser.Parse(XmlValues.Text(creator)) is Person person)
        {
            (slots.Creators ??= []).Add(person);
        }

        return true;
    }

    /// <summary>
    /// An element of an extension no item rule reads (slash:comments, wfw:commentRss, georss:point...): a prefix,
    /// so the core rules' "unprefixed in an unknown namespace" reading does not take it, and a namespace outside
    /// those the adapter asks for.
    /// </summary>
    private static bool IsUnread(FeedElement child) =>
        child.Name.Contains(':', StringComparison.Ordinal) && !RssAdapter.IsCore(child.Namespace)
        && child.Namespace is not (Ns.Feedburner or Ns.Atom10 or Ns.Dc or Ns.DcTerms or Ns.Media or Ns.ITunes or Ns.Content or Ns.Xhtml or Ns.Rdf);

    // author: <author>, then dc:creator (each); itunes:author and atom:author are declined above.
    private static IReadOnlyList<Person> Authors(in Slots slots)
    {
        if (PersonParser.Parse(XmlValues.Text(slots.Author)) is Person rss)
        {
            return new[] { rss };
        }

        return slots.Creators is { } creators ? creators : [];
    }

    private struct Slots
    {
        public FeedElement? Title;
        public FeedElement? Link;
        public FeedElement? Guid;
        public FeedElement? PubDate;
        public FeedElement? DcDate;
        public FeedElement? Description;
        public FeedElement? Content;
        public FeedElement? Author;
        public List<string>? Categories;
        public List<Person>? Creators;
    }
}
