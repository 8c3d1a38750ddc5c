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
    private static DirectRoadCount t_count;

    public static DirectRoadCount OnThisThread => t_count;

    public static FeedEntry? TryAdapt(FeedElement item, RssItemContext context)
    {
        // Attributes on the item are rdf:about (an id and link) or CDF's HREF and LASTMOD: the adapter's.
        if (item.Attributes.Count > 0 || !Sort(item, out var slots))
        {
            t_count.Declined++;
            return null;
        }

        t_count.Taken++;
        var body = slots.Content ?? slots.Description;
        var fields = new ItemFields(
            Guid: XmlValues.Text(slots.Guid),
            IsPermaLink: slots.Guid?.Attr("isPermaLink"),
            RawLink: XmlValues.Text(slots.Link),
            Title: XmlValues.PlainTitle(slots.Title),
            PubDate: XmlValues.Date(slots.PubDate),
            DcDate: XmlValues.Date(slots.DcDate),
            Description: XmlValues.Html(slots.Description),
            Content: XmlValues.Html(slots.Content),
            Authors: Authors(slots),
            Categories: slots.Categories,
            BodyHasXmlBase: body is not null && body.HasXmlBase());
        var itemBase = ItemBase(item, context);
        return Entry(fields, item, context, itemBase, RssItemAdapter.Enclosures(item, itemBase), body);
    }

    internal static Uri? ItemBase(FeedElement item, RssItemContext context) =>
        item.HasXmlBase() ? item.ResolveBase(context.FetchUri) : context.ChannelLink ?? context.FetchUri;

    /// <summary>
    /// The entry from an item's values, however they were read: the rules of <see cref="RssItemAdapter"/> for an item
    /// holding only the elements this pass takes. <paramref name="body"/>: the element the body came from, for its
    /// xml:base (null when read without elements: then only the item's own base can apply).
    /// </summary>
    internal static FeedEntry Entry(in ItemFields fields, FeedElement item, RssItemContext context, Uri? itemBase, IReadOnlyList<Enclosure> enclosures, FeedElement? body)
    {
        var link = UriResolver.Resolve(fields.RawLink, itemBase) ?? RssItemAdapter.PermalinkGuid(fields.IsPermaLink, fields.Guid);
        return new FeedEntry
        {
            Id = fields.Guid ?? fields.RawLink ?? link?.AbsoluteUri,
            Title = fields.Title,
            Link = link,
            Published = fields.PubDate ?? fields.DcDate,
            Updated = fields.DcDate,
            Authors = fields.Authors,
            // A body read as its UTF-8 is kept so (set after the string, which is then null).
            Summary = fields.Description.Text,
            Utf8Summary = fields.Description.Utf8,
            Content = fields.Content.Text,
            Utf8Content = fields.Content.Utf8,
            Categories = fields.Categories ?? [],
            Enclosures = enclosures,
            ImageUrl = enclosures.FirstOrDefault(e => e.MediaType?.StartsWith("image/", StringComparison.OrdinalIgnoreCase) ?? false)?.Url
                ?? (fields.Content.IsNull ? fields.Description : fields.Content).FirstImage(itemBase),
            // A body without its own xml:base has its item's.
            BaseUri = fields.BodyHasXmlBase ? (body ?? item).ResolveBase(context.FetchUri) : link ?? itemBase,
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
    private static bool IsUnread(FeedElement child) => IsUnread(child.Name, child.Namespace);

    internal static bool IsUnread(string name, string ns) =>
        name.Contains(':', StringComparison.Ordinal) && !RssAdapter.IsCore(ns)
        && ns is not (Ns.Feedburner or Ns.Atom10 or Ns.Dc or Ns.DcTerms or Ns.Media or Ns.ITunes or Ns.Content or Ns.Xhtml or Ns.Rdf);

    // author: <author>, then dc:creator (each); itunes:author and atom:author are declined above.
    private static IReadOnlyList<Person> Authors(in Slots slots) => Authors(PersonParser.Parse(XmlValues.Text(slots.Author)), slots.Creators);

    /// <param name="author">The item's &lt;author&gt; as <see cref="PersonParser.Parse"/> reads it.</param>
    internal static IReadOnlyList<Person> Authors(Person? author, IReadOnlyList<Person>? creators)
    {
        if (author is not null)
        {
            return new[] { author };
        }

        return creators is not null ? creators : [];
    }

    /// <summary>What the rules read of an item, each as its rule reads it.</summary>
    internal readonly record struct ItemFields(
        string? Guid,
        string? IsPermaLink,
        string? RawLink,
        string? Title,
        DateTimeOffset? PubDate,
        DateTimeOffset? DcDate,
        HtmlBody Description,
        HtmlBody Content,
        IReadOnlyList<Person> Authors,
        List<string>? Categories,
        bool BodyHasXmlBase);

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
