using Aggregator.Model;

namespace Aggregator.Store;

/// <summary>A shown article of a topic and the other outlets' copies of the same story.</summary>
public sealed record StoredTopicItem(Article Article, IReadOnlyList<StoredCopy> Copies, TopicPosition Cursor);

/// <summary>Another outlet's copy of a story.</summary>
public sealed record StoredCopy(string OutletId, Uri Link);
