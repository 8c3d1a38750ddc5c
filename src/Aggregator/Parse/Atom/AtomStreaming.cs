using Aggregator.Model;
using Aggregator.Parse.Rss;
using Aggregator.Parse.Xml;

namespace Aggregator.Parse.Atom;

/// <summary>Entries mapped as soon as they close: the feed's own, read with the feed's link and authors as said before them.</summary>
public sealed class AtomStreaming(Uri baseUri) : IEntryStreaming
{
    private AtomContext? _context;

    public FeedEntry? Map(FeedElement element)
    {
        if (!IsStreamed(element, out var feed))
        {
            return null;
        }

        _context ??= AtomAdapter.EntryContext(feed, baseUri);
        return AtomEntryAdapter.Adapt(element, _context);
    }

    /// <summary>
    /// True for an entry just opened that <see cref="Map"/> will take, and without attributes (its own xml:base or
    /// xml:lang): one worth reading straight from its children (<see cref="AtomEntryBytes"/>). The RSS road's switch
    /// turns this one off too.
    /// </summary>
    internal static bool Wants(FeedElement element) => !RssItemBytes.OffOnThisThread && element.Attributes.Count == 0 && IsStreamed(element, out _);

    /// <summary>The entry <see cref="Wants"/> took, mapped from its children as read, or null to read it into the tree.</summary>
    internal FeedEntry? MapDirect(FeedElement element, DirectChildren children)
    {
        IsStreamed(element, out var feed);
        _context ??= AtomAdapter.EntryContext(feed, baseUri);
        return AtomEntryBytes.TryAdapt(element, children, _context);
    }

    private static bool IsStreamed(FeedElement element, out FeedElement feed)
    {
        feed = element.Parent!;
        return element.Parent is { Parent: null, LocalName: "feed" } && AtomAdapter.EntryElements.Selects(element);
    }

    public bool StillHolds(FeedElement root)
    {
        if (_context is null)
        {
            return true;
        }

        var now = AtomAdapter.EntryContext(root, baseUri);
        return StreamedEntries.SameUri(_context.FeedLink, now.FeedLink) && _context.FeedAuthors.Count == now.FeedAuthors.Count
            && _context.FeedAuthors.Zip(now.FeedAuthors).All(pair => SamePerson(pair.First, pair.Second));
    }

    private static bool SamePerson(Person a, Person b) => a.Name == b.Name && a.Email == b.Email && StreamedEntries.SameUri(a.Uri, b.Uri);
}
