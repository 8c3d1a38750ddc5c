using System.Collections.Concurrent;
using Aggregator.Dedup;
using Aggregator.Normalize;
using Microsoft.Data.Sqlite;

namespace Aggregator.Store.Sqlite;

public sealed partial class SqliteStore
{
    /// <summary>
    /// Polls that finish while another is being written wait here and are then stored in one transaction
    /// (group commit): a commit rewrites every page its rows touched, and the random-order indexes (article id,
    /// URL, cluster, fingerprint, the search index) touch about one page per article each, so fifty polls in one
    /// commit write the pages they share once instead of fifty times. A lone poll still commits on its own at once.
    /// </summary>
    private readonly ConcurrentQueue<PendingPoll> _pendingPolls = new();

    /// <summary>
    /// Articles one group commit stores at most: enough to share most index pages, few enough that a commit
    /// (and the wait of the polls queued behind it) stays short. Replaying a 97k-article cold poll in commits of
    /// 2,500 articles wrote 7.3 KB per article, in commits of 5,000 5.6 KB (issue 23).
    /// </summary>
    internal const int MaxArticlesPerCommit = 5_000;

    /// <summary>
    /// What the polls of one group commit may hold at most (<see cref="PendingPoll.HeldBytes"/>): every poll keeps its
    /// rows until the commit, so the article cap alone lets a batch of long articles (5,000 of 50 KB) hold hundreds
    /// of megabytes. A batch of 5,000 of the load harness's articles stays well below it: a bulk round's batches stay as they are.
    /// </summary>
    internal const long DefaultMaxHeldBytesPerCommit = 64L * 1024 * 1024;

    /// <summary>The bound in force (tests lower it).</summary>
    internal long MaxHeldBytesPerCommit { get; set; } = DefaultMaxHeldBytesPerCommit;

    /// <summary>Polls waiting for the writer (tests wait for a queue to form).</summary>
    internal int PendingPollCount => _pendingPolls.Count;

    private int _pollsTaken;

    /// <summary>
    /// Whether waiting polls keep their articles as packed rows (<see cref="PendingPoll"/>); off, they keep their
    /// candidates as before, which the differential test stores beside the packed path to prove the rows the same.
    /// </summary>
    internal bool PackWaitingArticles { get; set; } = true;

    /// <summary>Polls a writer has taken from the queue so far (tests wait for one to be in its transaction).</summary>
    internal int PollsTaken => Volatile.Read(ref _pollsTaken);

    // Not async itself: an async method keeps its parameters until it returns, and the poll's candidates must not wait
    // beside its packed rows.
    public Task<IngestSummary> SavePollAsync(PollRecord poll, CancellationToken ct) => SavePendingAsync(PendingPoll.Of(poll, PackWaitingArticles), ct);

