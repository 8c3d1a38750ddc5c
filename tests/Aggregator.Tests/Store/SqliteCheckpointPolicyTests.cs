using Aggregator.Normalize;
using Aggregator.Store;
using Aggregator.Store.Sqlite;
using Microsoft.Data.Sqlite;

namespace Aggregator.Tests.Store;

/// <summary>
/// Issue 23: a bulk round's write-ahead log waits for a pause in the writes to be checkpointed, so pages the round keeps
/// rewriting are copied back once; a log past its bound is checkpointed mid-round all the same, and nothing committed
/// is lost either way.
/// </summary>
public sealed class SqliteCheckpointPolicyTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    /// <summary>A frame in the log: the page and its 24-byte header.</summary>
    private const long FrameBytes = 4096 + 24;

    private readonly TempFolder _folder = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    [Fact]
    public async Task SavePollAsync_ManyCommits_LogStaysWithinItsBoundAndEveryArticleIsThereAfterAReopen()
    {
        // The same polls into a store that never checkpoints: the pages each commit adds (the search index's merges make
        // some commits several times larger than a poll's), and how long the log grows unbounded.
        var (unbounded, largestCommit) = await SavePollsAsync(Path.Combine(_folder.Path, "unbounded"), 1_000_000);
        var dataFolder = Path.Combine(_folder.Path, "bounded");
        var (bounded, _) = await SavePollsAsync(dataFolder, 64);

        Assert.True(unbounded > 4 * (32 + (64 + largestCommit) * FrameBytes), $"unbounded, the log grows to {unbounded} bytes");
        // The bound may be passed by one commit, never by more.
        Assert.InRange(bounded, 1, 32 + (64 + largestCommit) * FrameBytes);

        using var reopened = new SqliteStore(Path.Combine(dataFolder, "aggregator.db"));
        await reopened.MigrateAsync(CancellationToken.None);
        await using var connection = await RawSqlite.ConnectAsync(reopened);
        Assert.Equal((long)Polls * ArticlesPerPoll, (long)(await RawSqlite.RowsAsync(connection, "SELECT COUNT(*) FROM articles;"))[0][0]!);
        Assert.Equal("ok", (string)(await RawSqlite.RowsAsync(connection, "PRAGMA integrity_check;"))[0][0]!);
    }

    private const int Polls = 40;

    /// <summary>Saves <see cref="Polls"/> polls, a commit each, under a log bound; the log file's high-water mark, and the most frames a commit added.</summary>
    private static async Task<(long Highest, long LargestCommit)> SavePollsAsync(string dataFolder, int walLimitPages)
    {
        using var store = SqliteStore.InDataFolder(dataFolder);
        store.IdleCheckpointAfter = Timeout.InfiniteTimeSpan;
        await store.MigrateAsync(CancellationToken.None);
        store.WalLimitPages = walLimitPages;
        // So that the log is the commits' doing, not a last connection closing.
        await using var holder = await RawSqlite.HoldLogAsync(store);
        var highest = store.LogBytes();
        var largestCommit = 0L;
        for (var i = 0; i < Polls; i++)
        {
            var before = store.LogBytes();
            await store.SavePollAsync(Poll($"outlet-{i}", i), CancellationToken.None);
            largestCommit = Math.Max(largestCommit, (store.LogBytes() - before) / FrameBytes);
            highest = Math.Max(highest, store.LogBytes());
        }
        return (highest, largestCommit);
    }

    [Fact]
    public async Task CheckpointIfIdleAsync_WaitsForAPauseThenEmptiesTheLog()
    {
        using var store = SqliteStore.InDataFolder(Path.Combine(_folder.Path, "data"));
        store.IdleCheckpointAfter = Timeout.InfiniteTimeSpan;
        await store.MigrateAsync(CancellationToken.None);
        store.IdleCheckpointBytes = 0;
        // So that an empty log is the idle checkpoint's doing, not a last connection closing.
        await using var holder = await RawSqlite.HoldLogAsync(store);
        await store.CheckpointIfIdleAsync();
        await store.SavePollAsync(Poll("outlet-0", 0), CancellationToken.None);
        var written = store.LogBytes();

        // A poll was taken since the last look: the round may go on, the log stays.
        await store.CheckpointIfIdleAsync();
        var afterBusyLook = store.LogBytes();
        // None since: the writes paused.
        await store.CheckpointIfIdleAsync();

        Assert.True(written > 0, "the poll's commit is in the log");
        Assert.Equal(written, afterBusyLook);
        Assert.Equal(0, store.LogBytes());
        Assert.Equal(1, store.IdleCheckpointsDone);
        Assert.Equal((long)ArticlesPerPoll, (long)(await RawSqlite.RowsAsync(holder, "SELECT COUNT(*) FROM articles;"))[0][0]!);
    }

    [Fact]
    public async Task CheckpointIfIdleAsync_AReaderOnTheLog_KeepsItsSnapshotAndTheLogIsEmptiedAtTheNextPause()
    {
        using var store = SqliteStore.InDataFolder(Path.Combine(_folder.Path, "data"));
        store.IdleCheckpointAfter = Timeout.InfiniteTimeSpan;
        await store.MigrateAsync(CancellationToken.None);
        store.IdleCheckpointBytes = 0;
        await using var holder = await RawSqlite.HoldLogAsync(store);
        await store.SavePollAsync(Poll("outlet-0", 0), CancellationToken.None);
        await store.CheckpointIfIdleAsync();
        await store.SavePollAsync(Poll("outlet-1", 1), CancellationToken.None);
        await store.CheckpointIfIdleAsync();

        await using (var reader = await RawSqlite.ConnectAsync(store))
        using (var snapshot = reader.BeginTransaction(deferred: true))
        {
            Assert.Equal(2L * ArticlesPerPoll, (long)(await RawSqlite.RowsAsync(reader, "SELECT COUNT(*) FROM articles;"))[0][0]!);
            await store.CheckpointIfIdleAsync();

            // The reader still reads what it began with; the log could not be emptied under it, and nothing failed.
            Assert.Equal(2L * ArticlesPerPoll, (long)(await RawSqlite.RowsAsync(reader, "SELECT COUNT(*) FROM articles;"))[0][0]!);
            Assert.True(store.LogBytes() > 0, "the log is still there for the reader");
            await store.SavePollAsync(Poll("outlet-2", 2), CancellationToken.None);
        }
        await store.CheckpointIfIdleAsync();
        await store.CheckpointIfIdleAsync();

        Assert.Equal(0, store.LogBytes());
        Assert.Equal(3L * ArticlesPerPoll, (long)(await RawSqlite.RowsAsync(holder, "SELECT COUNT(*) FROM articles;"))[0][0]!);
    }

    private const int ArticlesPerPoll = 20;

    private static PollRecord Poll(string outlet, int n) => SavedPolls.Poll(outlet, T0.AddMinutes(n), [.. Enumerable.Range(0, ArticlesPerPoll).Select(i => new ArticleCandidate
    {
        OutletId = outlet,
        CanonicalUrl = $"https://{outlet}.example/{i}",
        Link = new Uri($"https://{outlet}.example/{i}"),
        Title = $"Story {i} of {outlet}",
        // Words of its own, so no article is a near-duplicate of another, and a few pages of log a poll.
        Content = $"<p>{string.Join(' ', Enumerable.Range(0, 300).Select(w => $"{outlet}s{i}w{w}"))}</p>",
        Published = T0.AddMinutes(n).AddSeconds(-i),
        Topics = ["all"],
    })]);
}
