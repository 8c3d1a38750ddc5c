namespace Aggregator.Store;

/// <summary>Which page of a topic feed to read: the newest, or the one just older or newer than a cursor.</summary>
public sealed record TopicPageRequest(int Limit, TopicCursor? Before = null, TopicCursor? After = null);

/// <summary>A page of a topic feed with the cursors of its neighbours (null where there is none).</summary>
public sealed record TopicPage(IReadOnlyList<StoredTopicItem> Items, TopicCursor? Older, TopicCursor? Newer);
