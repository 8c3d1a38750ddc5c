using Aggregator.Model;
using Aggregator.Parse.Xml;

namespace Aggregator.Parse;

/// <summary>
/// The streaming rule (<see cref="IEntryStreaming"/>) of a format whose usual entries also have a direct road, RSS
/// items and Atom entries: an entry is taken, through the tree or straight from its children as the byte reader
/// found them, only where the adapter will certainly select it, and both roads map it with one context, read once
/// from what the document said before the first entry. The formats give only those rules.
/// </summary>
internal abstract class DirectEntryStreaming<TContext> : IEntryStreaming
    where TContext : class
{
    private TContext? _context;

    /// <summary>The context the entries were mapped with, or null while none was.</summary>
    protected TContext? Context => _context;

    public FeedEntry? Map(FeedElement element) =>
        IsStreamed(element, out var parent) ? Adapt(element, _context ??= ContextOf(parent)) : null;

    /// <summary>
    /// True for an entry just opened that <see cref="Map"/> will take, and without attributes (an RSS item's
    /// rdf:about or CDF's, an Atom entry's own xml:base or xml:lang, all the tree's to weigh): one worth reading
    /// straight from its children.
    /// </summary>
    public bool Wants(FeedElement element) => element.Attributes.Count == 0 && IsStreamed(element, out _);

    /// <summary>The entry <see cref="Wants"/> took, mapped from its children as read, or null to read it into the tree.</summary>
    public FeedEntry? MapDirect(FeedElement element, DirectChildren children)
    {
        IsStreamed(element, out var parent);
        return AdaptDirect(element, children, _context ??= ContextOf(parent));
    }

    public abstract bool StillHolds(FeedElement root);

    /// <summary>True when the adapter will certainly select the element as an entry; <paramref name="parent"/> holds its context.</summary>
    protected abstract bool IsStreamed(FeedElement element, out FeedElement parent);

    protected abstract TContext ContextOf(FeedElement parent);

    /// <summary>The entry read from its element, as the adapter maps it.</summary>
    protected abstract FeedEntry? Adapt(FeedElement entry, TContext context);

    /// <summary>The entry read from its children, or null to read it into the tree.</summary>
    protected abstract FeedEntry? AdaptDirect(FeedElement entry, DirectChildren children, TContext context);
}
