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
        if (!IsStreamed(element, out var channel))
        {
            return null;
        }

        _context ??= RssAdapter.ItemContext(channel, baseUri);
        return RssItemAdapter.Adapt(element, _context);
    }

    /// <summary>
    /// True for an item just opened that <see cref="Map"/> will take, and without attributes (rdf:about, CDF's):
    /// one worth reading straight from its children (<see cref="RssItemBytes"/>).
    /// </summary>
    internal static bool Wants(FeedElement element) => !RssItemBytes.OffOnThisThread && element.Attributes.Count == 0 && IsStreamed(element, out _);

    /// <summary>The item <see cref="Wants"/> took, mapped from its children as read, or null to read it into the tree.</summary>
    internal FeedEntry? MapDirect(FeedElement element, DirectChildren children)
    {
        IsStreamed(element, out var channel);
        _context ??= RssAdapter.ItemContext(channel, baseUri);
        return RssItemBytes.TryAdapt(element, children, _context);
    }

    private static bool IsStreamed(FeedElement element, out FeedElement channel)
    {
        channel = element.Parent!;
        return element.Parent is { Parent: { Parent: null, LocalName: "rss" } rss } && RssAdapter.ItemElements.Selects(element) && rss.Child("channel", RssAdapter.IsCore) == channel;
    }

    public bool StillHolds(FeedElement root) =>
        _context is null || StreamedEntries.SameUri(_context.ChannelLink, RssAdapter.ItemContext(root.Child("channel", RssAdapter.IsCore)!, baseUri).ChannelLink);
}
