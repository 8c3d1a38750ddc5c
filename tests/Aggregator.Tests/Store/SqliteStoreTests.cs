using Aggregator.Model;
using Aggregator.Store;
using Aggregator.Store.Sqlite;
using Microsoft.Data.Sqlite;

namespace Aggregator.Tests.Store;

public sealed class SqliteStoreTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);
    private readonly TempFolder _folder = new();
    private readonly SqliteStore _store;

    public SqliteStoreTests()
    {
        _store = SqliteStore.InDataFolder(_folder.Path);
        _store.MigrateAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    public void Dispose()
    {
        _store.Dispose();
        _folder.Dispose();
    }

    private static ArticleCandidate Candidate(string outlet, string url, string title = "Venezuela: It Was A US-Led Coup All Along",
        string? guid = null, DateTimeOffset? published = null, params string[] topics) => new()
    {
        OutletId = outlet,
        SourceId = guid,
        CanonicalUrl = url,
        Link = new Uri(url),
        Title = title,
        Summary = "<p>Despite a monstrous internationally-coordinated media campaign…</p>",
        Published = published ?? T0.AddHours(-1),
        Topics = topics.Length == 0 ? ["all"] : topics,
    };

    private Task<IngestSummary> Save(string outlet, DateTimeOffset at, params ArticleCandidate[] articles) =>
        _store.SavePollAsync(new PollRecord { OutletId = outlet, AttemptedAt = at, Succeeded = true, StatusCode = 200, Articles = articles },
            CancellationToken.None);

    [Fact]
    public async Task Migrate_CreatesDatabaseInDataFolderInWalMode()
    {
        Assert.True(File.Exists(Path.Combine(_folder.Path, "aggregator.db")));
        await using var connection = new SqliteConnection($"Data Source={_store.DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", (string)(await command.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task Migrate_TwiceIsHarmless()
    {
        await _store.MigrateAsync(CancellationToken.None);
        Assert.True(await _store.PingAsync(CancellationToken.None));
    }

    [Fact]
    public async Task SavePoll_NewArticle_IsCountedAndShownInItsTopic()
    {
        var summary = await Save("pr", T0, Candidate("pr", "https://popularresistance.org/venezuela-coup/", topics: ["all", "venezuela"]));

        Assert.Equal(new IngestSummary(1, 0, 0), summary);
        var items = await _store.GetTopicItemsAsync("venezuela", 50, CancellationToken.None);
        var item = Assert.Single(items);
        Assert.Equal("Venezuela: It Was A US-Led Coup All Along", item.Article.Title);
        Assert.Equal(T0, item.Article.FirstSeen);
        Assert.Empty(await _store.GetTopicItemsAsync("bolivia", 50, CancellationToken.None));
    }

    [Fact]
    public async Task SavePoll_SameEntryAgain_ChangesNothing()
    {
        await Save("pr", T0, Candidate("pr", "https://popularresistance.org/a/"));
        var second = await Save("pr", T0.AddMinutes(30), Candidate("pr", "https://popularresistance.org/a/"));

        Assert.Equal(new IngestSummary(0, 0, 1), second);
    }

    [Fact]
    public async Task SavePoll_SameGuidWithNewTitle_UpdatesInPlaceKeepingId()
    {
        await Save("pr", T0, Candidate("pr", "https://popularresistance.org/a/", guid: "post-1"));
        var before = Assert.Single(await _store.GetTopicItemsAsync("all", 50, CancellationToken.None)).Article;

        var summary = await Save("pr", T0.AddHours(1), Candidate("pr", "https://popularresistance.org/a-renamed/", "A New Title", guid: "post-1"));

        Assert.Equal(new IngestSummary(0, 1, 0), summary);
        var after = Assert.Single(await _store.GetTopicItemsAsync("all", 50, CancellationToken.None)).Article;
        Assert.Equal(before.Id, after.Id);
        Assert.Equal(before.FirstSeen, after.FirstSeen);
        Assert.Equal("A New Title", after.Title);
    }

    [Fact]
    public async Task SavePoll_NoGuidSameCanonicalUrl_IsTheSameArticle()
    {
        await Save("pr", T0, Candidate("pr", "https://popularresistance.org/a/"));
        var summary = await Save("pr", T0.AddHours(1), Candidate("pr", "https://popularresistance.org/a/", "Edited title"));

        Assert.Equal(new IngestSummary(0, 1, 0), summary);
        Assert.Single(await _store.GetTopicItemsAsync("all", 50, CancellationToken.None));
    }

    [Fact]
    public async Task TopicItems_SameUrlFromTwoOutlets_ShowsFirstSeenCopyOnceNamingTheOther()
    {
        await Save("pr", T0, Candidate("pr", "https://venezuelanalysis.com/news/1"));
        await Save("va", T0.AddMinutes(5), Candidate("va", "https://venezuelanalysis.com/news/1"));

        var item = Assert.Single(await _store.GetTopicItemsAsync("all", 50, CancellationToken.None));
        Assert.Equal("pr", item.Article.OutletId);
        var copy = Assert.Single(item.Copies);
        Assert.Equal("va", copy.OutletId);
    }

    [Fact]
    public async Task TopicItems_DuplicateWhoseFirstCopyIsOutsideTheTopic_StillShowsInTheTopic()
    {
        await Save("pr", T0, Candidate("pr", "https://example.org/story", topics: ["all"]));
        await Save("va", T0.AddMinutes(5), Candidate("va", "https://example.org/story", topics: ["all", "venezuela"]));

        var item = Assert.Single(await _store.GetTopicItemsAsync("venezuela", 50, CancellationToken.None));
        Assert.Equal("va", item.Article.OutletId);
    }

    [Fact]
    public async Task TopicItems_NewestFirstByPublishedThenFirstSeen_AndLimited()
    {
        await Save("pr", T0,
            Candidate("pr", "https://p.org/old", "Old", published: T0.AddDays(-2)),
            Candidate("pr", "https://p.org/new", "New", published: T0.AddHours(-1)),
            Candidate("pr", "https://p.org/mid", "Mid", published: T0.AddDays(-1)));

        var titles = (await _store.GetTopicItemsAsync("all", 2, CancellationToken.None)).Select(i => i.Article.Title);
        Assert.Equal(["New", "Mid"], titles);
    }

    [Fact]
    public async Task SavePoll_Failure_KeepsArticlesAndValidatorsAndCountsFailures()
    {
        await _store.SavePollAsync(new PollRecord
        {
            OutletId = "pr", AttemptedAt = T0, Succeeded = true, StatusCode = 200, ETag = "\"v1\"", LastModified = "Mon, 23 Nov 2026 07:00:00 GMT",
            Articles = [Candidate("pr", "https://p.org/a")],
        }, CancellationToken.None);
        for (var i = 1; i <= 2; i++)
        {
            await _store.SavePollAsync(new PollRecord
            {
                OutletId = "pr", AttemptedAt = T0.AddMinutes(i), Succeeded = false, StatusCode = 500, Error = "fetch: server error (500 status code)",
            }, CancellationToken.None);
        }

        var health = (await _store.GetOutletAsync("pr", CancellationToken.None))!;
        Assert.Equal(2, health.ConsecutiveFailures);
        Assert.Equal("\"v1\"", health.ETag);
        Assert.Equal(T0, health.LastSuccess);
        Assert.Equal(T0.AddMinutes(2), health.LastAttempt);
        Assert.Equal("fetch: server error (500 status code)", health.LastError);
        Assert.Equal(1, health.ItemCount);
    }

    [Fact]
    public async Task SavePoll_SuccessAfterFailures_ResetsTheCount()
    {
        await _store.SavePollAsync(new PollRecord { OutletId = "pr", AttemptedAt = T0, Succeeded = false, Error = "x" }, CancellationToken.None);
        await Save("pr", T0.AddMinutes(1));

        var health = (await _store.GetOutletAsync("pr", CancellationToken.None))!;
        Assert.Equal(0, health.ConsecutiveFailures);
        Assert.Null(health.LastError);
    }

    [Fact]
    public async Task Articles_SurviveReopeningTheDatabase()
    {
        await Save("pr", T0, Candidate("pr", "https://p.org/a"));
        var id = Assert.Single(await _store.GetTopicItemsAsync("all", 50, CancellationToken.None)).Article.Id;

        using var reopened = SqliteStore.InDataFolder(_folder.Path);
        await reopened.MigrateAsync(CancellationToken.None);
        Assert.Equal(id, Assert.Single(await reopened.GetTopicItemsAsync("all", 50, CancellationToken.None)).Article.Id);
    }

    [Fact]
    public async Task RebuildTopics_AppliesNewRulesToStoredArticles()
    {
        await Save("pr", T0, Candidate("pr", "https://p.org/bolivia", "How The Bolivian People Defeated The Coup"));

        await _store.RebuildTopicsAsync(a => a.Title.Contains("Bolivia", StringComparison.Ordinal) ? ["all", "bolivia"] : ["all"], CancellationToken.None);

        Assert.Single(await _store.GetTopicItemsAsync("bolivia", 50, CancellationToken.None));
    }

    [Fact]
    public async Task Settings_RoundTrip()
    {
        await _store.SetSettingAsync("topics-hash", "abc", CancellationToken.None);
        await _store.SetSettingAsync("topics-hash", "def", CancellationToken.None);
        Assert.Equal("def", await _store.GetSettingAsync("topics-hash", CancellationToken.None));
    }

    [Fact]
    public async Task Categories_AndEnclosures_RoundTrip()
    {
        await Save("pr", T0, Candidate("pr", "https://p.org/a") with
        {
            Categories = ["Coups", "Venezuela"],
            Enclosures = [new Enclosure(new Uri("https://p.org/a.mp3"), "audio/mpeg", 1234)],
        });
        var article = Assert.Single(await _store.GetTopicItemsAsync("all", 50, CancellationToken.None)).Article;
        Assert.Equal(["Coups", "Venezuela"], article.Categories);
        Assert.Equal(new Enclosure(new Uri("https://p.org/a.mp3"), "audio/mpeg", 1234), Assert.Single(article.Enclosures));
    }

    [Fact]
    public async Task TopicPages_WalkBackAndForth_CoverEveryArticleOnceInOrder()
    {
        var candidates = Enumerable.Range(0, 7)
            .Select(i => Candidate("pr", $"https://p.org/{i}", $"Article {i}", published: T0.AddHours(-i)))
            .ToArray();
        await Save("pr", T0, candidates);

        var titles = new List<string>();
        var page = await _store.GetTopicPageAsync("all", new TopicPageRequest(3), CancellationToken.None);
        Assert.Null(page.Newer);
        var pages = new List<TopicPage> { page };
        while (page.Older is { } older)
        {
            page = await _store.GetTopicPageAsync("all", new TopicPageRequest(3, Before: older), CancellationToken.None);
            pages.Add(page);
        }
        titles.AddRange(pages.SelectMany(p => p.Items.Select(i => i.Article.Title)));
        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"Article {i}"), titles);
        Assert.Equal([3, 3, 1], pages.Select(p => p.Items.Count));

        // From the last page, "newer" leads back to the page before it.
        var back = await _store.GetTopicPageAsync("all", new TopicPageRequest(3, After: pages[^1].Newer), CancellationToken.None);
        Assert.Equal(["Article 3", "Article 4", "Article 5"], back.Items.Select(i => i.Article.Title));
        Assert.NotNull(back.Newer);
        Assert.NotNull(back.Older);
    }

    [Fact]
    public void TopicCursor_RoundTripsAndRefusesWhatItDidNotMake()
    {
        var cursor = new TopicCursor(1732960000000, 42);
        Assert.True(TopicCursor.TryParse(cursor.Encode(), out var parsed));
        Assert.Equal(cursor, parsed);
        foreach (var bad in new[] { "", "abc", "!!!", new string('A', 200), "MTIz", "LTEuLTE" })
        {
            Assert.False(TopicCursor.TryParse(bad, out _), bad);
        }
    }
}
