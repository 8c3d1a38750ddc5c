using Aggregator.Dedup;
using Aggregator.Normalize;
using Aggregator.Store;
using Aggregator.Store.Sqlite;
using Microsoft.Data.Sqlite;
using static Aggregator.Tests.Store.RawSqlite;

namespace Aggregator.Tests.Store;

/// <summary>
/// Issue 23: a row keeps its link only when it differs from the canonical URL (the link is read through a virtual column),
/// so the usual row no longer holds the same URL twice; a store from before keeps every link as it was, and readers get
/// the same link whichever way it is held.
/// </summary>
public sealed class SqliteLinkStoredOnceTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly TempFolder _folder = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    [Fact]
    public async Task NewArticle_LinkEqualToItsCanonicalUrl_IsStoredOnce_AndReadBackWhole()
    {
        using var store = SqliteStore.InDataFolder(_folder.Path);
        await store.MigrateAsync(CancellationToken.None);

        await store.SavePollAsync(Poll("o",
            Candidate("o", "https://a.example/same", "https://a.example/same", "Same"),
            Candidate("o", "https://a.example/canonical", "https://a.example/canonical?utm_source=feed", "Different")), CancellationToken.None);

        await using (var connection = await ConnectAsync(store))
        {
            var rows = await RowsAsync(connection, "SELECT title, link_stored, link FROM articles ORDER BY title;");
            Assert.Equal(
                [("Different", "https://a.example/canonical?utm_source=feed", "https://a.example/canonical?utm_source=feed"),
                 ("Same", "", "https://a.example/same")],
                rows.Select(r => ((string)r[0]!, (string)r[1]!, (string)r[2]!)));
        }
        var items = await store.GetTopicItemsAsync("all", 10, CancellationToken.None);
        Assert.Equal(
            [("Different", "https://a.example/canonical?utm_source=feed"), ("Same", "https://a.example/same")],
            items.Select(i => (i.Article.Title, i.Article.Link.AbsoluteUri)).Order());
    }

    [Fact]
    public async Task EditedArticle_WhoseLinkNowDiffers_KeepsTheNewLink_AndBackWhenItIsTheUrlAgain()
    {
        using var store = SqliteStore.InDataFolder(_folder.Path);
        await store.MigrateAsync(CancellationToken.None);
        const string url = "https://a.example/story";

        await store.SavePollAsync(Poll("o", Candidate("o", url, url, "Story")), CancellationToken.None);
        var moved = Candidate("o", url, url + "?amp=1", "Story, updated") with { Updated = T0.AddHours(1) };
        await store.SavePollAsync(Poll("o", moved) with { AttemptedAt = T0.AddHours(1) }, CancellationToken.None);
        var afterMove = await LinkColumnsAsync(store);
        var back = Candidate("o", url, url, "Story, updated again") with { Updated = T0.AddHours(2) };
        await store.SavePollAsync(Poll("o", back) with { AttemptedAt = T0.AddHours(2) }, CancellationToken.None);

        Assert.Equal((url + "?amp=1", url + "?amp=1"), afterMove);
        Assert.Equal(("", url), await LinkColumnsAsync(store));
    }

    [Fact]
    public async Task ExistingDatabase_Migrated_KeepsEveryLinkAsStored_AndAStoredEntryIsNotNewAgain()
    {
        using var store = SqliteStore.InDataFolder(_folder.Path);
        // The schema as it was before this step, wherever later steps are appended.
        await store.MigrateAsync([.. SqliteMigrations.Steps.TakeWhile(step => !step.Contains("link_stored", StringComparison.Ordinal))], CancellationToken.None);
        var stored = new[]
        {
            ("a0", "https://old.example/same", "https://old.example/same"),
            ("a1", "https://old.example/canonical", "https://old.example/canonical#comments"),
        };
        await using (var connection = await ConnectAsync(store))
        {
            await ExecuteAsync(connection, "INSERT INTO outlets (id) VALUES ('old');");
            foreach (var (id, url, link) in stored)
            {
                await ExecuteAsync(connection, """
                    INSERT INTO articles (id, outlet_id, source_id, canonical_url, url_key, link, title, content, first_seen, changed_at, sort_time, cluster_id, content_hash)
                    VALUES ($id, 'old', $id, $url, $key, $link, $id, '<p>Text.</p>', 1, 1, 1, $id, 'h');
                    """, ("$id", id), ("$url", url), ("$key", SqliteStore.UrlKey(url)), ("$link", link));
            }
        }

        await store.MigrateAsync(CancellationToken.None);

        await using (var connection = await ConnectAsync(store))
        {
            // No row is rewritten by the upgrade: the old rows hold their whole link, and read it back.
            var rows = await RowsAsync(connection, "SELECT id, canonical_url, link_stored, link FROM articles ORDER BY seq;");
            Assert.Equal(stored.Select(s => (s.Item1, s.Item2, s.Item3, s.Item3)), rows.Select(r => ((string)r[0]!, (string)r[1]!, (string)r[2]!, (string)r[3]!)));
        }
        var again = await store.SavePollAsync(Poll("old", Candidate("old", stored[1].Item2, stored[1].Item3, "a1") with { SourceId = "a1" }), CancellationToken.None);
        Assert.Equal(0, again.New);
    }

    private static ArticleCandidate Candidate(string outlet, string url, string link, string title) => new()
    {
        OutletId = outlet, CanonicalUrl = url, Link = new Uri(link), Title = title, Content = "<p>Text of " + title + ".</p>",
        Published = T0.AddHours(-1), Topics = ["all"],
    };

    private static PollRecord Poll(string outlet, params ArticleCandidate[] articles) => SavedPolls.Poll(outlet, T0, articles);

    private static async Task<(string Stored, string Read)> LinkColumnsAsync(SqliteStore store)
    {
        await using var connection = await ConnectAsync(store);
        var row = (await RowsAsync(connection, "SELECT link_stored, link FROM articles;")).Single();
        return ((string)row[0]!, (string)row[1]!);
    }
}
