using Aggregator.Model;

namespace Aggregator.Parse.Xml;

/// <summary>
/// Maps an entry straight from its children as <see cref="Utf8FeedReader"/> reads them, with no element for any
/// child: the format's rules for the entries it would stream (see <see cref="StreamedEntries"/>), for the plain
/// shapes they know. Whatever they decline is read into the tree as before.
/// </summary>
internal interface IDirectEntries
{
    /// <summary>Whether the entry just opened (in the tree, still empty) is one whose children are worth reading directly, and in what shape.</summary>
    DirectShape Wants(FeedElement entry);

    /// <summary>
    /// The entry mapped from <paramref name="children"/>, kept as streamed; false to have it read into the tree,
    /// as when this was never asked.
    /// </summary>
    bool TryMap(FeedElement entry, DirectChildren children);
}

/// <summary>What children an entry read directly may have.</summary>
internal enum DirectShape
{
    /// <summary>Not read directly: into the tree.</summary>
    None,

    /// <summary>Leaves only, with unprefixed attributes (RSS items).</summary>
    Leaves,

    /// <summary>Leaves, and children holding leaves between whitespace; xml:base on any of them (Atom entries).</summary>
    Nested,
}
