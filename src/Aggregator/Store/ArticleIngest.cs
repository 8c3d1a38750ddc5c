using System.Globalization;
using Aggregator.Normalize;
using Aggregator.Dedup;
using Aggregator.Observability;

namespace Aggregator.Store;

/// <summary>
/// One poll's transaction, the same on every provider: outlet state and settings, then each entry's
/// fate (new, changed, unchanged, a stale replay) and, for a new one, its cluster. The decisions are
/// Dedup's; a provider only opens the transaction, runs <see cref="IIngestQueries"/> and commits.
/// </summary>
internal static class ArticleIngest
{
    /// <summary>
    /// The CPU work (hashes, fingerprints, signatures), done before a provider queues for its writer,
    /// so polls finishing together overlap it instead of waiting behind each other.
    /// </summary>
    public static List<PreparedArticle> Prepare(PollRecord poll) =>
        poll.Succeeded ? poll.Articles.Select(PreparedArticle.Of).ToList() : [];

    /// <summary>Runs inside the provider's transaction; the provider commits when this returns.</summary>
    public static async Task<IngestSummary> SaveAsync(IIngestQueries queries, PollRecord poll, List<PreparedArticle> prepared, CancellationToken ct)
    {
        await queries.SaveOutletStateAsync(poll, ct);
        foreach (var (key, value) in poll.Settings)
        {
            await queries.SaveSettingAsync(key, value, ct);
        }
        if (prepared.Count == 0)
        {
            return IngestSummary.None;
        }
        var index = await queries.BeginArticlesAsync(ct);
        // Retention: a pruned article the outlet still lists is known, never new again.
        var retired = await queries.RetiredAsync(poll.OutletId, poll.Articles, poll.AttemptedAt, ct);
        var summary = await SaveArticlesAsync(queries, poll, retired.Count == 0 ? prepared : [.. prepared.Where(p => !retired.Contains(p.Candidate))], index, ct);
        summary = summary with { Unchanged = summary.Unchanged + retired.Count };
        if (summary.Stale > 0)
        {
            // In the poll's transaction, so `explain` never misses a refusal the store made.
            await queries.SaveSettingAsync(OutletNotes.Key(poll.OutletId, OutletNotes.StalePush), StaleLine(summary.Stale, poll.AttemptedAt), ct);
        }
        // In the poll's transaction: no article is stored without its page or its place in the queue.
        await queries.QueuePagesAsync(poll, ct);
        if (summary.Changed)
        {
            await queries.AnnounceChangeAsync(ct);
        }
        return summary;
    }

    /// <summary>The candidates the outlet has never stored, live or pruned (read only: for lookups before a poll is saved).</summary>
    public static async Task<IReadOnlySet<ArticleCandidate>> UnknownAsync(
        IIngestQueries queries, string outletId, IReadOnlyList<ArticleCandidate> candidates, CancellationToken ct)
    {
        var live = (await queries.FindKnownAsync(outletId, candidates, ct)).Unknown(candidates);
        if (live.Count == 0)
        {
            return live;
        }
        var retired = await queries.RetiredAsync(outletId, [.. live], listedAt: null, ct);
        return retired.Count == 0 ? live : new HashSet<ArticleCandidate>(live.Where(c => !retired.Contains(c)), ReferenceEqualityComparer.Instance);
    }

    /// <summary>What `explain` says of the latest push that brought entries older than the stored articles.</summary>
    public static string StaleLine(int stale, DateTimeOffset at) => string.Create(CultureInfo.InvariantCulture,
        $"websub: {stale} pushed {(stale == 1 ? "entry" : "entries")} older than the stored {(stale == 1 ? "article" : "articles")} not applied "
        + $"(a replayed push cannot roll an article back) [reason: stale] at {at.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}");

    /// <summary>When the article sorts in topic feeds: its publication time, or when we first saw it.</summary>
    public static long SortTime(DateTimeOffset? published, DateTimeOffset firstSeen) => (published ?? firstSeen).ToUnixTimeMilliseconds();

