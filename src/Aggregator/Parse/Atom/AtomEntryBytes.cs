using Aggregator.Model;
using Aggregator.Parse.Xml;

namespace Aggregator.Parse.Atom;

/// <summary>
/// The usual Atom entry read straight from its children as the byte reader found them (<see cref="DirectChildren"/>):
/// no element for any child, and no string for one no rule reads. It maps what <see cref="AtomEntryAdapter.Adapt"/>
/// maps, by the same rules in the same order, for the entries whose every child those rules read is a leaf (an
/// author may hold name, email and uri); it declines (null) an entry with a source, any Media RSS, a text construct
/// in base64 or xhtml, or a name the adapter reads written in another case, which the reader then reads into the
/// tree. DirectEntryTests compare the two roads over the corpora and the harness's feeds.
/// </summary>
internal static partial class AtomEntryBytes
{
    // The entry's children the adapter reads by local name in any case; one written otherwise than here is the tree's.
    private static readonly string[] ReadNames =
        ["id", "link", "source", "content", "summary", "updated", "modified", "published", "issued", "created", "title", "author", "category"];

    [ThreadStatic]
    private static DirectRoadCount t_count;

    /// <summary>Entries mapped on this thread from their bytes and declined (read into the tree), and dates read from their bytes: the road's share.</summary>
    public static DirectRoadCount OnThisThread => t_count;

    public static FeedEntry? TryAdapt(FeedElement entry, DirectChildren children, AtomContext context)
    {
        var read = new Reading(entry, children, context);
        if (!Sort(children, out var slots) || !read.TryConstructs(slots, out var title, out var summary, out var content) || !read.TryAuthors(out var authors))
        {
            t_count.Declined++;
            return null;
        }

        t_count.Taken++;
        var id = read.Trimmed(slots.Id);
        var link = read.Href(read.AlternateLink()) ?? AtomEntryAdapter.WebUri(id);
        var enclosures = read.Enclosures();
        var updated = read.Date(slots.Updated) ?? read.Date(slots.Modified);
        var body = slots.Content >= 0 ? slots.Content : slots.Summary;
        return new FeedEntry
        {
            Id = id,
            Title = title,
            Link = link,
            Published = read.Date(slots.Published) ?? read.Date(slots.Issued) ?? read.Date(slots.Created) ?? read.Date(slots.DcDate) ?? updated,
            Updated = updated,
            Authors = authors.Count > 0 ? authors
                : children.ParsedPerson(read.Repeated(slots.DcCreator)) is Person creator ? [creator]
                : [.. context.FeedAuthors],
            // No Media RSS here (declined), so no media:description to fall back on, and no picture but an enclosure's.
            // A body read as its UTF-8 is kept so (set after the string, which is then null).
            Summary = summary.Text,
            Utf8Summary = summary.Utf8,
            Content = content.Text,
            Utf8Content = content.Utf8,
            Categories = read.Categories(),
            Enclosures = enclosures,
            ImageUrl = FirstImage(enclosures),
            BaseUri = body >= 0 && read.HasXmlBase(body) ? read.BaseOf(body) : link ?? read.EntryBase,
        };
    }

    /// <summary>The one child of each kind a rule reads (the first, or for dates the last); false at anything the tree must read.</summary>
    private static bool Sort(DirectChildren children, out Slots slots)
    {
        slots = new Slots();
        for (var i = 0; i < children.Count; i++)
        {
            ref readonly var child = ref children[i];
            if (child.Parent >= 0)
            {
                continue;
            }

            var taken = child.Namespace switch
            {
                Ns.Media => false,
                Ns.Dc => child.LocalName switch
                {
                    "creator" => Leaf(child) && First(ref slots.DcCreator, i),
                    "date" => Leaf(child) && First(ref slots.DcDate, i),
                    "subject" => Leaf(child),
                    _ => true,
                },
                _ when !AtomNames.IsCore(child.Namespace) => true,
                _ => child.LocalName switch
                {
                    "source" => false,
                    "author" => true,
                    "link" or "category" => Leaf(child),
                    "id" => Leaf(child) && First(ref slots.Id, i),
                    "title" => Leaf(child) && First(ref slots.Title, i),
                    "summary" => Leaf(child) && First(ref slots.Summary, i),
                    "content" => Leaf(child) && First(ref slots.Content, i),
                    "updated" => Leaf(child) && Last(ref slots.Updated, i),
                    "modified" => Leaf(child) && Last(ref slots.Modified, i),
                    "published" => Leaf(child) && Last(ref slots.Published, i),
                    "issued" => Leaf(child) && Last(ref slots.Issued, i),
                    "created" => Leaf(child) && Last(ref slots.Created, i),
                    var other => !IsReadName(other),
                },
            };
            if (!taken)
            {
                return false;
            }
        }

        return true;
    }

    private static bool Leaf(in DirectChild child) => !child.HasElements;

    private static bool First(ref int slot, int index)
    {
        if (slot < 0)
        {
            slot = index;
        }

        return true;
    }

    private static bool Last(ref int slot, int index)
    {
        slot = index;
        return true;
    }

    /// <summary>A name the adapter reads in some case: reached here only in another case than the slots'.</summary>
    internal static bool IsReadName(string local)
    {
        foreach (var name in ReadNames)
        {
            if (name.Equals(local, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static Uri? FirstImage(IReadOnlyList<Enclosure> enclosures)
    {
        foreach (var enclosure in enclosures)
        {
            if (enclosure.MediaType?.StartsWith("image/", StringComparison.OrdinalIgnoreCase) ?? false)
            {
                return enclosure.Url;
            }
        }

        return null;
    }

    internal struct Slots()
    {
        public int Id = -1;
        public int Title = -1;
        public int Summary = -1;
        public int Content = -1;
        public int Updated = -1;
        public int Modified = -1;
        public int Published = -1;
        public int Issued = -1;
        public int Created = -1;
        public int DcDate = -1;
        public int DcCreator = -1;
    }
}
