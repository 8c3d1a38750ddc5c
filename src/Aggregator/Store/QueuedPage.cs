namespace Aggregator.Store;

/// <summary>A new article whose page did not arrive with its poll: queued in that poll's own transaction, so no article is stored without either.</summary>
public sealed record QueuedPage(string ArticleId, BacklogState State);