    private static async Task<IngestSummary> SaveArticlesAsync(
        IIngestQueries queries, PollRecord poll, List<PreparedArticle> prepared, NearDuplicateIndex index, CancellationToken ct)
    {
        var now = poll.AttemptedAt;
        var known = await queries.FindKnownAsync(poll.OutletId, poll.Articles, ct);
        int added = 0, updated = 0, unchanged = 0, deduplicated = 0, stale = 0;
        foreach (var article in prepared)
        {
            var candidate = article.Candidate;
            var existing = known.Find(candidate);
            var fate = ArticleFates.Of(article, existing, poll.RefuseOlder);
            if (fate == ArticleFate.Changed && poll.RefuseOlder && await HeldBeforeAsync(queries, existing!.Seq, article, ct))
            {
                // A push bringing back a version the article had before: a replay even when no date says so (an undated entry).
                fate = ArticleFate.Stale;
            }
            switch (fate)
            {
                case ArticleFate.Unchanged:
                    unchanged++;
                    continue;
                case ArticleFate.Stale:
                    stale++;
                    continue;
                case ArticleFate.New:
                {
                    var cluster = await ChooseClusterAsync(queries, article, index, poll.Duplicates, ct);
                    var sortTime = SortTime(candidate.Published, now);
                    var seq = await queries.InsertArticleAsync(article, cluster, sortTime, now, ct);
                    await queries.InsertTopicsAsync(seq, candidate.Topics, sortTime, ct);
                    known.Stored(null, new StoredIdentity(seq, candidate.SourceId, candidate.CanonicalUrl, article.Hash, now, article.Dated));
                    queries.Indexed(seq, article.Identity.Signature);
                    added++;
                    deduplicated += cluster is null ? 0 : 1;
                    break;
                }
                default:
                {
                    // The cluster is kept: a story never changes identity because its text was edited.
                    var seq = existing!.Seq;
                    await queries.UpdateArticleAsync(seq, article, now, ct);
                    await queries.DeleteTopicsAsync(seq, ct);
                    await queries.InsertTopicsAsync(seq, candidate.Topics, SortTime(candidate.Published, existing.FirstSeen), ct);
                    known.Stored(existing, existing with { CanonicalUrl = candidate.CanonicalUrl, Hash = article.Hash, Dated = article.Dated });
                    queries.Indexed(seq, article.Identity.Signature);
                    updated++;
                    break;
                }
            }
        }
        return new IngestSummary(added, updated, unchanged, deduplicated) { Stale = stale };
    }

    /// <summary>
    /// Whether the article had this content before: the past versions stored before content hashes were XxHash128 are
    /// held by their SHA-256 (<see cref="ContentHash.Legacy"/>), so a push replaying one is asked about by both.
    /// </summary>
    private static async Task<bool> HeldBeforeAsync(IIngestQueries queries, long seq, PreparedArticle article, CancellationToken ct) =>
        await queries.HeldBeforeAsync(seq, article.Hash, ct) || await queries.HeldBeforeAsync(seq, article.LegacyHash, ct);

    /// <summary>
    /// Identity across outlets, decided once when an article arrives, in this order: the same canonical URL; then
    /// the same or nearly the same text (exact fingerprint, or a near-duplicate signature from the index), confirmed
    /// by comparing the texts. A new article joins the cluster of the earliest copy it matches; clusters never merge
    /// or split afterwards, so the copy shown in topic feeds keeps its id.
    /// </summary>
    private static async Task<ClusterChoice?> ChooseClusterAsync(
        IIngestQueries queries, PreparedArticle article, NearDuplicateIndex index, DuplicatePolicy? policy, CancellationToken ct)
    {
        var candidate = article.Candidate;
        if (await queries.FindSameUrlAsync(candidate.OutletId, candidate.CanonicalUrl, ct) is { } sameUrl)
        {
            return ClusterChoice.SameUrl(sameUrl.ClusterId, sameUrl.ArticleId);
        }
        if (policy is null)
        {
            return null;
        }
        var proposed = index.Candidates(article.Identity.Signature);
        var texts = await queries.FindTextCandidatesAsync(candidate.OutletId, article.Identity.Fingerprint, proposed, ClusterChoice.MaxCandidates, ct);
        // A packed article's text is read back only when there is another to compare it with.
        return texts.Count == 0 ? null : ClusterChoice.FirstDuplicate(article.Text, texts, policy);
    }
}
