using Aggregator.Dedup;
using Aggregator.Normalize;
using Aggregator.Store;
using Aggregator.Store.Sqlite;
using Microsoft.Data.Sqlite;
using static Aggregator.Tests.Store.RawSqlite;

namespace Aggregator.Tests.Store;

/// <summary>
/// Issue 23: SQLite's URL index holds each URL's 64-bit key instead of the URL, so the random-order entry written for
/// every article is a fraction of the size; a store from before is keyed by its migration, nothing lost, and every
/// lookup by URL still finds what it found.
/// </summary>
public sealed class SqliteUrlKeyTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly TempFolder _folder = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    [Fact]
    public async Task ExistingDatabase_Migrated_KeysEveryUrl_AndAnotherOutletsCopyJoinsByIt()
    {
        using var store = SqliteStore.InDataFolder(_folder.Path);
        // The schema as it was before this step, wherever later steps are appended.
        await store.MigrateAsync([.. SqliteMigrations.Steps.TakeWhile(step => !step.Contains("url_key", StringComparison.Ordinal))], CancellationToken.None);
        var urls = new[] { "https://old.example/ports", "https://old.example/%C3%A9t%C3%A9?q=1", "https://old.example/" + new string('x', 3000) };
        await using (var connection = await ConnectAsync(store))
        {
            await ExecuteAsync(connection, "INSERT INTO outlets (id) VALUES ('old');");
            for (var i = 0; i < urls.Length; i++)
            {
                await ExecuteAsync(connection, """
                    INSERT INTO articles (id, outlet_id, canonical_url, link, title, content, first_seen, changed_at, sort_time, cluster_id, content_hash)
                    VALUES ($id, 'old', $url, $url, $title, '<p>Text.</p>', 1, 1, 1, $id, 'h');
                    """, ("$id", $"a{i}"), ("$url", urls[i]), ("$title", $"Title {i}"));
            }
        }

        await store.MigrateAsync(CancellationToken.None);

        await using (var connection = await ConnectAsync(store))
        {
            var rows = await RowsAsync(connection, "SELECT canonical_url, url_key, title FROM articles ORDER BY seq;");
            Assert.Equal(urls, rows.Select(r => (string)r[0]!));
            Assert.Equal(urls.Select(SqliteStore.UrlKey), rows.Select(r => (long)r[1]!));
            Assert.Equal(["Title 0", "Title 1", "Title 2"], rows.Select(r => (string)r[2]!));
            var indexes = (await RowsAsync(connection, "SELECT name FROM pragma_index_list('articles');")).Select(r => (string)r[0]!).ToList();
            Assert.Contains("ix_articles_url_key", indexes);
            Assert.DoesNotContain("ix_articles_url", indexes);
        }

        // The ingest, end to end: another outlet's article under a stored URL joins that article's cluster by the URL,
        // and the old outlet's own article under it is recognised as the one stored, not stored again.
        var copy = await store.SavePollAsync(Poll("new", urls[1], "Another text entirely"), CancellationToken.None);
        var again = await store.SavePollAsync(Poll("old", urls[2], "Title 2"), CancellationToken.None);
        Assert.Equal(1, copy.Deduplicated);
        Assert.Equal(0, again.New);
        await using (var connection = await ConnectAsync(store))
        {
            var joined = await RowsAsync(connection, "SELECT cluster_id, url_key FROM articles WHERE outlet_id = 'new';");
            Assert.Equal("a1", (string?)joined.Single()[0]);
            Assert.Equal(SqliteStore.UrlKey(urls[1]), (long?)joined.Single()[1]);
            Assert.Equal(3L, (long)(await RowsAsync(connection, "SELECT COUNT(*) FROM articles WHERE outlet_id = 'old';")).Single()[0]!);
        }
    }

    [Fact]
    public async Task TheSameUrlFromAnotherOutlet_IsLookedUpByTheUrlKeyIndex()
    {
        using var store = SqliteStore.InDataFolder(_folder.Path);
        await store.MigrateAsync(CancellationToken.None);
        await using var connection = await ConnectAsync(store);

        var plan = (await RowsAsync(connection, "EXPLAIN QUERY PLAN " + SqliteStore.SameUrlSql, ("@url_key", 42L), ("@url", "https://a.example/"),
            ("@outlet", "o"))).Select(r => (string)r[3]!).ToList();

        Assert.Contains(plan, step => step.Contains("ix_articles_url_key (url_key=?)", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.StartsWith("SCAN articles", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }

    private static PollRecord Poll(string outlet, string url, string title) => new()
    {
        OutletId = outlet,
        AttemptedAt = T0,
        Succeeded = true,
        StatusCode = 200,
        Articles = [new ArticleCandidate
        {
            OutletId = outlet, CanonicalUrl = url, Link = new Uri(url), Title = title, Content = "<p>Text.</p>",
            Published = T0.AddHours(-1), Topics = ["all"],
        }],
        Duplicates = DuplicatePolicy.Default,
    };
}
