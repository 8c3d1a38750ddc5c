namespace Aggregator.Store;

/// <summary>
/// A position in a topic feed's order (sort time, then arrival): stable under inserts, unlike an
/// offset. How readers spell it in URLs is Publish's business (<c>Publish.TopicCursor</c>).
/// </summary>
public readonly record struct TopicPosition(long SortTime, long Seq);
