using Aggregator.Model;
using Aggregator.Parse.Xml;

namespace Aggregator.Parse.Atom;

/// <summary>
/// Entries mapped as soon as they close, or straight from their children (<see cref="AtomEntryBytes"/>): the feed's
/// own, read with the feed's link and authors as said before them.
/// </summary>
internal sealed class AtomStreaming(Uri baseUri) : DirectEntryStreaming<AtomContext>
{
    public override bool StillHolds(FeedElement root)
    {
        if (Context is null)
        {
            return true;
        }

        var now = ContextOf(root);
        return StreamedEntries.SameUri(Context.FeedLink, now.FeedLink) && Context.FeedAuthors.Count == now.FeedAuthors.Count
            && Context.FeedAuthors.Zip(now.FeedAuthors).All(pair => SamePerson(pair.First, pair.Second));
    }

    protected override bool IsStreamed(FeedElement element, out FeedElement feed)
    {
        feed = element.Parent!;
        return element.Parent is { Parent: null, LocalName: "feed" } && AtomAdapter.EntryElements.Selects(element);
    }

    protected override AtomContext ContextOf(FeedElement feed) => AtomAdapter.EntryContext(feed, baseUri);

    protected override FeedEntry? Adapt(FeedElement entry, AtomContext context) => AtomEntryAdapter.Adapt(entry, context);

    protected override FeedEntry? AdaptDirect(FeedElement entry, DirectChildren children, AtomContext context) =>
        AtomEntryBytes.TryAdapt(entry, children, context);

    private static bool SamePerson(Person a, Person b) => a.Name == b.Name && a.Email == b.Email && StreamedEntries.SameUri(a.Uri, b.Uri);
}
