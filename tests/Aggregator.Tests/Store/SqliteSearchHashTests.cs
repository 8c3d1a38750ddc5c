using Aggregator.Normalize;
using Aggregator.Store.Sqlite;
using Microsoft.Data.Sqlite;
using static Aggregator.Tests.Store.RawSqlite;

namespace Aggregator.Tests.Store;

/// <summary>
/// Issue 23 (search hash): the search index keeps a commit's terms in memory up to 4 MiB before it writes them out as a
/// segment, so a bulk commit writes one segment where it wrote several at FTS5's 1 MiB and merged them back. The setting
/// lives in the index's own config, reached by migration on a new store and an existing one; what a search finds is the
/// same either way.
/// </summary>
public sealed class SqliteSearchHashTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private const long HashBytes = 4 * 1024 * 1024;
    private readonly TempFolder _before = new();
    private readonly TempFolder _after = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _before.Dispose();
        _after.Dispose();
    }

    [Fact]
    public async Task BulkCommit_IndexedInAnotherShape_EverySearchFindsTheSameArticles()
    {
        // One commit whose terms pass 1 MiB of FTS5's hash several times over (prefix entries included).
        var articles = Articles("o1", count: 1_500, wordsEach: 150);
        using var before = SqliteStore.InDataFolder(_before.Path);
        await before.MigrateAsync([.. SqliteMigrations.Steps.TakeWhile(step => !step.Contains("'hashsize'", StringComparison.Ordinal))], CancellationToken.None);
        using var after = SqliteStore.InDataFolder(_after.Path);
        await after.MigrateAsync(CancellationToken.None);
        await SavedPolls.SaveAsync(before, "o1", T0, articles);
        await SavedPolls.SaveAsync(after, "o1", T0, articles);

        await using var a = await ConnectAsync(before);
        await using var b = await ConnectAsync(after);
        Assert.Empty(await RowsAsync(a, "SELECT v FROM article_search_config WHERE k = 'hashsize';"));
        Assert.Equal(HashBytes, (long)(await RowsAsync(b, "SELECT v FROM article_search_config WHERE k = 'hashsize';")).Single()[0]!);
        // The commit's terms went to the file in a different shape (fewer, larger segments written and merged): the two
        // indexes differ in their pages, so the searches below compare two layouts of the same terms.
        Assert.NotEqual(await IndexPagesAsync(a), await IndexPagesAsync(b));

        foreach (var match in new[] { "w17", "w1*", "w3 w40", "\"w5 w12\"", "common NOT t3", "t7*", "common" })
        {
            var found = await MatchAsync(b, match);
            Assert.Equal(await MatchAsync(a, match), found);
            Assert.True(found.Count > 0, $"nothing matched {match}");
        }
    }

    [Fact]
    public async Task ExistingStore_Migrated_TakesTheHashSize_AndStillFindsItsArticles()
    {
        using var store = SqliteStore.InDataFolder(_before.Path);
        await store.MigrateAsync([.. SqliteMigrations.Steps.TakeWhile(step => !step.Contains("'hashsize'", StringComparison.Ordinal))], CancellationToken.None);
        await SavedPolls.SaveAsync(store, "o1", T0, Articles("o1", count: 40, wordsEach: 20));

        await store.MigrateAsync(CancellationToken.None);
        await SavedPolls.SaveAsync(store, "o2", T0.AddHours(1), Articles("o2", count: 40, wordsEach: 20, prefix: "later"));

        await using var connection = await ConnectAsync(store);
        Assert.Equal(HashBytes, (long)(await RowsAsync(connection, "SELECT v FROM article_search_config WHERE k = 'hashsize';")).Single()[0]!);
        Assert.Equal(SqliteMigrations.Steps.Count, (long)(await RowsAsync(connection, "PRAGMA user_version;")).Single()[0]!);
        // Each article's own word (title length and position) is in both polls; the seqs show both are indexed.
        Assert.Equal(80, (await MatchAsync(connection, "common")).Count);
        Assert.Equal(40, (await MatchAsync(connection, "later*")).Count);
    }

    /// <summary>Articles with words shared at several frequencies (every one, every third, ...), so prefixes and phrases match many.</summary>
    private static ArticleCandidate[] Articles(string outlet, int count, int wordsEach, string prefix = "a") =>
        [.. Enumerable.Range(0, count).Select(i =>
        {
            var url = $"https://o.example/{prefix}{i}";
            var words = Enumerable.Range(0, wordsEach).Select(w => $"w{(w * 7 + i) % (wordsEach + 13)}");
            return new ArticleCandidate
            {
                OutletId = outlet,
                CanonicalUrl = url,
                Link = new Uri(url),
                Title = $"{prefix}{i} t{i % 10} common",
                Content = $"<p>{string.Join(' ', words)} u{i}x{string.Join(' ', words.Take(3))}</p>",
                Published = T0.AddMinutes(-i),
                Topics = ["all"],
            };
        })];

    private static async Task<string> IndexPagesAsync(SqliteConnection connection) =>
        string.Join(",", (await RowsAsync(connection, "SELECT id, hex(block) FROM article_search_data ORDER BY id;")).Select(r => $"{r[0]}:{r[1]}"));

    private static async Task<List<long>> MatchAsync(SqliteConnection connection, string match) =>
        [.. (await RowsAsync(connection, "SELECT rowid FROM article_search WHERE article_search MATCH $m ORDER BY rowid;", ("$m", match))).Select(r => (long)r[0]!)];
}
