using Aggregator.Model;
using Aggregator.Parse.Xml;

namespace Aggregator.Parse.Rss;

/// <summary>
/// The usual RSS item read straight from its children as the byte reader found them (<see cref="DirectChildren"/>):
/// no element for any child, and no string for one no rule reads. It takes the items <see cref="RssItemDirect"/>
/// takes, less those with an enclosure (read by <see cref="RssItemAdapter.Enclosures"/> from elements), and maps
/// them with the same rules (<see cref="RssItemDirect.Entry"/>); it declines (null) the rest, which the reader then
/// reads into the tree. DirectEntryTests compare the two roads over the corpora and the harness's feeds.
/// </summary>
internal static class RssItemBytes
{
    [ThreadStatic]
    private static DirectRoadCount t_count;

    /// <summary>Items mapped on this thread from their bytes and declined (read into the tree), and dates read from their bytes: the road's share.</summary>
    public static DirectRoadCount OnThisThread => t_count;

    public static FeedEntry? TryAdapt(FeedElement item, DirectChildren children, RssItemContext context)
    {
        if (!Sort(children, out var slots))
        {
            t_count.Declined++;
            return null;
        }

        t_count.Taken++;
        var itemBase = RssItemDirect.ItemBase(item, context);
        var fields = new RssItemDirect.ItemFields(
            Guid: Trimmed(children, slots.Guid),
            IsPermaLink: slots.Guid >= 0 ? children.Attr(children[slots.Guid], "isPermaLink") : null,
            RawLink: Trimmed(children, slots.Link),
            Title: slots.Title >= 0 ? XmlValues.PlainTitle(children.Text(children[slots.Title])) : null,
            PubDate: Date(children, slots.PubDate),
            DcDate: Date(children, slots.DcDate),
            Description: slots.Description >= 0 ? children.Html(children[slots.Description]) : default,
            Content: slots.Content >= 0 ? children.Html(children[slots.Content]) : default,
            Authors: RssItemDirect.Authors(children.ParsedPerson(Repeated(children, slots.Author)), Creators(children)),
            Categories: Categories(children),
            // The reader left to the tree any child with an xml:base: only the item's own can apply to its body.
            BodyHasXmlBase: (slots.Content >= 0 || slots.Description >= 0) && item.HasXmlBase());
        return RssItemDirect.Entry(fields, item, context, itemBase, [], body: null);
    }

    /// <summary>The first of each child a rule reads, by index (-1: none); false at anything else a rule could read.</summary>
    private static bool Sort(DirectChildren children, out Slots slots)
    {
        slots = new Slots();
        for (var i = 0; i < children.Count; i++)
        {
            ref readonly var child = ref children[i];
            var taken = child.Namespace switch
            {
                // As RssItemDirect.Sort, but an enclosure is the tree's (its rule reads elements).
                "" => child.LocalName switch
                {
                    "title" => Keep(ref slots.Title, i),
                    "link" => Keep(ref slots.Link, i),
                    "guid" => Keep(ref slots.Guid, i),
                    "pubDate" => Keep(ref slots.PubDate, i),
                    "description" => Keep(ref slots.Description, i),
                    "author" => Keep(ref slots.Author, i),
                    "category" or "comments" or "source" => true,
                    _ => false,
                },
                Ns.Content => child.LocalName == "encoded" && Keep(ref slots.Content, i),
                Ns.Dc => child.LocalName is "creator" || (child.LocalName is "date" && Keep(ref slots.DcDate, i)),
                _ => RssItemDirect.IsUnread(child.Name, child.Namespace),
            };
            if (!taken)
            {
                return false;
            }
        }

        return true;
    }

    private static bool Keep(ref int slot, int index)
    {
        if (slot < 0)
        {
            slot = index;
        }

        return true;
    }

    private static string? Trimmed(DirectChildren children, int index) =>
        index < 0 ? null : XmlValues.NullIfEmpty(children.TrimmedText(children[index]));

    // Categories and authors: the same few come back item after item.
    private static string? Repeated(DirectChildren children, int index) =>
        index < 0 ? null : XmlValues.NullIfEmpty(children.RepeatedText(children[index]));

    private static DateTimeOffset? Date(DirectChildren children, int index) =>
        index < 0 ? null : children.Date(children[index], ref t_count);

    // Categories in order, each once; the list is made at the first category, as the tree road makes it.
    private static List<string>? Categories(DirectChildren children)
    {
        List<string>? categories = null;
        for (var i = 0; i < children.Count; i++)
        {
            if (children[i] is { Namespace: "", LocalName: "category" } category)
            {
                XmlValues.AddDistinct(categories ??= [], Repeated(children, i));
            }
        }

        return categories;
    }

    // An array of as many as were written: a list grew to four slots for the one creator most items have.
    private static Person[]? Creators(DirectChildren children)
    {
        Person[]? creators = null;
        var count = 0;
        for (var i = 0; i < children.Count; i++)
        {
            if (IsCreator(children[i]) && children.ParsedPerson(Repeated(children, i)) is Person person)
            {
                creators ??= new Person[CreatorsFrom(children, i)];
                creators[count++] = person;
            }
        }

        // An empty dc:creator names nobody.
        if (creators is not null && count < creators.Length)
        {
            Array.Resize(ref creators, count);
        }

        return creators;
    }

    private static bool IsCreator(in DirectChild child) => child is { Namespace: Ns.Dc, LocalName: "creator" };

    private static int CreatorsFrom(DirectChildren children, int first)
    {
        var count = 0;
        for (var i = first; i < children.Count; i++)
        {
            count += IsCreator(children[i]) ? 1 : 0;
        }

        return count;
    }

    private struct Slots()
    {
        public int Title = -1;
        public int Link = -1;
        public int Guid = -1;
        public int PubDate = -1;
        public int DcDate = -1;
        public int Description = -1;
        public int Content = -1;
        public int Author = -1;
    }
}
