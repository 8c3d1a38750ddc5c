using Aggregator.Model;
using Aggregator.Normalize;
using Aggregator.Store;
using Aggregator.Store.Sqlite;
using Aggregator.Topics;
using Microsoft.Data.Sqlite;
using static Aggregator.Tests.Store.RawSqlite;
using static Aggregator.Tests.Store.SavedPolls;

namespace Aggregator.Tests.Store;

/// <summary>
/// Issue 23: a poll's new articles are counted in the poll log by one statement after the poll, not by a trigger that
/// rewrote the poll's log row once per inserted article; the article insert reads its seq from the connection instead of
/// RETURNING. A database of the previous version keeps its rows, search hits, topic memberships and counts.
/// </summary>
public sealed class SqlitePollLogCountTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly TempFolder _folder = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    [Fact]
    public async Task StoreFromBefore_Migrated_KeepsItsRowsAndCounts_AndCountsLaterPollsOnce()
    {
        using var store = SqliteStore.InDataFolder(_folder.Path);
        await store.MigrateAsync([.. SqliteMigrations.Steps.TakeWhile(step => !step.Contains("DROP TRIGGER IF EXISTS poll_log_new_article;", StringComparison.Ordinal))], CancellationToken.None);
        Assert.Equal(["poll_log_new_article"], await TriggersAsync(store, "poll_log_new_article"));
        await SaveAsync(store, "pr", T0,
            Candidate("pr", "https://pr.example/a", "Harbour cranes return", T0.AddMinutes(-5), "all", "port"),
            Candidate("pr", "https://pr.example/b", "Council budget approved", T0.AddMinutes(-4), "all"));
        await SaveAsync(store, "va", T0.AddMinutes(1),
            Candidate("va", "https://va.example/c", "Harbour strike ends", T0.AddMinutes(-3), "all", "port"));
        await SaveAsync(store, "pr", T0.AddMinutes(2));
        // On this schema today's ingest counts twice (the old trigger and its own statement); the log is set to what the
        // previous version's trigger alone wrote: a poll's articles first seen at its time.
        await using (var connection = await ConnectAsync(store))
        {
            await ExecuteAsync(connection, """
                UPDATE poll_log SET new_articles =
                    (SELECT count(*) FROM articles a WHERE a.outlet_id = poll_log.outlet_id AND a.first_seen = poll_log.at);
                """);
        }
        var logBefore = await PollLogAsync(store);
        Assert.Equal(["pr@0=2", "va@1=1", "pr@2=0"], logBefore);
        var pagesBefore = await PagesAsync(store, ["all", "port"], 2);
        var harbourBefore = await TitlesAsync(store, "harbour");

        await store.MigrateAsync(CancellationToken.None);

        Assert.Empty(await TriggersAsync(store, "poll_log_new_article"));
        Assert.Equal(logBefore, await PollLogAsync(store));
        Assert.Equal(pagesBefore, await PagesAsync(store, ["all", "port"], 2));
        Assert.Equal(["Harbour strike ends", "Harbour cranes return"], harbourBefore);
        Assert.Equal(harbourBefore, await TitlesAsync(store, "harbour"));

        // After the migration each poll's new articles are counted once, an unchanged poll's none.
        var later = await SaveAsync(store, "va", T0.AddMinutes(3),
            Candidate("va", "https://va.example/c", "Harbour strike ends", T0.AddMinutes(-3), "all", "port"),
            Candidate("va", "https://va.example/d", "Harbour dredging starts", T0.AddMinutes(2), "all", "port"),
            Candidate("va", "https://va.example/e", "Ferry timetable changes", T0.AddMinutes(2), "all"));
        Assert.Equal(2, later.New);
        await SaveAsync(store, "pr", T0.AddMinutes(4), Candidate("pr", "https://pr.example/a", "Harbour cranes return", T0.AddMinutes(-5), "all", "port"));
        Assert.Equal(["pr@0=2", "va@1=1", "pr@2=0", "va@3=2", "pr@4=0"], await PollLogAsync(store));
        Assert.Equal(["Harbour dredging starts", "Harbour strike ends", "Harbour cranes return"], await TitlesAsync(store, "harbour"));
    }

    [Fact]
    public async Task PollsStoredTogether_EachCountsItsOwnArticles_AndEachArticleKeepsItsSeq()
    {
        using var store = SqliteStore.InDataFolder(_folder.Path);
        await store.MigrateAsync(CancellationToken.None);
        // A first poll of every outlet makes its log row; then many polls at once, which the writer groups into commits.
        var outlets = Enumerable.Range(0, 12).Select(i => $"o{i:D2}").ToList();
        foreach (var outlet in outlets)
        {
            await SaveAsync(store, outlet, T0);
        }
        var polls = outlets.Select((outlet, i) => store.SavePollAsync(Poll(outlet, T0.AddMinutes(1),
            // Titles of different lengths per outlet, so no two texts are alike (SavedPolls.Candidate's words follow them).
            [.. Enumerable.Range(0, i % 4).Select(j => Candidate(outlet, $"https://{outlet}.example/{j}", $"Story {j} of {outlet} {new string('x', i + 1)}", T0.AddSeconds(j), "all"))]),
            CancellationToken.None)).ToList();
        var summaries = await Task.WhenAll(polls);

        Assert.Equal(outlets.Select((_, i) => i % 4), summaries.Select(s => s.New));
        var log = await PollLogAsync(store);
        Assert.Equal(outlets.Select(o => $"{o}@0=0"), log.Where(l => l.Contains("@0=", StringComparison.Ordinal)));
        Assert.Equal(outlets.Select((o, i) => $"{o}@1={i % 4}"), log.Where(l => l.Contains("@1=", StringComparison.Ordinal)));
        // Every membership and search entry points at its own article's row: the seq each insert took.
        await using var connection = await ConnectAsync(store);
        var mismatched = await RowsAsync(connection, """
            SELECT a.seq FROM articles a
            WHERE NOT EXISTS (SELECT 1 FROM topic_members m WHERE m.article_seq = a.seq)
               OR (SELECT count(*) FROM article_search s WHERE s.rowid = a.seq) <> 1;
            """);
        Assert.Empty(mismatched);
        var items = await store.GetTopicItemsAsync(TopicDefinition.AllId, 100, CancellationToken.None);
        Assert.Equal(summaries.Sum(s => s.New), items.Count);
        foreach (var item in items)
        {
            var outlet = item.Article.OutletId;
            Assert.Contains($" of {outlet} ", item.Article.Title, StringComparison.Ordinal);
            Assert.Equal(item.Article.Title, (await TitlesAsync(store, $"\"{item.Article.Title.ToLowerInvariant()}\"")).Single());
        }
    }

    /// <summary>The log as "outlet@minutes after T0=new articles", in time order.</summary>
    private static async Task<List<string>> PollLogAsync(SqliteStore store)
    {
        await using var connection = await ConnectAsync(store);
        var rows = await RowsAsync(connection, "SELECT outlet_id, at, new_articles FROM poll_log ORDER BY at, outlet_id;");
        return rows.Select(r => $"{r[0]}@{((long)r[1]! - T0.ToUnixTimeMilliseconds()) / 60_000}={r[2]}").ToList();
    }

    private static async Task<List<string>> TriggersAsync(SqliteStore store, string name)
    {
        await using var connection = await ConnectAsync(store);
        var rows = await RowsAsync(connection, "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name = $name;", ("$name", name));
        return rows.Select(r => (string)r[0]!).ToList();
    }

    private static async Task<List<string>> TitlesAsync(SqliteStore store, string text)
    {
        var criteria = (SearchQuery.TryParse(text, out var problem) ?? throw new InvalidOperationException(problem)).Criteria;
        var page = await store.SearchAsync(TopicDefinition.AllId, criteria, new TopicPageRequest(50), CancellationToken.None);
        return page.Items.Select(i => i.Article.Title).ToList();
    }
}
