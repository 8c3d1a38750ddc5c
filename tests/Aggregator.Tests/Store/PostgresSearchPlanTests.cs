using Aggregator.Model;
using Aggregator.Normalize;
using Aggregator.Store;
using Aggregator.Store.Postgres;
using Aggregator.Tests.Fixtures;
using Aggregator.Topics;

namespace Aggregator.Tests.Store;

/// <summary>
/// PostgreSQL's two search plans give one answer: the newest-first walk (a page of a common word from the feed order
/// index) and the GIN plan it falls back to (rare words) return the same rows, clusters and cursors, page after page,
/// in both directions; and the walk really runs out on a rare word and really answers a common one.
/// </summary>
public sealed class PostgresSearchPlanTests(PostgresSearchPlanTests.StoredStories stories) : IClassFixture<PostgresSearchPlanTests.StoredStories>
{
    private const int Stories = 150;
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);
    private static readonly CancellationToken None = CancellationToken.None;

    private PostgresStore Store => stories.Store;

    /// <summary>
    /// One database for the class: every test only reads it, and building it once instead of per case took this class
    /// from the run's longest (15 databases of ~50 polls each) to one of its shorter ones.
    /// </summary>
    public sealed class StoredStories : IAsyncLifetime, IDisposable
    {
        private PostgresStore? _store;

        public string Database { get; private set; } = "";

        public PostgresStore Store => _store ?? throw new InvalidOperationException("not initialized");

        public async Task InitializeAsync()
        {
            // A walk budget far below the store's size: common words fill their pages walking, rare ones run the budget out.
            Database = await (await PostgresServer.Shared).CreateDatabaseAsync();
            _store = new PostgresStore(Database) { SearchWalkBudget = 25 };
            await _store.MigrateAsync(None);
            // Feed order is not insertion order: story i is dated by a permutation of i, so seq and sort_time disagree.
            for (var poll = 0; poll < Stories / 10; poll++)
            {
                await SaveAsync("pr", T0.AddHours(poll), Enumerable.Range(poll * 10, 10).Select(i => Story("pr", i, Title(i))).ToArray());
            }
            // Copies of every ninth story at other outlets, stored later (higher seq): one cluster each. Some copies carry
            // "rare" where the first does not, so the cluster's earliest matching member is the copy; kn's copies are also
            // outside the "venezuela" topic, so within that topic the first member stays the only one.
            for (var i = 0; i < Stories; i += 9)
            {
                await SaveAsync("kn", T0.AddDays(1).AddMinutes(i), Story("pr", i, Title(i) + (i % 2 == 0 ? " rare copy" : "")) with { OutletId = "kn", Topics = ["all"] });
                await SaveAsync("mr", T0.AddDays(2).AddMinutes(i), Story("pr", i, Title(i)) with { OutletId = "mr" });
            }
        }

        public Task DisposeAsync() => Task.CompletedTask;

        public void Dispose() => _store?.Dispose();

        private Task<IngestSummary> SaveAsync(string outlet, DateTimeOffset at, params ArticleCandidate[] articles) =>
            Store.SavePollAsync(new PollRecord { OutletId = outlet, AttemptedAt = at, Succeeded = true, StatusCode = 200, Articles = articles }, None);
    }

    private static string Title(int i) =>
        string.Join(' ', new[] { i % 10 != 0 ? "common" : "", i % 3 == 0 ? "middling" : "", i % 50 == 8 ? "rare" : "", $"story {i}" }
            .Where(w => w.Length > 0));

    private static ArticleCandidate Story(string outlet, int i, string title) => new()
    {
        OutletId = outlet,
        CanonicalUrl = $"https://{outlet}.example/{i}",
        Link = new Uri($"https://{outlet}.example/{i}"),
        Title = title,
        Summary = $"<p>Report number {i}.</p>",
        Published = T0.AddMinutes(-(i * 37 % Stories)),
        Topics = i % 2 == 0 ? ["all", "venezuela"] : ["all"],
    };

    private static SearchCriteria Query(string text) =>
        (SearchQuery.TryParse(text, out var problem) ?? throw new InvalidOperationException(problem)).Criteria;

    /// <summary>Every page of a search, older and older, then from the fourth page's newer cursor back up: each as comparable text.</summary>
    private async Task<List<string>> PagesAsync(string text, string topic, PostgresSearchPlan plan)
    {
        var query = Query(text);
        var pages = new List<string>();
        var request = new TopicPageRequest(7);
        TopicPosition? fourthNewer = null;
        for (var n = 0; n < 100; n++)
        {
            var page = await Store.SearchAsync(topic, query, request, plan, None);
            pages.Add(Describe(page));
            fourthNewer = n == 3 ? page.Newer : fourthNewer;
            if (page.Older is not { } older)
            {
                break;
            }
            request = new TopicPageRequest(7, Before: older);
        }
        if (fourthNewer is { } newer)
        {
            pages.Add("newer: " + Describe(await Store.SearchAsync(topic, query, new TopicPageRequest(7, After: newer), plan, None)));
        }
        return pages;
    }

    private static string Describe(TopicPage page) =>
        string.Join(", ", page.Items.Select(i => $"{i.Article.Title} [{i.Cursor.SortTime}/{i.Cursor.Seq}] +{string.Join('+', i.Copies.Select(c => c.OutletId))}"))
        + $" | older {page.Older} | newer {page.Newer}";

    [Theory]
    [InlineData("common", TopicDefinition.AllId)]
    [InlineData("middling", TopicDefinition.AllId)]
    [InlineData("rare", TopicDefinition.AllId)]
    [InlineData("comm*", TopicDefinition.AllId)]
    [InlineData("\"common story\"", TopicDefinition.AllId)]
    [InlineData("common -middling", TopicDefinition.AllId)]
    [InlineData("common outlet:kn", TopicDefinition.AllId)]
    [InlineData("story outlet:pr outlet:mr", TopicDefinition.AllId)]
    [InlineData("outlet:kn", TopicDefinition.AllId)]
    [InlineData("outlet:pr outlet:mr", "venezuela")]
    [InlineData("common", "venezuela")]
    [InlineData("rare", "venezuela")]
    [InlineData("absent", TopicDefinition.AllId)]
    public async Task ChosenPlan_AnswersAsTheGinPlan_OnEveryPageInBothDirections(string text, string topic)
    {
        var gin = await PagesAsync(text, topic, PostgresSearchPlan.MatchIndex);
        var chosen = await PagesAsync(text, topic, PostgresSearchPlan.Chosen);

        Assert.Equal(gin, chosen);
        Assert.Equal(text == "absent", gin[0].StartsWith(" | ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NewestFirstWalk_AnswersACommonWordAlone_AndRunsOutOnARareOne()
    {
        var common = Query("common");
        var walked = await Store.SearchAsync(TopicDefinition.AllId, common, new TopicPageRequest(7), PostgresSearchPlan.NewestFirst, None);
        var indexed = await Store.SearchAsync(TopicDefinition.AllId, common, new TopicPageRequest(7), PostgresSearchPlan.MatchIndex, None);
        Assert.Equal(7, walked.Items.Count);
        Assert.Equal(Describe(indexed), Describe(walked));

        // "rare" is in 3 of the first 150 stories plus some copies: 25 rows of the feed hold too few for a page.
        var rare = Query("rare");
        var shortWalk = await Store.SearchAsync(TopicDefinition.AllId, rare, new TopicPageRequest(7), PostgresSearchPlan.NewestFirst, None);
        var chosen = await Store.SearchAsync(TopicDefinition.AllId, rare, new TopicPageRequest(7), PostgresSearchPlan.Chosen, None);
        Assert.True(shortWalk.Items.Count < chosen.Items.Count, $"walk {shortWalk.Items.Count}, chosen {chosen.Items.Count}");
        Assert.Contains(chosen.Items, i => i.Article.Title.EndsWith("rare copy", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ShortFirstWalk_IsWalkedFurtherAtTheDensityItFound_AndAnswersAsTheGinPlan()
    {
        // A third of the stories say "middling": 10 articles hold some but not the 8 a page of 7 needs, and the
        // density they show promises a page within 4 × 10.
        using var store = new PostgresStore(stories.Database) { SearchWalkBudget = 10 };
        var query = Query("middling");
        var first = await store.SearchAsync(TopicDefinition.AllId, query, new TopicPageRequest(7), PostgresSearchPlan.NewestFirst, None);
        var indexed = await store.SearchAsync(TopicDefinition.AllId, query, new TopicPageRequest(7), PostgresSearchPlan.MatchIndex, None);

        Assert.Equal(7, first.Items.Count);
        Assert.Equal(Describe(indexed), Describe(first));
    }
}
