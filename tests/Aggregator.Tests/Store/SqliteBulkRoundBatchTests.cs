using Aggregator.Dedup;
using Aggregator.Normalize;
using Aggregator.Store;
using Aggregator.Store.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace Aggregator.Tests.Store;

/// <summary>
/// While a bulk round has many polls in progress, the writer keeps its batch open a bounded time for the polls still on
/// their way, so a round commits in fewer, larger transactions (issue 23); a lone poll still commits at once. Time is a
/// fake clock and the signals are explicit, so nothing here depends on the machine's speed.
/// </summary>
public sealed class SqliteBulkRoundBatchTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly TempFolder _folder = new();
    private readonly FakeTimeProvider _time = new(T0);
    private readonly List<IDisposable> _polls = [];

    public void Dispose()
    {
        _polls.ForEach(p => p.Dispose());
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    [Fact]
    public async Task InABulkRound_PollsArrivingOneAfterTheOther_ShareOneCommit()
    {
        using var store = await OpenAsync("round");
        Begin(store, SqliteStore.BulkRoundPolls + 4);

        var first = Task.Run(() => store.SavePollAsync(Poll("first", 3), CancellationToken.None));
        await UntilAsync(() => store.BatchWaits == 1);
        Assert.False(first.IsCompleted);
        // It arrives after the first poll was written, with nothing queued: without the window it would commit alone.
        var second = Task.Run(() => store.SavePollAsync(Poll("second", 3), CancellationToken.None));
        await UntilAsync(() => store.BatchWaits == 2);
        Assert.False(first.IsCompleted);

        _time.Advance(SqliteStore.BulkBatchWindow);
        var summaries = await Task.WhenAll(first, second);

        Assert.All(summaries, s => Assert.Equal(3, s.New));
        Assert.Equal(1 + 2 * 3, await CountAsync(store, "SELECT COUNT(*) FROM articles;"));
        Assert.Equal(1, CommitsInLog(store));
    }

    [Fact]
    public async Task ALonePoll_CommitsAtOnce_WithoutWaitingForTheClock()
    {
        using var store = await OpenAsync("lone");
        Begin(store, 1);

        // Bounded only so a writer that waited for the clock fails the test instead of hanging it.
        var summary = await store.SavePollAsync(Poll("lone", 3), CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(3, summary.New);
        Assert.Equal(0, store.BatchWaits);
        Assert.Equal(1, CommitsInLog(store));
    }

    [Fact]
    public async Task ABatchHoldingEveryPollInProgress_CommitsAtOnce()
    {
        using var store = await OpenAsync("all-in");
        // As many in progress as a bulk round needs, every one of them already queued for the writer.
        Begin(store, SqliteStore.BulkRoundPolls);
        var saves = await WhileWriterIsBusyAsync(store, [.. Enumerable.Range(0, SqliteStore.BulkRoundPolls).Select(i => Poll($"o{i}", 2))]);

        Assert.All(saves, s => Assert.Equal(2, s.New));
        Assert.Equal(0, store.BatchWaits);
    }

    [Fact]
    public async Task WhenTheRoundThinsOut_TheOpenBatchCommitsBeforeItsWindowCloses()
    {
        using var store = await OpenAsync("thinning");
        Begin(store, SqliteStore.BulkRoundPolls + 4);

        var first = Task.Run(() => store.SavePollAsync(Poll("first", 3), CancellationToken.None));
        await UntilAsync(() => store.BatchWaits == 1);
        // The other polls end (stored elsewhere, failed before the store, nothing new): no bulk round any more.
        foreach (var poll in _polls.Skip(1).ToList())
        {
            poll.Dispose();
            _polls.Remove(poll);
        }

        var summary = await first.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(3, summary.New);
        Assert.Equal(1, CommitsInLog(store));
    }

    private void Begin(SqliteStore store, int polls)
    {
        for (var i = 0; i < polls; i++)
        {
            _polls.Add(store.BeginPoll()!);
        }
    }

    /// <summary>Waits for the writer to reach a state; the clock is fake, so only the order of events matters.</summary>
    private static async Task UntilAsync(Func<bool> reached)
    {
        // Bounded only so a writer that never gets there fails the test instead of hanging it.
        for (var tries = 0; !reached(); tries++)
        {
            Assert.True(tries < 12_000, "the store's writer never reached the state the test waits for");
            await Task.Delay(5);
        }
    }

    private async Task<SqliteStore> OpenAsync(string name)
    {
        var store = SqliteStore.InDataFolder(Path.Combine(_folder.Path, name), time: _time);
        await store.MigrateAsync(CancellationToken.None);
        // One article, so rebuilding the topics has a row to hold the writer on.
        await store.SavePollAsync(Poll("seed", 1), CancellationToken.None);
        await using var connection = await ConnectAsync(store);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
        await command.ExecuteNonQueryAsync();
        return store;
    }

    /// <summary>Queues every poll while the writer is held by a topic rebuild, then lets it go.</summary>
    private static async Task<IngestSummary[]> WhileWriterIsBusyAsync(SqliteStore store, List<PollRecord> polls)
    {
        using var holding = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var rebuild = Task.Run(() => store.RebuildTopicsAsync(_ =>
        {
            holding.Set();
            release.Wait();
            return ["all"];
        }, CancellationToken.None));
        holding.Wait();
        var saves = new List<Task<IngestSummary>>();
        foreach (var poll in polls)
        {
            saves.Add(Task.Run(() => store.SavePollAsync(poll, CancellationToken.None)));
            await UntilAsync(() => store.PendingPollCount == saves.Count);
        }
        release.Set();
        await rebuild;
        return await Task.WhenAll(saves).WaitAsync(TimeSpan.FromMinutes(1));
    }

    /// <summary>Transactions in the write-ahead log since it was truncated: its frames that end a commit.</summary>
    private static int CommitsInLog(SqliteStore store)
    {
        var log = File.ReadAllBytes(store.DatabasePath + "-wal");
        var pageSize = (int)System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(log.AsSpan(8));
        var salts = log.AsSpan(16, 8).ToArray();
        var commits = 0;
        for (var frame = 32; frame + 24 + pageSize <= log.Length; frame += 24 + pageSize)
        {
            if (!log.AsSpan(frame + 8, 8).SequenceEqual(salts))
            {
                break;
            }
            commits += System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(log.AsSpan(frame + 4)) != 0 ? 1 : 0;
        }
        return commits;
    }

    private static PollRecord Poll(string outlet, int articles) => new()
    {
        OutletId = outlet,
        AttemptedAt = T0,
        Succeeded = true,
        StatusCode = 200,
        Articles = [.. Enumerable.Range(0, articles).Select(i => Candidate(outlet, i))],
        Duplicates = DuplicatePolicy.Default,
    };

    private static ArticleCandidate Candidate(string outlet, int i) => new()
    {
        OutletId = outlet,
        CanonicalUrl = $"https://{outlet}.example/{i}",
        Link = new Uri($"https://{outlet}.example/{i}"),
        Title = $"Story {i} of {outlet}",
        Content = $"<p>What {outlet} says in story {i}, in its own words.</p>",
        Published = T0.AddHours(-1),
        Topics = ["all"],
    };

    private static async Task<long> CountAsync(SqliteStore store, string sql)
    {
        await using var connection = await ConnectAsync(store);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<SqliteConnection> ConnectAsync(SqliteStore store)
    {
        var connection = new SqliteConnection($"Data Source={store.DatabasePath};Pooling=false");
        await connection.OpenAsync();
        return connection;
    }
}
