using Aggregator.Dedup;
using Aggregator.Normalize;

namespace Aggregator.Store;

/// <summary>
/// The statements <see cref="ArticleIngest"/> runs inside one poll's transaction: a provider's SQL
/// and nothing else. Every method runs in the transaction the provider opened for the poll.
/// </summary>
internal interface IIngestQueries
{
    Task SaveOutletStateAsync(PollRecord poll, CancellationToken ct);

    Task SaveSettingAsync(string key, string value, CancellationToken ct);

    /// <summary>
    /// Called once before the first article is decided: makes cluster decisions one at a time (across
    /// workers, where several share the store) and returns the near-duplicate index, current as of now.
    /// </summary>
    Task<NearDuplicateIndex> BeginArticlesAsync(CancellationToken ct);

    /// <summary>The outlet's stored articles with any candidate's guid or canonical URL, in arrival (seq) order.</summary>
    Task<KnownArticles> FindKnownAsync(string outletId, IReadOnlyList<ArticleCandidate> candidates, CancellationToken ct);

    /// <summary>
    /// The candidates that are pruned articles (guid, else canonical URL, inside the outlet) and no live one (retention's
    /// tombstones). With <paramref name="listedAt"/>, their tombstones are marked as listed then.
    /// </summary>
    Task<IReadOnlySet<ArticleCandidate>> RetiredAsync(string outletId, IReadOnlyList<ArticleCandidate> candidates, DateTimeOffset? listedAt, CancellationToken ct);

    /// <summary>Another outlet's earliest article with this canonical URL: its cluster and id.</summary>
    Task<(string ClusterId, string ArticleId)?> FindSameUrlAsync(string outletId, string canonicalUrl, CancellationToken ct);

    /// <summary>
    /// Other outlets' articles with this exact fingerprint or among the index's proposals, in arrival
    /// order, at most <paramref name="max"/>: an outlet's own similar items (a weekly series) are its own business.
    /// </summary>
    Task<List<StoredText>> FindTextCandidatesAsync(string outletId, string fingerprint, IReadOnlyList<long> proposed, int max, CancellationToken ct);

    /// <summary>Inserts a new article (its own cluster when <paramref name="cluster"/> is null) and returns its seq.</summary>
    Task<long> InsertArticleAsync(PreparedArticle article, ClusterChoice? cluster, long sortTime, DateTimeOffset now, CancellationToken ct);

    /// <summary>Rewrites what a reader sees of a stored article; id, source id, first-seen time and cluster never change.</summary>
    Task UpdateArticleAsync(long seq, PreparedArticle article, DateTimeOffset now, CancellationToken ct);

    /// <summary>Whether the article had this content before its latest edit (a replayed push brings an old version back).</summary>
    Task<bool> HeldBeforeAsync(long seq, string contentHash, CancellationToken ct);

    Task DeleteTopicsAsync(long seq, CancellationToken ct);

    Task InsertTopicsAsync(long seq, IReadOnlyList<string> topics, long sortTime, CancellationToken ct);

    /// <summary>An article's text was stored under this seq: what the provider's index learns once the poll commits.</summary>
    void Indexed(long seq, NearDuplicateSignature signature);

    /// <summary>Queues the poll's articles that wait for their full-text page (<see cref="PollRecord.Backlog"/>), by article id.</summary>
    Task QueuePagesAsync(PollRecord poll, CancellationToken ct);

    /// <summary>The poll stored a change readers can see: tell whoever renders feeds (at commit).</summary>
    Task AnnounceChangeAsync(CancellationToken ct);
}
