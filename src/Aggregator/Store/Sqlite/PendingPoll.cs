using Aggregator.Dedup;

namespace Aggregator.Store.Sqlite;

/// <summary>
/// A poll waiting for the store's single writer, with the work done before it queued; whichever poll holds the
/// writer next stores it together with every other waiting one (<see cref="SqliteStore.SavePollAsync"/>). Its articles
/// wait only as row values in a pooled buffer (<see cref="PackedArticleRows"/>), and the writer makes what the ingest
/// decides by from them when it takes the poll (<see cref="Unpack"/>): the wait outlasts young collections, and any
/// object held through it is copied into gen2 to die there after the commit.
/// </summary>
internal sealed class PendingPoll : IDisposable
{
    private const int Queued = 0, Taken = 1, Withdrawn = 2;
    private int _state;
    private readonly PackedArticleRows? _rows;

    // Packed, the poll keeps its record without its articles and settings, and the rows (the settings after them).
    private readonly PollRecord _poll;
    private readonly List<PreparedArticle>? _prepared;
    private readonly int _settingsAt;

    private PendingPoll(PollRecord poll, List<PreparedArticle>? prepared, PackedArticleRows? rows, int articles, int settingsAt = 0)
    {
        (_poll, _prepared, _rows, ArticleCount, _settingsAt) = (poll, prepared, rows, articles, settingsAt);
        // Packed: the rows, and the small objects each article gets back while its transaction runs (its cut-down
        // candidate, ids, URLs, hash). Not packed, its texts as UTF-16 (title, summary, content), as much again for the
        // search text folded from them, and a kilobyte for the rest.
        HeldBytes = rows is null ? prepared!.Sum(p => 4L * TextChars(p.Candidate) + 1024) : rows.Bytes + 512L * articles;
    }

    private static long TextChars(Normalize.ArticleCandidate candidate) =>
        (long)candidate.Title.Length + (candidate.Summary?.Length ?? 0) + (candidate.Content?.Length ?? 0);

    /// <summary>Prepares <paramref name="poll"/> and packs its articles; the caller disposes it once the poll's outcome is known.</summary>
    public static PendingPoll Of(PollRecord poll, bool pack = true)
    {
        var prepared = ArticleIngest.Prepare(poll);
        if (prepared.Count == 0 || !pack)
        {
            return new PendingPoll(poll, prepared, rows: null, prepared.Count);
        }
        var rows = PackedArticleRows.For(prepared, poll.Settings);
        foreach (var article in prepared)
        {
            rows.Add(article);
        }
        // The settings too: what the poll has seen of its feed is a string of a few KB per poll, and held through the
        // wait it reached gen2 with the poll (bench/alloc-profile.md, h45g).
        var settingsAt = rows.AddSettings(poll.Settings);
        return new PendingPoll(poll with { Articles = [], Settings = NoSettings }, prepared: null, rows, prepared.Count, settingsAt);
    }

    /// <summary>How many articles the poll stores.</summary>
    public int ArticleCount { get; }

    /// <summary>
    /// The poll and its prepared articles, for the writer that took it: a packed poll's are made from its rows now, cut
    /// down as <see cref="PackedArticleRows.Unpack"/> says, and live only while its transaction runs.
    /// </summary>
    public (PollRecord Poll, List<PreparedArticle> Prepared) Unpack()
    {
        if (_rows is null)
        {
            return (_poll, _prepared!);
        }
        var prepared = new List<PreparedArticle>(ArticleCount);
        var candidates = new Normalize.ArticleCandidate[ArticleCount];
        var row = 0;
        for (var i = 0; i < ArticleCount; i++)
        {
            prepared.Add(_rows.Unpack(row, _poll.OutletId));
            candidates[i] = prepared[i].Candidate;
            row = _rows.Next(row);
        }
        // The same candidates: the ingest matches retired entries to the prepared ones by reference.
        return (_poll with { Articles = candidates, Settings = _rows.ReadSettings(_settingsAt) }, prepared);
    }

    private static readonly IReadOnlyDictionary<string, string> NoSettings = new Dictionary<string, string>();

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
