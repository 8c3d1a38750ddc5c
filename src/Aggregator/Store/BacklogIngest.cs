using Aggregator.Dedup;

namespace Aggregator.Store;

/// <summary>
/// The full-text backlog's flows, the same on every provider: queueing a poll's pages in the poll's transaction,
/// taking an outlet's due pages (queueing, once per process, the articles stored before the backlog existed) and
/// saving what fetching them gave. A provider only opens the transaction, runs its statements (<see cref="IPageQueue"/>,
/// <see cref="IBacklogQueries"/>) and commits.
/// </summary>
internal static class BacklogIngest
{
    /// <summary>
    /// The pages' text identities (null for a failed page), folded before a provider queues for its writer, as a
    /// poll's articles are.
    /// </summary>
    public static List<TextIdentity?> Prepare(IReadOnlyList<PageOutcome> outcomes) =>
        outcomes.Select(o => o.Content is null ? (TextIdentity?)null : TextIdentity.Of(o.Page.Article.Title, o.Content)).ToList();

    /// <summary>
    /// Runs inside a poll's transaction, after its articles (which give the rows their seq). An article the poll
    /// matched to one stored under another id (same URL, new guid) is no new article: the provider's statement
    /// queues nothing for it.
    /// </summary>
    public static async Task QueuePagesAsync(PollRecord poll, Func<IPageQueue> open, CancellationToken ct)
    {
        if (poll.Backlog.Count == 0)
        {
            return;
        }
        await using var queue = open();
        foreach (var (articleId, state) in poll.Backlog)
        {
            await queue.QueueAsync(articleId, state, ct);
        }
    }

    /// <summary>Runs inside the provider's transaction; once it commits, the outlet counts as backfilled.</summary>
    public static async Task<IReadOnlyList<DuePage>> TakeDueAsync(
        IBacklogQueries queries, string outletId, bool backfilled, DateTimeOffset now, int limit, CancellationToken ct)
    {
        if (!backfilled)
        {
            await queries.BackfillAsync(outletId, now, ct);
        }
        return await queries.DueAsync(outletId, now, limit, ct);
    }

    /// <summary>Runs inside the provider's transaction; returns how many pages stored text.</summary>
    public static async Task<int> SaveAsync(
        IBacklogQueries queries, IReadOnlyList<PageOutcome> outcomes, List<TextIdentity?> identities, DateTimeOffset now, CancellationToken ct)
    {
        if (identities.Any(i => i is not null))
        {
            await queries.BeginTextsAsync(ct);
        }
        var stored = 0;
        for (var i = 0; i < outcomes.Count; i++)
        {
            var outcome = outcomes[i];
            var seq = outcome.Page.Seq;
            if (identities[i] is { } identity)
            {
                await queries.SaveTextAsync(seq, outcome.Content!, identity, now, ct);
                // The page's text can decide a topic the feed's teaser did not.
                await queries.DeleteTopicsAsync(seq, ct);
                await queries.InsertTopicsAsync(seq, outcome.Topics, outcome.Page.SortTime, ct);
                queries.Indexed(seq, identity.Signature);
                stored++;
            }
            else if (outcome.Retry is { } retry)
            {
                await queries.SaveRetryAsync(seq, retry, ct);
            }
        }
        if (stored > 0)
        {
            await queries.AnnounceChangeAsync(ct);
        }
        return stored;
    }
}
