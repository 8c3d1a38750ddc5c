using Aggregator.Model;

namespace Aggregator.Parse.Xml;

/// <summary>
/// Maps an entry straight from its children as <see cref="Utf8FeedReader"/> reads them, with no element for any
/// child: the format's rules for the entries it would stream (see <see cref="StreamedEntries"/>), for the plain
/// shapes they know. Whatever they decline is read into the tree as before.
/// </summary>
internal interface IDirectEntries
{
    /// <summary>True when the entry just opened (in the tree, still empty) is one whose children are worth reading directly.</summary>
    bool Wants(FeedElement entry);

    /// <summary>
    /// The entry mapped from <paramref name="children"/>, kept as streamed; false to have it read into the tree,
    /// as when this was never asked.
    /// </summary>
    bool TryMap(FeedElement entry, DirectChildren children);
}
