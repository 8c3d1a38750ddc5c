using Aggregator.Model;
using Aggregator.Parse.Xml;

namespace Aggregator.Parse.Atom;

/// <summary>Entries mapped as soon as they close: the feed's own, read with the feed's link and authors as said before them.</summary>
public sealed class AtomStreaming(Uri baseUri) : IEntryStreaming
{
    private AtomContext? _context;

    public FeedEntry? Map(FeedElement element)
    {
        if (element.Parent is not { Parent: null, LocalName: "feed" } feed || !AtomAdapter.EntryElements.Selects(element))
        {
            return null;
        }

        _context ??= AtomAdapter.EntryContext(feed, baseUri);
        return AtomEntryAdapter.Adapt(element, _context);
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
