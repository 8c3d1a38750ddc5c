namespace Aggregator.Store;

/// <summary>
/// The statement <see cref="BacklogIngest.QueuePagesAsync"/> runs for each page a poll queues: a provider's SQL and
/// nothing else, in the poll's transaction. Disposed when the poll's pages are queued.
/// </summary>
internal interface IPageQueue : IAsyncDisposable
{
    /// <summary>Queues the page of the stored article <paramref name="articleId"/>, unless it is queued already.</summary>
    Task QueueAsync(string articleId, BacklogState state, CancellationToken ct);
}
