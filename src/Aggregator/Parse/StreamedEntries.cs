using Aggregator.Model;
using Aggregator.Parse.Atom;
using Aggregator.Parse.Rdf;
using Aggregator.Parse.Rss;
using Aggregator.Parse.Xml;

namespace Aggregator.Parse;

/// <summary>
/// Entries mapped while the document is still being read, each as soon as its end tag is: its subtree (above all
/// its text, as the reader made it) can then be let go at once instead of living until the last entry is read,
/// and on a big feed moving those subtrees was most of the garbage collector's work.
/// <para>
/// An entry reads nothing outside its own subtree but its ancestors' attributes (xml:base) and what its adapter's
/// context holds: the channel link for RSS and RDF, the feed's link and authors for Atom. That context is taken
/// from what the document said before the first entry; <see cref="StillHolds"/> tells whether the whole document
/// says the same, as good feeds do. When it does not (a channel &lt;link&gt; after the items), the caller reads the
/// document again without streaming, so the result never depends on where a feed put its elements.
/// </para>
/// Only entries their adapter will certainly select are taken: those of an &lt;rss&gt;'s first channel, an RDF
/// root's own items, an Atom feed's entries. Any other item stays in the tree and is mapped as before.
/// </summary>
public sealed class StreamedEntries(Uri baseUri)
{
    // In document order, which is the order the adapter asks in: no lookup by element needed.
    private readonly List<(FeedElement Element, FeedEntry Entry)> _entries = [];
    private int _taken;
    private RssItemContext? _rssContext;
    private AtomContext? _atomContext;

    /// <summary>
    /// The entry mapped for this element, or null when it was left in the tree. The adapter asks for each entry
    /// it selects, in document order, and selects every entry mapped here (see <see cref="AllTaken"/>).
    /// </summary>
    public FeedEntry? For(FeedElement element)
    {
        if (_taken < _entries.Count && _entries[_taken].Element == element)
        {
            return _entries[_taken++].Entry;
        }

        return null;
    }

    /// <summary>True once the adapter has taken every entry mapped here: one it skipped would have been lost.</summary>
    public bool AllTaken => _taken == _entries.Count;

    /// <summary>Maps the element if it is an entry of its feed; true when it did, so its content can be let go.</summary>
    public bool Closed(FeedElement element)
    {
        if (Map(element) is not { } entry)
        {
            return false;
        }

        _entries.Add((element, entry));
        return true;
    }

    /// <summary>True when the contexts the entries were mapped with are those of the whole document.</summary>
    public bool StillHolds(FeedElement? root)
    {
        if (root is null || _entries.Count == 0)
        {
            return true;
        }

        if (_atomContext is { } before)
        {
            var now = AtomAdapter.EntryContext(root, baseUri);
            return SameUri(before.FeedLink, now.FeedLink) && before.FeedAuthors.Count == now.FeedAuthors.Count
                && before.FeedAuthors.Zip(now.FeedAuthors).All(pair => SamePerson(pair.First, pair.Second));
        }

        // An RSS 2.0 entry was taken only from a first channel, which is still the first.
        var context = root.LocalName == "rss" ? RssAdapter.ItemContext(root.Child("channel", RssAdapter.IsCore)!, baseUri) : RdfAdapter.ItemContext(root, baseUri);
        return SameUri(_rssContext!.ChannelLink, context.ChannelLink);
    }

    private FeedEntry? Map(FeedElement element)
    {
        var parent = element.Parent;
        if (parent is null)
        {
            return null;
        }

        // RSS 2.0: <rss><channel><item>, in the first channel (the one the adapter reads).
        if (parent.Parent is { Parent: null, LocalName: "rss" } rss && IsRssItem(element) && rss.Child("channel", RssAdapter.IsCore) == parent)
        {
            _rssContext ??= RssAdapter.ItemContext(parent, baseUri);
            return RssItemAdapter.Adapt(element, _rssContext);
        }

        // RSS 1.0: <rdf:RDF><item>, beside the channel.
        if (parent is { Parent: null, LocalName: "RDF" or "rdf" } && IsRssItem(element))
        {
            _rssContext ??= RdfAdapter.ItemContext(parent, baseUri);
            return RssItemAdapter.Adapt(element, _rssContext);
        }

        // Atom: <feed><entry>.
        if (parent is { Parent: null, LocalName: "feed" } && element.LocalName.Equals("entry", StringComparison.OrdinalIgnoreCase) && element.PassesCore(AtomNames.IsCore))
        {
            _atomContext ??= AtomAdapter.EntryContext(parent, baseUri);
            return AtomEntryAdapter.Adapt(element, _atomContext);
        }

        return null;
    }

    // As the adapters select items: any case, in a namespace RSS uses.
    private static bool IsRssItem(FeedElement element) =>
        element.LocalName.Equals("item", StringComparison.OrdinalIgnoreCase) && element.PassesCore(RssAdapter.IsCore);

    // Uri.Equals ignores the fragment and user info, which the entries would show: compare what was written.
    private static bool SameUri(Uri? a, Uri? b) => a?.OriginalString == b?.OriginalString;

    private static bool SamePerson(Person a, Person b) => a.Name == b.Name && a.Email == b.Email && SameUri(a.Uri, b.Uri);
}
