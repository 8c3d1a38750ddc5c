using Aggregator.Model;
using Aggregator.Parse.Xml;

namespace Aggregator.Parse.Rss;

/// <summary>
/// Items mapped as soon as they close: those of an &lt;rss&gt; root's first channel, which are read with that
/// channel's context whatever follows (a later channel is not the one <see cref="RssAdapter.Adapt"/> reads).
/// </summary>
public sealed class RssStreaming(Uri baseUri) : IEntryStreaming
{
    private RssItemContext? _context;

    public FeedEntry? Map(FeedElement element)
    {
        if (element.Parent is not { Parent: { Parent: null, LocalName: "rss" } rss } channel || !RssAdapter.ItemElements.Selects(element) || rss.Child("channel", RssAdapter.IsCore) != channel)
        {
            return null;
        }

        _context ??= RssAdapter.ItemContext(channel, baseUri);
        return RssItemAdapter.Adapt(element, _context);
    }

    public bool StillHolds(FeedElement root) =>
        _context is null || StreamedEntries.SameUri(_context.ChannelLink, RssAdapter.ItemContext(root.Child("channel", RssAdapter.IsCore)!, baseUri).ChannelLink);
}
