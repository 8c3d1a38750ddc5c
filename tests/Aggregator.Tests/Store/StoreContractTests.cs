using Aggregator.Dedup;
using Aggregator.Model;
using Aggregator.Normalize;
using Aggregator.Store;

namespace Aggregator.Tests.Store;

/// <summary>
/// What every store provider must do, run once per provider (SqliteStoreTests, PostgresStoreTests).
/// Each test gets a fresh, migrated store; <see cref="ReopenAsync"/> is a second handle on the same data.
/// </summary>
public abstract partial class StoreContractTests : IAsyncLifetime
{
    protected static readonly DateTimeOffset T0 = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);
    private readonly List<IAggregatorStore> _opened = [];
    private IAggregatorStore? _store;

    protected IAggregatorStore Store => _store ?? throw new InvalidOperationException("not initialized");

    /// <summary>Creates the provider's empty storage (a folder, a database) and the first handle on it.</summary>
    protected abstract Task<IAggregatorStore> CreateAsync();

    /// <summary>Another handle on the same storage, as a restarted worker (or a second worker) would open it.</summary>
    protected abstract IAggregatorStore Open();

    /// <summary>How many migration steps this program has for the provider.</summary>
    protected abstract int ProgramSteps { get; }

    /// <summary>The schema version the storage records.</summary>
    protected abstract Task<int> SchemaVersionAsync();

    /// <summary>Records a schema version, as a newer program would have left it.</summary>
    protected abstract Task SetSchemaVersionAsync(int version);

    /// <summary>Migrates with the program's steps followed by <paramref name="extraSteps"/>.</summary>
    protected abstract Task MigrateWithAsync(params string[] extraSteps);

    /// <summary>What names the storage in messages: the file, or host:port/database.</summary>
    protected abstract string Location { get; }

    protected async Task<IAggregatorStore> ReopenAsync()
    {
        var store = Open();
        _opened.Add(store);
        await store.MigrateAsync(CancellationToken.None);
        return store;
    }

    public async Task InitializeAsync()
    {
        _store = await CreateAsync();
        _opened.Add(_store);
        await _store.MigrateAsync(CancellationToken.None);
    }

    public virtual Task DisposeAsync()
    {
        foreach (var store in _opened)
        {
            (store as IDisposable)?.Dispose();
        }
        return Task.CompletedTask;
    }

    protected static ArticleCandidate Candidate(string outlet, string url, string title = "Venezuela: It Was A US-Led Coup All Along",
        string? sourceId = null, DateTimeOffset? published = null, params string[] topics) => new()
    {
        OutletId = outlet,
        SourceId = sourceId,
        CanonicalUrl = url,
        Link = new Uri(url),
        Title = title,
        Summary = "<p>Despite a monstrous internationally-coordinated media campaign…</p>",
        Published = published ?? T0.AddHours(-1),
        Topics = topics.Length == 0 ? ["all"] : topics,
    };

    protected Task<IngestSummary> Save(string outlet, DateTimeOffset at, params ArticleCandidate[] articles) =>
        Store.SavePollAsync(new PollRecord { OutletId = outlet, AttemptedAt = at, Succeeded = true, StatusCode = 200, Articles = articles },
            CancellationToken.None);

    [Fact]
    public async Task Migrate_TwiceIsHarmless()
    {
        await Store.MigrateAsync(CancellationToken.None);
        Assert.True(await Store.PingAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Migrate_SchemaNewerThanTheProgram_IsRefusedInOneLineNamingTheDatabaseAndBothVersions()
    {
        await SetSchemaVersionAsync(ProgramSteps + 5);

        var newer = Open();
        StoreException error;
        try
        {
            error = await Assert.ThrowsAsync<StoreException>(() => newer.MigrateAsync(CancellationToken.None));
        }
        finally
        {
            (newer as IDisposable)?.Dispose();
        }

        Assert.Equal($"store: database schema version {ProgramSteps + 5} at {Location} is newer than this program knows ({ProgramSteps}); refusing to touch it",
            error.Message);
        Assert.Equal(ProgramSteps + 5, await SchemaVersionAsync());
    }

    [Fact]
    public async Task Migrate_StepThatFails_KeepsTheStepsBeforeIt_EachInItsOwnTransaction()
    {
        var error = await Assert.ThrowsAsync<StoreException>(() => MigrateWithAsync(
            "CREATE TABLE migration_probe (x integer);",
            "INSERT INTO migration_probe (x) VALUES (1); SELECT missing_column FROM migration_probe;"));

        Assert.StartsWith("store: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Equal(ProgramSteps + 1, await SchemaVersionAsync());
    }

    [Fact]
    public async Task SavePoll_NewArticle_IsCountedAndShownInItsTopic()
    {
        var summary = await Save("pr", T0, Candidate("pr", "https://popularresistance.org/venezuela-coup/", topics: ["all", "venezuela"]));

        Assert.Equal(new IngestSummary(1, 0, 0), summary);
        var items = await Store.GetTopicItemsAsync("venezuela", 50, CancellationToken.None);
        var item = Assert.Single(items);
        Assert.Equal("Venezuela: It Was A US-Led Coup All Along", item.Article.Title);
        Assert.Equal(T0, item.Article.FirstSeen);
        Assert.Empty(await Store.GetTopicItemsAsync("bolivia", 50, CancellationToken.None));
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
        await Save("pr", T0, Candidate("pr", "https://popularresistance.org/a/", sourceId: "post-1"));
        var before = Assert.Single(await Store.GetTopicItemsAsync("all", 50, CancellationToken.None)).Article;

        var summary = await Save("pr", T0.AddHours(1), Candidate("pr", "https://popularresistance.org/a-renamed/", "A New Title", sourceId: "post-1"));

        Assert.Equal(new IngestSummary(0, 1, 0), summary);
        var after = Assert.Single(await Store.GetTopicItemsAsync("all", 50, CancellationToken.None)).Article;
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
        Assert.Single(await Store.GetTopicItemsAsync("all", 50, CancellationToken.None));
    }

    [Fact]
    public async Task TopicItems_SameUrlFromTwoOutlets_ShowsFirstSeenCopyOnceNamingTheOther()
    {
        await Save("pr", T0, Candidate("pr", "https://venezuelanalysis.com/news/1"));
        await Save("va", T0.AddMinutes(5), Candidate("va", "https://venezuelanalysis.com/news/1"));

        var item = Assert.Single(await Store.GetTopicItemsAsync("all", 50, CancellationToken.None));
        Assert.Equal("pr", item.Article.OutletId);
        var copy = Assert.Single(item.Copies);
        Assert.Equal("va", copy.OutletId);
    }

    [Fact]
    public async Task TopicItems_DuplicateWhoseFirstCopyIsOutsideTheTopic_StillShowsInTheTopic()
    {
        await Save("pr", T0, Candidate("pr", "https://example.org/story", topics: ["all"]));
        await Save("va", T0.AddMinutes(5), Candidate("va", "https://example.org/story", topics: ["all", "venezuela"]));

        var item = Assert.Single(await Store.GetTopicItemsAsync("venezuela", 50, CancellationToken.None));
        Assert.Equal("va", item.Article.OutletId);
    }

    [Fact]
    public async Task TopicItems_NewestFirstByPublishedThenFirstSeen_AndLimited()
    {
        await Save("pr", T0,
            Candidate("pr", "https://p.org/old", "Old", published: T0.AddDays(-2)),
            Candidate("pr", "https://p.org/new", "New", published: T0.AddHours(-1)),
            Candidate("pr", "https://p.org/mid", "Mid", published: T0.AddDays(-1)));

        var titles = (await Store.GetTopicItemsAsync("all", 2, CancellationToken.None)).Select(i => i.Article.Title);
        Assert.Equal(["New", "Mid"], titles);
    }

    [Fact]
    public async Task SavePoll_Failure_KeepsArticlesAndValidatorsAndCountsFailures()
    {
        await Store.SavePollAsync(new PollRecord
        {
            OutletId = "pr", AttemptedAt = T0, Succeeded = true, StatusCode = 200, ETag = "\"v1\"", LastModified = "Mon, 23 Nov 2026 07:00:00 GMT",
            Articles = [Candidate("pr", "https://p.org/a")],
        }, CancellationToken.None);
        for (var i = 1; i <= 2; i++)
        {
            await Store.SavePollAsync(new PollRecord
            {
                OutletId = "pr", AttemptedAt = T0.AddMinutes(i), Succeeded = false, StatusCode = 500, Error = "fetch: server error (500 status code)",
            }, CancellationToken.None);
        }

        var health = (await Store.GetOutletAsync("pr", CancellationToken.None))!;
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
        await Store.SavePollAsync(new PollRecord { OutletId = "pr", AttemptedAt = T0, Succeeded = false, Error = "x" }, CancellationToken.None);
        await Save("pr", T0.AddMinutes(1));

        var health = (await Store.GetOutletAsync("pr", CancellationToken.None))!;
        Assert.Equal(0, health.ConsecutiveFailures);
        Assert.Null(health.LastError);
    }

    [Fact]
    public async Task Articles_SurviveReopeningTheDatabase()
    {
        await Save("pr", T0, Candidate("pr", "https://p.org/a"));
        var id = Assert.Single(await Store.GetTopicItemsAsync("all", 50, CancellationToken.None)).Article.Id;

        var reopened = await ReopenAsync();
        Assert.Equal(id, Assert.Single(await reopened.GetTopicItemsAsync("all", 50, CancellationToken.None)).Article.Id);
    }

    [Fact]
    public async Task RebuildTopics_AppliesNewRulesToStoredArticles()
    {
        await Save("pr", T0, Candidate("pr", "https://p.org/bolivia", "How The Bolivian People Defeated The Coup"));

        await Store.RebuildTopicsAsync(a => a.Title.Contains("Bolivia", StringComparison.Ordinal) ? ["all", "bolivia"] : ["all"], CancellationToken.None);

        Assert.Single(await Store.GetTopicItemsAsync("bolivia", 50, CancellationToken.None));
    }

    [Fact]
    public async Task Settings_RoundTrip()
    {
        await Store.SetSettingAsync("topics-hash", "abc", CancellationToken.None);
        await Store.SetSettingAsync("topics-hash", "def", CancellationToken.None);
        Assert.Equal("def", await Store.GetSettingAsync("topics-hash", CancellationToken.None));
    }

    [Fact]
    public async Task Settings_ByPrefix_AreReadInOneQuery_AndNoOtherKeyOrCaseMatches()
    {
        foreach (var (key, value) in new[]
        {
            ("poll-hold:a", "1"), ("poll-hold:b-c", "2"), ("poll-hold;next", "x"), ("poll-hold", "x"), ("POLL-HOLD:a", "x"),
            ("poll-hold_a", "x"), ("poll-holds:a", "x"), ("entries:a", "x"),
        })
        {
            await Store.SetSettingAsync(key, value, CancellationToken.None);
        }

        var holds = await Store.GetSettingsAsync("poll-hold:", CancellationToken.None);

        Assert.Equal(new Dictionary<string, string> { ["poll-hold:a"] = "1", ["poll-hold:b-c"] = "2" }, holds);
        Assert.Empty(await Store.GetSettingsAsync("no-such:", CancellationToken.None));
    }

    [Fact]
    public async Task SavePoll_StoresItsSettingsWithItsArticles()
    {
        await Store.SavePollAsync(new PollRecord
        {
            OutletId = "pr", AttemptedAt = T0, Succeeded = true, StatusCode = 200, Articles = [Candidate("pr", "https://p.org/a")],
            Settings = new Dictionary<string, string> { ["entries:pr"] = "[\"f1\"]" },
        }, CancellationToken.None);

        Assert.Equal("[\"f1\"]", await Store.GetSettingAsync("entries:pr", CancellationToken.None));
        Assert.Single(await Store.GetTopicItemsAsync("all", 50, CancellationToken.None));
    }

    [Fact]
    public async Task Categories_AndEnclosures_RoundTrip()
    {
        await Save("pr", T0, Candidate("pr", "https://p.org/a") with
        {
            Categories = ["Coups", "Venezuela"],
            Enclosures = [new Enclosure(new Uri("https://p.org/a.mp3"), "audio/mpeg", 1234)],
        });
        var article = Assert.Single(await Store.GetTopicItemsAsync("all", 50, CancellationToken.None)).Article;
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
        var page = await Store.GetTopicPageAsync("all", new TopicPageRequest(3), CancellationToken.None);
        Assert.Null(page.Newer);
        var pages = new List<TopicPage> { page };
        while (page.Older is { } older)
        {
            page = await Store.GetTopicPageAsync("all", new TopicPageRequest(3, Before: older), CancellationToken.None);
            pages.Add(page);
        }
        titles.AddRange(pages.SelectMany(p => p.Items.Select(i => i.Article.Title)));
        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"Article {i}"), titles);
        Assert.Equal([3, 3, 1], pages.Select(p => p.Items.Count));

        // From the last page, "newer" leads back to the page before it.
        var back = await Store.GetTopicPageAsync("all", new TopicPageRequest(3, After: pages[^1].Newer), CancellationToken.None);
        Assert.Equal(["Article 3", "Article 4", "Article 5"], back.Items.Select(i => i.Article.Title));
        Assert.NotNull(back.Newer);
        Assert.NotNull(back.Older);
    }

    private const string StoryBody = """
        <p>The coup attempt in Bolivia was planned for months by the same people who now claim to restore
        democracy, according to documents published this week by a group of independent journalists who
        followed the money from foreign foundations to the police units that mutinied in the capital and in
        three other cities before the president was forced to leave the country.</p>
        """;

    [Fact]
    public async Task SavePoll_SameStoryTextFromAnotherOutlet_JoinsTheFirstCopysClusterAndExplainsWhy()
    {
        var first = Candidate("pr", "https://popularresistance.org/bolivia-coup/", "How the coup in Bolivia was planned") with { Summary = StoryBody };
        var copy = Candidate("va", "https://venezuelanalysis.com/bolivia-coup-planned", "How the coup in Bolivia was planned") with { Summary = StoryBody };
        await Store.SavePollAsync(new PollRecord { OutletId = "pr", AttemptedAt = T0, Succeeded = true, Articles = [first], Duplicates = DuplicatePolicy.Default }, CancellationToken.None);
        var summary = await Store.SavePollAsync(new PollRecord { OutletId = "va", AttemptedAt = T0.AddMinutes(3), Succeeded = true, Articles = [copy], Duplicates = DuplicatePolicy.Default }, CancellationToken.None);

        Assert.Equal(new IngestSummary(1, 0, 0, 1), summary);
        var item = Assert.Single(await Store.GetTopicItemsAsync("all", 50, CancellationToken.None));
        Assert.Equal("pr", item.Article.OutletId);
        Assert.Equal("va", Assert.Single(item.Copies).OutletId);
        var cluster = await Store.GetClusterAsync(item.Article.Id, CancellationToken.None);
        Assert.Equal(["pr", "va"], cluster.Select(m => m.OutletId));
        Assert.True(cluster[0].Shown);
        Assert.Equal(item.Article.Id, cluster[1].DuplicateOf);
        Assert.NotNull(cluster[1].Reason);
    }

    [Fact]
    public async Task SavePoll_SameGuidTwiceInOneFeed_IsOneArticle()
    {
        var summary = await Save("pr", T0,
            Candidate("pr", "https://p.org/a", sourceId: "post-1"),
            Candidate("pr", "https://p.org/a?utm=x", sourceId: "post-1"));

        Assert.Equal(1, summary.New);
        Assert.Single(await Store.GetTopicItemsAsync("all", 50, CancellationToken.None));
    }

    [Fact]
    public async Task SavePoll_EditedEntryTwiceInOneFeed_IsOneUpdate()
    {
        await Save("pr", T0, Candidate("pr", "https://p.org/a", sourceId: "post-1"), Candidate("pr", "https://p.org/b"));
        var editedByGuid = Candidate("pr", "https://p.org/a", "A New Title", sourceId: "post-1");
        var editedByUrl = Candidate("pr", "https://p.org/b", "Another New Title");

        var summary = await Save("pr", T0.AddHours(1), editedByGuid, editedByUrl, editedByGuid, editedByUrl);

        Assert.Equal(new IngestSummary(0, 2, 2), summary);
        Assert.Equal(["A New Title", "Another New Title"],
            (await Store.GetTopicItemsAsync("all", 50, CancellationToken.None)).Select(i => i.Article.Title).Order());
    }

    [Fact]
    public async Task Unknown_NamesOnlyTheCandidatesNotStoredYet()
    {
        var stored = Candidate("pr", "https://p.org/a", sourceId: "post-1");
        await Save("pr", T0, stored);
        var sameGuidNewUrl = Candidate("pr", "https://p.org/moved", sourceId: "post-1");
        var sameUrlNoGuid = Candidate("pr", "https://p.org/a");
        var fresh = Candidate("pr", "https://p.org/b", sourceId: "post-2");
        var otherOutlet = Candidate("va", "https://p.org/a", sourceId: "post-1");

        var unknown = await Store.UnknownAsync("pr", [sameGuidNewUrl, sameUrlNoGuid, fresh], CancellationToken.None);
        Assert.Equal([fresh], unknown);
        Assert.Equal([otherOutlet], await Store.UnknownAsync("va", [otherOutlet], CancellationToken.None));
    }

    [Fact]
    public async Task Subscription_AndPublishTimes_RoundTrip()
    {
        await Save("pr", T0, Candidate("pr", "https://p.org/a", published: T0.AddHours(-2)), Candidate("pr", "https://p.org/b", published: T0.AddDays(-9)));
        await Store.SetSubscriptionAsync("pr", "s3cret", T0.AddDays(5), CancellationToken.None);

        var outlet = (await Store.GetOutletAsync("pr", CancellationToken.None))!;
        Assert.Equal("s3cret", outlet.WebSubSecret);
        Assert.Equal(T0.AddDays(5), outlet.WebSubExpires);
        Assert.Equal([T0.AddHours(-2)], await Store.GetPublishTimesAsync("pr", T0.AddDays(-7), CancellationToken.None));
        Assert.Equal(["pr"], (await Store.GetOutletsAsync(CancellationToken.None)).Select(o => o.OutletId));
    }

    [Fact]
    public async Task Exclusive_SecondHolderWaitsUntilTheFirstReleases()
    {
        var other = await ReopenAsync();
        var first = await Store.ExclusiveAsync("schedule", CancellationToken.None);
        var second = other.ExclusiveAsync("schedule", CancellationToken.None);
        var unrelated = await other.ExclusiveAsync("something-else", CancellationToken.None);
        await unrelated.DisposeAsync();

        // Not a timing assertion: the second holder must still be waiting, however long we look.
        await Task.Delay(200);
        Assert.False(second.IsCompleted);
        await first.DisposeAsync();
        await using var held = await second.WaitAsync(TimeSpan.FromSeconds(30));
    }
}
