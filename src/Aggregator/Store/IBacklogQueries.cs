using Aggregator.Dedup;

namespace Aggregator.Store;

/// <summary>
/// The statements <see cref="BacklogIngest"/> runs: a provider's SQL and nothing else. Every method runs in
/// the transaction the provider opened for the call.
/// </summary>
internal interface IBacklogQueries
{
    /// <summary>Queues the outlet's articles stored before the backlog existed (content never fetched), due now.</summary>
    Task BackfillAsync(string outletId, DateTimeOffset now, CancellationToken ct);

    /// <summary>The outlet's pages not given up and due by <paramref name="now"/>, newest first, at most <paramref name="limit"/>.</summary>
    Task<List<DuePage>> DueAsync(string outletId, DateTimeOffset now, int limit, CancellationToken ct);

    /// <summary>
    /// Called once before the first page's text is stored: a new signature must be ordered with every article write
    /// (across workers, where several share the store), as a poll's are.
    /// </summary>
    Task BeginTextsAsync(CancellationToken ct);

    /// <summary>Stores a page's text and identity in its article and takes the page off the backlog.</summary>
    Task SaveTextAsync(long seq, string content, TextIdentity identity, DateTimeOffset now, CancellationToken ct);

    Task DeleteTopicsAsync(long seq, CancellationToken ct);

    Task InsertTopicsAsync(long seq, IReadOnlyList<string> topics, long sortTime, CancellationToken ct);

    /// <summary>The page failed: when it is tried again, or why it is given up.</summary>
    Task SaveRetryAsync(long seq, BacklogState retry, CancellationToken ct);

    /// <summary>An article's text was stored under this seq: what the provider's index learns once the transaction commits.</summary>
    void Indexed(long seq, NearDuplicateSignature signature);

    /// <summary>Pages stored text readers can see: tell whoever renders feeds (at commit).</summary>
    Task AnnounceChangeAsync(CancellationToken ct);
}
