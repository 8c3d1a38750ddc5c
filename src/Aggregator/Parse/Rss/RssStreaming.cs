using Aggregator.Model;
using Aggregator.Parse.Xml;

namespace Aggregator.Parse.Rss;

/// <summary>
/// Items mapped as soon as they close, or straight from their children (<see cref="RssItemBytes"/>): those of an
/// &lt;rss&gt; root's first channel, which are read with that channel's context whatever follows (a later channel
/// is not the one <see cref="RssAdapter.Adapt"/> reads).
/// </summary>
internal sealed class RssStreaming(Uri baseUri) : DirectEntryStreaming<RssItemContext>
{
    public override bool StillHolds(FeedElement root) =>
        Context is null || StreamedEntries.SameUri(Context.ChannelLink, ContextOf(root.Child("channel", RssAdapter.IsCore)!).ChannelLink);

    protected override bool IsStreamed(FeedElement element, out FeedElement channel)
    {
        channel = element.Parent!;
        return element.Parent is { Parent: { Parent: null, LocalName: "rss" } rss } && RssAdapter.ItemElements.Selects(element) && rss.Child("channel", RssAdapter.IsCore) == channel;
    }

    protected override RssItemContext ContextOf(FeedElement channel) => RssAdapter.ItemContext(channel, baseUri);

    protected override FeedEntry? Adapt(FeedElement item, RssItemContext context) => RssItemAdapter.Adapt(item, context);

    protected override FeedEntry? AdaptDirect(FeedElement item, DirectChildren children, RssItemContext context) =>
        RssItemBytes.TryAdapt(item, children, context);
}
