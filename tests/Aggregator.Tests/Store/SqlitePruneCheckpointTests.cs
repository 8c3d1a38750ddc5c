using Aggregator.Dedup;
using Aggregator.Normalize;
using Aggregator.Store;
using Aggregator.Store.Sqlite;
using Microsoft.Data.Sqlite;

namespace Aggregator.Tests.Store;

/// <summary>
/// Issue 23: a prune that deletes nothing leaves the write-ahead log alone. The first prune runs 5 s into `run`'s first
/// round; its TRUNCATE checkpoint copied the bulk round's whole log into the file mid-round, and every page the round
/// went on rewriting was copied again at the next checkpoint.
/// </summary>
public sealed class SqlitePruneCheckpointTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly TempFolder _folder = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    [Fact]
    public async Task PruneAsync_NothingToPrune_DoesNotCheckpointTheLog()
    {
        using var store = SqliteStore.InDataFolder(Path.Combine(_folder.Path, "data"));
        await store.MigrateAsync(CancellationToken.None);
        await using var holder = await RawSqlite.HoldLogAsync(store);
        await store.SavePollAsync(Poll("fresh", 20), CancellationToken.None);
        var log = new FileInfo(store.DatabasePath + "-wal");
        var before = log.Length;

        var result = await store.PruneAsync(new RetentionPolicy(TimeSpan.FromDays(30), 10, new Dictionary<string, TimeSpan>()), T0, CancellationToken.None);

        Assert.Equal(PruneResult.None, result);
        log.Refresh();
        Assert.True(before > 0, "the poll's commit is in the log");
        Assert.Equal(before, log.Length);
        Assert.Equal(20, await CountAsync(store, "SELECT COUNT(*) FROM articles;"));
    }

    [Fact]
    public async Task PruneAsync_PrunedArticles_StillReturnTheirPagesAndFoldTheLogBack()
    {
        using var store = SqliteStore.InDataFolder(Path.Combine(_folder.Path, "data"));
        await store.MigrateAsync(CancellationToken.None);
        // So that an empty log is the prune's checkpoint, not a last connection closing (RawSqlite.HoldLogAsync).
        await using var holder = await RawSqlite.HoldLogAsync(store);
        await store.SavePollAsync(Poll("old", 400, T0.AddDays(-90)), CancellationToken.None);

        var result = await store.PruneAsync(new RetentionPolicy(TimeSpan.FromDays(30), 5, new Dictionary<string, TimeSpan>()), T0, CancellationToken.None);

        Assert.Equal(395, result.Pruned);
        Assert.True(result.FreedBytes > 0, "pages went back to the file system");
        Assert.Equal(0, new FileInfo(store.DatabasePath + "-wal").Length);
        Assert.Equal(5, await CountAsync(store, "SELECT COUNT(*) FROM articles;"));
    }

    private static PollRecord Poll(string outlet, int count, DateTimeOffset? published = null) => new()
    {
        OutletId = outlet,
        AttemptedAt = T0,
        Succeeded = true,
        StatusCode = 200,
        Duplicates = DuplicatePolicy.Default,
        Articles = [.. Enumerable.Range(0, count).Select(i => new ArticleCandidate
        {
            OutletId = outlet,
            CanonicalUrl = $"https://{outlet}.example/{i}",
            Link = new Uri($"https://{outlet}.example/{i}"),
            Title = $"Story {i} of {outlet}",
            Content = $"<p>What {outlet} says in story {i}, {new string('x', 2000)} in its own words.</p>",
            Published = (published ?? T0.AddHours(-1)).AddMinutes(i),
            Topics = ["all"],
        })],
    };

    private static async Task<long> CountAsync(SqliteStore store, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={store.DatabasePath};Pooling=false");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
