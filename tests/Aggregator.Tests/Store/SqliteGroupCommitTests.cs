using Aggregator.Dedup;
using Aggregator.Normalize;
using Aggregator.Store;
using Aggregator.Store.Sqlite;
using Microsoft.Data.Sqlite;
using static Aggregator.Tests.Store.RawSqlite;

namespace Aggregator.Tests.Store;

/// <summary>
/// Polls that queue behind the SQLite writer are stored in one transaction (issue 23): fewer pages written,
/// the same articles, clusters and errors as if each had committed alone.
/// </summary>
public sealed class SqliteGroupCommitTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly TempFolder _folder = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    [Fact]
    public async Task QueuedPolls_AreCommittedTogether_WritingFewerLogFramesThanOneCommitEach()
    {
        var polls = Enumerable.Range(0, 30).Select(i => Poll($"o{i}", Articles($"o{i}", 5))).ToList();

        using var grouped = await OpenAsync("grouped");
        await using var holdGrouped = await RawSqlite.HoldLogAsync(grouped);
        await TruncateLogAsync(grouped);
        var summaries = await WhileWriterIsBusyAsync(grouped, polls);
        var groupedFrames = await LogFramesAsync(grouped);

        using var oneByOne = await OpenAsync("one-by-one");
        await using var holdOneByOne = await RawSqlite.HoldLogAsync(oneByOne);
        await TruncateLogAsync(oneByOne);
        await oneByOne.RebuildTopicsAsync(_ => ["all"], CancellationToken.None);
        foreach (var poll in polls)
        {
            await oneByOne.SavePollAsync(poll, CancellationToken.None);
        }
        var oneByOneFrames = await LogFramesAsync(oneByOne);

        Assert.All(summaries, s => Assert.Equal(5, s.New));
        Assert.Equal(150 + 1, await CountAsync(grouped, "SELECT COUNT(*) FROM articles;"));
        Assert.Equal(await CountAsync(oneByOne, "SELECT COUNT(*) FROM article_topics;"), await CountAsync(grouped, "SELECT COUNT(*) FROM article_topics;"));
        Assert.True(groupedFrames * 3 < oneByOneFrames, $"grouped {groupedFrames} log frames, one commit per poll {oneByOneFrames}");
    }

    [Fact]
    public async Task APollThatFails_FailsAlone_AndTheOthersInItsGroupAreStored()
    {
        using var store = await OpenAsync("bulkhead",
            "CREATE TRIGGER test_poison BEFORE INSERT ON articles WHEN new.title = 'poison' BEGIN SELECT RAISE(ABORT, 'poisoned article'); END;");
        var polls = Enumerable.Range(0, 8).Select(i => Poll($"o{i}", Articles($"o{i}", 3))).ToList();
        var poisoned = Poll("bad", [.. Articles("bad", 2), Candidate("bad", "https://bad.example/p", "poison")]);
        polls.Insert(4, poisoned);

        var outcomes = await WhileWriterIsBusyAsync(store, polls, settle: true);

        var error = Assert.IsType<StoreException>(outcomes[4].Exception?.InnerException);
        Assert.Contains("poisoned article", error.Message, StringComparison.Ordinal);
        Assert.All(outcomes.Where((_, i) => i != 4), o => Assert.True(o.IsCompletedSuccessfully));
        Assert.Equal(8 * 3 + 1, await CountAsync(store, "SELECT COUNT(*) FROM articles;"));
        Assert.Equal(0, await CountAsync(store, "SELECT COUNT(*) FROM articles WHERE outlet_id = 'bad';"));
        Assert.Equal(0, await CountAsync(store, "SELECT COUNT(*) FROM outlets WHERE id = 'bad';"));
    }

    [Fact]
    public async Task APollInAGroup_FindsCopiesStoredEarlierInTheSameGroup()
    {
        using var store = await OpenAsync("clusters");
        var text = string.Join(' ', Enumerable.Range(0, 60).Select(i => $"word{i}"));
        var polls = new List<PollRecord>
        {
            Poll("first", [Candidate("first", "https://first.example/a", "A long story", text)]),
            // The same URL from another outlet, then the same text under another URL.
            Poll("second", [Candidate("second", "https://first.example/a", "A long story", text)]),
            Poll("third", [Candidate("third", "https://third.example/x", "A long story", text)]),
        };

        var summaries = await WhileWriterIsBusyAsync(store, polls);

        Assert.Equal([0, 1, 1], summaries.Select(s => s.Deduplicated));
        Assert.Equal(1, await CountAsync(store, "SELECT COUNT(DISTINCT cluster_id) FROM articles WHERE outlet_id <> 'seed';"));
    }

    [Fact]
    public async Task PollsQueuedWhileABatchIsWritten_JoinItsTransaction_OneCommitInAll()
    {
        using var store = await OpenAsync("joined");
        await TruncateLogAsync(store);
        // Another connection holds SQLite's write lock, so the store's writer stops inside its first poll's transaction.
        await using var blocker = await ConnectAsync(store);
        await using (var begin = blocker.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE;";
            await begin.ExecuteNonQueryAsync();
        }
        var taken = store.PollsTaken;
        var first = Task.Run(() => store.SavePollAsync(Poll("first", Articles("first", 3)), CancellationToken.None));
        while (store.PollsTaken == taken)
        {
            await Task.Delay(5);
        }
        var later = new List<Task<IngestSummary>>();
        for (var i = 0; i < 4; i++)
        {
            var poll = Poll($"later{i}", Articles($"later{i}", 3));
            later.Add(Task.Run(() => store.SavePollAsync(poll, CancellationToken.None)));
        }
        while (store.PendingPollCount < later.Count)
        {
            await Task.Delay(5);
        }
        await using (var rollback = blocker.CreateCommand())
        {
            rollback.CommandText = "ROLLBACK;";
            await rollback.ExecuteNonQueryAsync();
        }
        await Task.WhenAll([first, .. later]);

        Assert.Equal(1 + 5 * 3, await CountAsync(store, "SELECT COUNT(*) FROM articles;"));
        Assert.Equal(1, CommitsInLog(store));
    }

    [Fact]
    public async Task ABatchHoldingMoreThanItsBound_CommitsEarly_LosesNothing_AndEachPollReportsAfterItsCommit()
    {
        using var store = await OpenAsync("held");
        // Long texts, so what a poll holds is mostly its articles' words.
        var words = string.Join(' ', Enumerable.Range(0, 400).Select(i => $"word{i}"));
        PollRecord LongPoll(string outlet) => Poll(outlet, [.. Enumerable.Range(0, 4).Select(i =>
            Candidate(outlet, $"https://{outlet}.example/{i}", $"Story {i} of {outlet}", $"<p>{outlet} {i}: {words}</p>"))]);
        var first = LongPoll("first");
        var later = Enumerable.Range(0, 5).Select(i => LongPoll($"later{i}")).ToList();
        using var onePollPending = PendingPoll.Of(first);
        var onePoll = onePollPending.HeldBytes;
        // Room for two and a half polls: the writer's batch takes three (the one crossing the bound is its last).
        store.MaxHeldBytesPerCommit = onePoll * 5 / 2;
        await TruncateLogAsync(store);

        // Another connection holds SQLite's write lock, so the store's writer stops inside its first poll's transaction
        // while the others queue behind it.
        await using var blocker = await ConnectAsync(store);
        await using (var begin = blocker.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE;";
            await begin.ExecuteNonQueryAsync();
        }
        var seenAtOutcome = new System.Collections.Concurrent.ConcurrentDictionary<string, long>();
        Task<IngestSummary> Save(PollRecord poll) => Task.Run(() => store.SavePollAsync(poll, CancellationToken.None)).ContinueWith(t =>
        {
            // What another reader sees the moment the poll reports: its commit must already be there.
            seenAtOutcome[poll.OutletId] = Count(store, $"SELECT COUNT(*) FROM articles WHERE outlet_id = '{poll.OutletId}';");
            return t.Result;
        }, TaskContinuationOptions.ExecuteSynchronously);
        var taken = store.PollsTaken;
        var saves = new List<Task<IngestSummary>> { Save(first) };
        while (store.PollsTaken == taken)
        {
            await Task.Delay(5);
        }
        foreach (var poll in later)
        {
            saves.Add(Save(poll));
            while (store.PendingPollCount < saves.Count - 1)
            {
                await Task.Delay(5);
            }
        }
        await using (var rollback = blocker.CreateCommand())
        {
            rollback.CommandText = "ROLLBACK;";
            await rollback.ExecuteNonQueryAsync();
        }
        var summaries = await Task.WhenAll(saves);

        Assert.All(summaries, s => Assert.Equal(4, s.New));
        Assert.Equal(1 + 6 * 4, await CountAsync(store, "SELECT COUNT(*) FROM articles;"));
        Assert.Equal(6 * 4, await CountAsync(store, "SELECT COUNT(*) FROM article_search WHERE article_search MATCH 'word399';"));
        Assert.Equal(6, seenAtOutcome.Count);
        Assert.All(seenAtOutcome.Values, seen => Assert.Equal(4, seen));
        // Unbounded, the six would share one commit (PollsQueuedWhileABatchIsWritten_JoinItsTransaction_OneCommitInAll).
        var commits = CommitsInLog(store);
        Assert.InRange(commits, 2, 4);
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

    private async Task<SqliteStore> OpenAsync(string name, params string[] extraSteps)
    {
        var store = SqliteStore.InDataFolder(Path.Combine(_folder.Path, name));
        await store.MigrateAsync([.. SqliteMigrations.Steps, .. extraSteps], CancellationToken.None);
        // One article, so rebuilding the topics below has a row to hold the writer on.
        await store.SavePollAsync(Poll("seed", Articles("seed", 1)), CancellationToken.None);
        return store;
    }

    /// <summary>Queues every poll while the writer is held by a topic rebuild, then lets it go.</summary>
    private static async Task<IReadOnlyList<IngestSummary>> WhileWriterIsBusyAsync(SqliteStore store, List<PollRecord> polls) =>
        [.. (await WhileWriterIsBusyAsync(store, polls, settle: false)).Select(t => t.Result)];

    private static async Task<List<Task<IngestSummary>>> WhileWriterIsBusyAsync(SqliteStore store, List<PollRecord> polls, bool settle)
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
            // One at a time into the queue, so the group keeps the polls' order.
            saves.Add(Task.Run(() => store.SavePollAsync(poll, CancellationToken.None)));
            while (store.PendingPollCount < saves.Count)
            {
                await Task.Delay(5);
            }
        }
        release.Set();
        await rebuild;
        if (settle)
        {
            await Task.WhenAll(saves).ContinueWith(_ => { }, TaskScheduler.Default);
        }
        else
        {
            await Task.WhenAll(saves);
        }
        return saves;
    }

    private static PollRecord Poll(string outlet, ArticleCandidate[] articles) => SavedPolls.Poll(outlet, T0, articles);

    private static ArticleCandidate[] Articles(string outlet, int count) =>
        [.. Enumerable.Range(0, count).Select(i => Candidate(outlet, $"https://{outlet}.example/{i}", $"Story {i} of {outlet}", $"<p>What {outlet} says in story {i}, in its own words.</p>"))];

    private static ArticleCandidate Candidate(string outlet, string url, string title, string? content = null) => new()
    {
        OutletId = outlet,
        CanonicalUrl = url,
        Link = new Uri(url),
        Title = title,
        Content = content,
        Published = T0.AddHours(-1),
        Topics = ["all"],
    };

    private static async Task TruncateLogAsync(SqliteStore store)
    {
        await using var connection = await ConnectAsync(store);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Frames in the write-ahead log: every page each commit wrote (no checkpoint runs this early).</summary>
    private static async Task<long> LogFramesAsync(SqliteStore store)
    {
        await using var connection = await ConnectAsync(store);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return reader.GetInt64(1);
    }

    private static async Task<long> CountAsync(SqliteStore store, string sql)
    {
        await using var connection = await ConnectAsync(store);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static long Count(SqliteStore store, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={store.DatabasePath};Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }
}
