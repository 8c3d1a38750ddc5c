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
/// Which entries, and with what context, is each format adapter's own rule (its <see cref="IEntryStreaming"/>):
/// only entries the adapter will certainly select are taken, with the context the document gave before the first
/// of them. <see cref="StillHolds"/> tells whether the whole document says the same, as good feeds do. When it does
/// not (a channel &lt;link&gt; after the items), the caller reads the document again without streaming, so the
/// result never depends on where a feed put its elements.
/// </para>
/// </summary>
public sealed class StreamedEntries : IDirectEntries
{
    // In document order, which is the order the adapter asks in: no lookup by element needed.
    private readonly List<(FeedElement Element, FeedEntry Entry)> _entries = [];
    // The two formats whose entries also have a direct road.
    private readonly RssStreaming _rss;
    private readonly AtomStreaming _atom;
    // Each keeps the rule of one root element's adapter; an element matches at most one (they need different roots).
    private readonly IEntryStreaming[] _formats;
    private int _taken;

    [ThreadStatic]
    private static bool t_directRoadsOff;

    /// <summary>
    /// Set to read every RSS item and Atom entry into the tree on this thread, as before their direct roads
    /// (<see cref="RssItemBytes"/>, <see cref="AtomEntryBytes"/>): the differential tests compare the two.
    /// </summary>
    internal static bool DirectRoadsOffOnThisThread
    {
        get => t_directRoadsOff;
        set => t_directRoadsOff = value;
    }

    public StreamedEntries(Uri baseUri)
    {
        _rss = new RssStreaming(baseUri);
        _atom = new AtomStreaming(baseUri);
        _formats = [_rss, new RdfStreaming(baseUri), _atom];
    }

    /// <summary>
    /// The entry mapped for this element, or null when it was left in the tree. The adapter asks for each entry
    /// it selects, in document order, and selects every entry mapped here (see <see cref="AllTaken"/>).
    /// </summary>
    public FeedEntry? For(FeedElement element)
    {
        if (_taken < _entries.Count && _entries[_taken].Element == element)
        {
            var entry = _entries[_taken].Entry;
            // Let go of the entry as the adapter takes it. A collection during the read may have promoted this list's
            // array with the half-built feed; the entries written to it afterwards are young, so the card table marks
            // it, and while it still pointed at them the next young collection kept them (bodies and all) alive from
            // the dead array, promoting them with whatever that collection's own feed held (issue 23, h55c).
            _entries[_taken++] = default;
            return entry;
        }

        return null;
    }

    /// <summary>True once the adapter has taken every entry mapped here: one it skipped would have been lost.</summary>
    public bool AllTaken => _taken == _entries.Count;

    /// <summary>Maps the element if it is an entry of its feed; true when it did, so its content can be let go.</summary>
    public bool Closed(FeedElement element)
    {
        foreach (var format in _formats)
        {
            if (format.Map(element) is { } entry)
            {
                _entries.Add((element, entry));
                return true;
            }
        }

        return false;
    }

    // RSS items and Atom entries are read directly (RDF items go through the tree); an Atom entry's author holds its name.
    DirectShape IDirectEntries.Wants(FeedElement entry) =>
        t_directRoadsOff ? DirectShape.None : _rss.Wants(entry) ? DirectShape.Leaves : _atom.Wants(entry) ? DirectShape.Nested : DirectShape.None;

    bool IDirectEntries.TryMap(FeedElement entry, DirectChildren children)
    {
        // Only an Atom entry was wanted nested.
        var mapped = children.Nests ? _atom.MapDirect(entry, children) : _rss.MapDirect(entry, children);
        if (mapped is null)
        {
            return false;
        }

        _entries.Add((entry, mapped));
        return true;
    }

    /// <summary>True when the contexts the entries were mapped with are those of the whole document.</summary>
    public bool StillHolds(FeedElement? root) => root is null || _entries.Count == 0 || _formats.All(format => format.StillHolds(root));

    /// <summary>Uri.Equals ignores the fragment and user info, which the entries would show: compares what was written.</summary>
    internal static bool SameUri(Uri? a, Uri? b) => a?.OriginalString == b?.OriginalString;
}
