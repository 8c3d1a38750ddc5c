using Aggregator.Model;
using Aggregator.Normalize;

namespace Aggregator.Store;

/// <summary>
/// Everything the pipeline, the scheduler and the HTTP surface need from storage.
/// SQL dialect details stay behind this interface so another provider can implement it.
/// </summary>
public interface IAggregatorStore : IFurnitureRows
{
    /// <summary>Creates or upgrades the schema; safe to call at every start.</summary>
    Task MigrateAsync(CancellationToken ct);

    /// <summary>True when the store answers a trivial query.</summary>
    Task<bool> PingAsync(CancellationToken ct);

    Task<OutletHealth?> GetOutletAsync(string outletId, CancellationToken ct);

    Task<IReadOnlyList<OutletHealth>> GetOutletsAsync(CancellationToken ct);

    /// <summary>Records our WebSub subscription for an outlet: the secret the hub signs with, and the lease's end (null: none).</summary>
    Task SetSubscriptionAsync(string outletId, string? secret, DateTimeOffset? expires, CancellationToken ct);

    /// <summary>When the outlet's articles of the given period were published (first seen, for those without a date).</summary>
    Task<IReadOnlyList<DateTimeOffset>> GetPublishTimesAsync(string outletId, DateTimeOffset since, CancellationToken ct);

    /// <summary>Which of these candidates the outlet has not stored yet (by its identity rules), so costly work is done once.</summary>
    Task<IReadOnlySet<ArticleCandidate>> UnknownAsync(string outletId, IReadOnlyList<ArticleCandidate> candidates, CancellationToken ct);

    /// <summary>Records one poll of one outlet, articles and outlet state together, in one transaction.</summary>
    Task<IngestSummary> SavePollAsync(PollRecord poll, CancellationToken ct);

    /// <summary>
    /// The newest shown articles of a topic: of each duplicate cluster only the first-seen member
    /// that belongs to the topic, with the cluster's other copies.
    /// </summary>
    Task<IReadOnlyList<StoredTopicItem>> GetTopicItemsAsync(string topicId, int limit, CancellationToken ct);

    /// <summary>One page of a topic feed in the same order, for readers walking back in time (RFC 5005).</summary>
    Task<TopicPage> GetTopicPageAsync(string topicId, TopicPageRequest request, CancellationToken ct);

    /// <summary>
    /// One page of a topic's articles that a reader's search matches (the built-in "all" searches
    /// everything stored), in the topic feed's order and with its cursors.
    /// </summary>
    Task<TopicPage> SearchAsync(string topicId, SearchCriteria query, TopicPageRequest request, CancellationToken ct);

    /// <summary>Every polled outlet with its articles per day and its recent polls, in one query (the /outlets page).</summary>
    Task<IReadOnlyList<OutletPicture>> GetOutletPicturesAsync(DateTimeOffset now, CancellationToken ct);

    /// <summary>Recomputes every article's topics, for when the topic rules changed.</summary>
    Task RebuildTopicsAsync(Func<Article, IReadOnlyList<string>> topicsOf, CancellationToken ct);

    /// <summary>Every stored copy of the story an article belongs to, first seen first, with why each joined.</summary>
    Task<IReadOnlyList<ClusterMember>> GetClusterAsync(string articleId, CancellationToken ct);

    Task<string?> GetSettingAsync(string key, CancellationToken ct);

    /// <summary>
    /// Every setting whose key starts with <paramref name="prefix"/>, in one query: a page that shows a setting of each
    /// outlet (its poll hold) reads them all at once instead of one query per outlet.
    /// </summary>
    Task<IReadOnlyDictionary<string, string>> GetSettingsAsync(string prefix, CancellationToken ct);

    /// <summary>
    /// Holds a named exclusive section across every process that shares this store (a worker
    /// cluster on PostgreSQL; this process alone on SQLite, whose file one worker owns) until disposed.
    /// </summary>
    Task<IAsyncDisposable> ExclusiveAsync(string name, CancellationToken ct);

    Task SetSettingAsync(string key, string value, CancellationToken ct);

    /// <summary>
    /// Full text: up to <paramref name="limit"/> of the outlet's articles whose page is due, newest first. Articles of the
    /// outlet stored with no content and never queued (before the backlog existed) join the backlog first.
    /// </summary>
    Task<IReadOnlyList<DuePage>> TakeDuePagesAsync(string outletId, DateTimeOffset now, int limit, CancellationToken ct);

    /// <summary>Stores drained pages in one transaction: content and topics of those that arrived, the next try or the end of the others. Returns the articles changed.</summary>
    Task<int> SavePagesAsync(IReadOnlyList<PageOutcome> outcomes, DateTimeOffset now, CancellationToken ct);

    /// <summary>Each outlet's full-text backlog, for status and /metrics.</summary>
    Task<IReadOnlyList<BacklogCount>> GetBacklogAsync(CancellationToken ct);

    /// <summary>
    /// Drops the waiting pages of every outlet not named (removed from feeds.json, or fullText turned off), so they are
    /// neither fetched nor counted as pending; returns what each outlet lost. Given-up rows stay with their articles, for `explain`.
    /// </summary>
    Task<IReadOnlyList<BacklogDrop>> DropBacklogExceptAsync(IReadOnlyCollection<string> fullTextOutlets, CancellationToken ct);

    /// <summary>Where an article's page stands in the backlog (null: not in it, i.e. its page arrived or it never needed one), for `explain`.</summary>
    Task<BacklogState?> GetBacklogStateAsync(string articleId, CancellationToken ct);

    /// <summary>
    /// Deletes the articles retention no longer keeps, in small transactions, leaving a tombstone for each
    /// (so an outlet that still lists one never brings it back), drops tombstones not listed for a whole
    /// retention period, and gives the space back.
    /// </summary>
    Task<PruneResult> PruneAsync(RetentionPolicy policy, DateTimeOffset now, CancellationToken ct);

    Task<StoreStats> GetStatsAsync(CancellationToken ct);
}
