using Aggregator.Dedup;

namespace Aggregator.Store.Sqlite;

/// <summary>
/// A poll waiting for the store's single writer, with the work done before it queued; whichever poll holds the
/// writer next stores it together with every other waiting one (<see cref="SqliteStore.SavePollAsync"/>). Its articles
/// wait as row values in a pooled buffer (<see cref="PackedArticleRows"/>), their candidates cut down to what the ingest
/// decides by: the wait outlasts young collections, and what they copy into gen2 dies there after the commit.
/// </summary>
internal sealed class PendingPoll : IDisposable
{
    private const int Queued = 0, Taken = 1, Withdrawn = 2;
    private int _state;
    private readonly PackedArticleRows? _rows;

    private PendingPoll(PollRecord poll, List<PreparedArticle> prepared, PackedArticleRows? rows)
    {
        (Poll, Prepared, _rows) = (poll, prepared, rows);
        // Packed, the objects each article still has (its cut-down candidate, ids, URL, hash) come to a few hundred bytes.
        // Not packed, its texts as UTF-16 (title, summary, content), as much again for the search text folded from them,
        // and a kilobyte for the rest.
        HeldBytes = rows is null ? prepared.Sum(p => 4L * TextChars(p.Candidate) + 1024) : rows.Bytes + 512L * prepared.Count;
    }

    private static long TextChars(Normalize.ArticleCandidate candidate) =>
        (long)candidate.Title.Length + (candidate.Summary?.Length ?? 0) + (candidate.Content?.Length ?? 0);

    /// <summary>Prepares <paramref name="poll"/> and packs its articles; the caller disposes it once the poll's outcome is known.</summary>
    public static PendingPoll Of(PollRecord poll, bool pack = true)
    {
        var prepared = ArticleIngest.Prepare(poll);
        if (prepared.Count == 0 || !pack)
        {
            return new PendingPoll(poll, prepared, rows: null);
        }
        var rows = PackedArticleRows.For(prepared);
        for (var i = 0; i < prepared.Count; i++)
        {
            prepared[i] = prepared[i].PackedAt(rows, rows.Add(prepared[i]));
        }
        // The same cut-down candidates: the ingest matches retired entries to the prepared ones by reference.
        return new PendingPoll(poll with { Articles = prepared.ConvertAll(p => p.Candidate) }, prepared, rows);
    }

    /// <summary>The poll, its articles cut down as <see cref="Prepared"/>'s.</summary>
    public PollRecord Poll { get; }

    public List<PreparedArticle> Prepared { get; }

    /// <summary>About what the poll keeps until its commit: its rows, and the small objects left per article.</summary>
    public long HeldBytes { get; }

    public TaskCompletionSource<IngestSummary> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A writer claims the poll; false when its caller gave up on it first.</summary>
    public bool TryTake() => Interlocked.CompareExchange(ref _state, Taken, Queued) == Queued;

    /// <summary>The caller gives up; false when a writer already took it (its outcome then follows).</summary>
    public bool TryWithdraw() => Interlocked.CompareExchange(ref _state, Withdrawn, Queued) == Queued;

    /// <summary>
    /// Gives the rows' buffer back once no writer can read it any more: the poll was withdrawn, or its outcome is set. Any
    /// other way out leaves the buffer to the collector rather than to the next poll, under a writer still reading it.
    /// </summary>
    public void Dispose()
    {
        if (TryWithdraw() || Outcome.Task.IsCompleted)
        {
            _rows?.Dispose();
        }
    }
}
