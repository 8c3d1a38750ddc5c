using Aggregator.Model;
using Aggregator.Parse.Xml;
using Aggregator.Parse.Rss;

namespace Aggregator.Parse.Rdf;

/// <summary>Items mapped as soon as they close: the root's own items, beside the channel, which every item is read with.</summary>
public sealed class RdfStreaming(Uri baseUri) : IEntryStreaming
{
    private RssItemContext? _context;

    public FeedEntry? Map(FeedElement element)
    {
        if (element.Parent is not { Parent: null, LocalName: "RDF" or "rdf" } root || !RdfAdapter.ItemElements.Selects(element))
        {
            return null;
        }

        _context ??= RdfAdapter.ItemContext(root, baseUri);
        return RssItemAdapter.Adapt(element, _context);
    }

    public bool StillHolds(FeedElement root) =>
        _context is null || StreamedEntries.SameUri(_context.ChannelLink, RdfAdapter.ItemContext(root, baseUri).ChannelLink);
}