    private async Task<IngestSummary> SavePendingAsync(PendingPoll pending, CancellationToken ct)
    {
        using var _ = pending;
        _pendingPolls.Enqueue(pending);
        try
        {
            await _writeLock.WaitAsync(ct);
        }
        catch (OperationCanceledException) when (!pending.TryWithdraw())
        {
            // Another writer took it already: its outcome is this poll's.
            return await pending.Outcome.Task;
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        try
        {
            await WritePendingAsync(pending, ct);
        }
        finally
        {
            _writeLock.Release();
        }
        return await pending.Outcome.Task;
    }

    /// <summary>
    /// Under the write lock: stores the waiting polls in arrival order, a batch per transaction, until
    /// <paramref name="own"/> is stored (a writer that finds its poll stored by the one before has nothing to do).
    /// </summary>
    private async Task WritePendingAsync(PendingPoll own, CancellationToken ct)
    {
        while (!own.Outcome.Task.IsCompleted && TakeBatch([], 0, 0) is { Count: > 0 } batch)
        {
            try
            {
                await SaveTogetherAsync(batch, joinLater: true, ct);
            }
            catch (Exception e) when (batch.Count > 1 && e is not OperationCanceledException)
            {
                // Nothing of the batch was committed. Each poll again on its own, so one poll's failure stays its own
                // and the others' entries are stored.
                foreach (var pending in batch)
                {
                    await SaveAloneAsync(pending, ct);
                }
            }
            catch (Exception e)
            {
                Fail(batch, e);
            }
        }
    }

    /// <summary>
    /// Adds waiting polls to <paramref name="batch"/> (holding <paramref name="articles"/> and <paramref name="bytes"/> so
    /// far) up to the caps; the poll that crosses a cap is the batch's last, so a batch is never empty.
    /// </summary>
    private List<PendingPoll> TakeBatch(List<PendingPoll> batch, int articles, long bytes)
    {
        while (articles < MaxArticlesPerCommit && bytes < MaxHeldBytesPerCommit && _pendingPolls.TryDequeue(out var pending))
        {
            if (pending.TryTake())
            {
                Interlocked.Increment(ref _pollsTaken);
                batch.Add(pending);
                articles += pending.ArticleCount;
                bytes += pending.HeldBytes;
            }
        }
        return batch;
    }

    private async Task SaveAloneAsync(PendingPoll pending, CancellationToken ct)
    {
        try
        {
            await SaveTogetherAsync([pending], joinLater: false, ct);
        }
        catch (Exception e)
        {
            Fail([pending], e);
        }
    }

    private void Fail(List<PendingPoll> batch, Exception e)
    {
        // The transaction rolled back: nothing of these polls is stored, everything before them is.
        var error = e is SqliteException sqlite ? Translate(sqlite) : e;
        foreach (var pending in batch)
        {
            if (error is OperationCanceledException cancelled)
            {
                pending.Outcome.TrySetCanceled(cancelled.CancellationToken);
            }
            else
            {
                pending.Outcome.TrySetException(error);
            }
        }
    }

    /// <summary>
    /// One transaction for the batch; outcomes are set only once it is committed. With <paramref name="joinLater"/>, polls
    /// that queued while the batch was written join it (up to the cap) instead of waiting for a commit of their own: in a
    /// bulk round the random-order indexes (topic order, fingerprint, id) are rewritten nearly whole by every commit, so
    /// fewer, larger commits write fewer pages (issue 23: replaying a 97k-article cold poll, 11.8 KB written per article
    /// in commits of 1,000 articles, 8.1 KB in commits of 2,500). Nothing waits for polls that have not queued yet.
    /// </summary>
    private async Task SaveTogetherAsync(List<PendingPoll> batch, bool joinLater, CancellationToken ct)
    {
        var summaries = new List<IngestSummary>(batch.Count);
        var committed = false;
        var learnt = false;
        try
        {
            await using var connection = await OpenAsync(ct);
            await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
            await using var queries = new IngestQueries(this, connection, tx);
            var articles = 0;
            var bytes = 0L;
            for (var i = 0; i < batch.Count; i++)
            {
                summaries.Add(await SaveOneAsync(queries, batch[i], ct));
                queries.CountNewArticles();
                // The next poll of the batch must find this one's texts, as it would after a commit of its own.
                learnt |= queries.CommitIndexed();
                articles += batch[i].ArticleCount;
                bytes += batch[i].HeldBytes;
                if (joinLater && i == batch.Count - 1)
                {
                    // A failure rolls back the joined polls too; the caller then retries every poll of the batch alone.
                    TakeBatch(batch, articles, bytes);
                }
            }
            await tx.CommitAsync(ct);
            committed = true;
        }
        finally
        {
            if (!committed && learnt)
            {
                // The index already learnt texts that are not stored after all: it is loaded again from what is.
                ForgetIndex();
            }
        }
        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Outcome.TrySetResult(summaries[i]);
        }
    }

    // Its own method: the unpacked articles are locals of this state machine alone, gone when the poll's statements are
    // done, not kept by the batch's loop until its commit.
    private static Task<IngestSummary> SaveOneAsync(IngestQueries queries, PendingPoll pending, CancellationToken ct)
    {
        var (poll, prepared) = pending.Unpack();
        return ArticleIngest.SaveAsync(queries, poll, prepared, ct);
    }

    public async Task<IReadOnlySet<ArticleCandidate>> UnknownAsync(string outletId, IReadOnlyList<ArticleCandidate> candidates, CancellationToken ct)
    {
        try
        {
            await using var connection = await OpenAsync(ct);
            await using var queries = new IngestQueries(this, connection, null);
            return await ArticleIngest.UnknownAsync(queries, outletId, candidates, ct);
        }
        catch (SqliteException e)
        {
            throw Translate(e);
        }
    }
}
