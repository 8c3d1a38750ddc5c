namespace Aggregator.Parse.Xml;

/// <summary>The element tree that could be read (null when not even the root was), and what was recovered from.</summary>
public sealed record XmlReadResult(FeedElement? Root, IReadOnlyList<string> Warnings)
{
    /// <summary>The item and entry start tags counted while reading (see <see cref="FeedTree.EntryTags"/>); null when not counted.</summary>
    internal int? EntryTags { get; init; }

    /// <summary>Entries dropped because the body ended inside them (at most one: a body ends once).</summary>
    internal int CutOffEntries { get; init; }
}
