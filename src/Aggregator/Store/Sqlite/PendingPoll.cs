using Aggregator.Dedup;

namespace Aggregator.Store.Sqlite;

/// <summary>
/// A poll waiting for the store's single writer, with the work done before it queued; whichever poll holds the
/// writer next stores it together with every other waiting one (<see cref="SqliteStore.SavePollAsync"/>).
/// </summary>
internal sealed class PendingPoll(PollRecord poll, List<PreparedArticle> prepared)
{
    private const int Queued = 0, Taken = 1, Withdrawn = 2;
    private int _state;

    public PollRecord Poll => poll;

    public List<PreparedArticle> Prepared => prepared;

    /// <summary>
    /// About what the poll keeps alive until its commit: each article's texts as UTF-16 (title, summary, content), as
    /// much again for the search text folded from them, and a kilobyte for the rest (URLs, ids, hashes, the objects).
    /// </summary>
    public long HeldBytes { get; } = prepared.Sum(p => 4L * TextChars(p.Candidate) + 1024);

    private static long TextChars(Normalize.ArticleCandidate candidate) =>
        (long)candidate.Title.Length + (candidate.Summary?.Length ?? 0) + (candidate.Content?.Length ?? 0);

    public TaskCompletionSource<IngestSummary> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A writer claims the poll; false when its caller gave up on it first.</summary>
    public bool TryTake() => Interlocked.CompareExchange(ref _state, Taken, Queued) == Queued;

    /// <summary>The caller gives up; false when a writer already took it (its outcome then follows).</summary>
    public bool TryWithdraw() => Interlocked.CompareExchange(ref _state, Withdrawn, Queued) == Queued;
}
