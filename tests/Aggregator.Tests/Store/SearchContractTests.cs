using Aggregator.Normalize;
using Aggregator.Model;
using Aggregator.Store;
using Aggregator.Topics;

namespace Aggregator.Tests.Store;

/// <summary>
/// Search and outlet pictures, run once per provider (SqliteSearchTests, PostgresSearchTests): the
/// folded index finds accented and unaccented forms, the query syntax narrows, paging walks every
/// match once, edits re-index, and the poll log tells new, unchanged and failed polls apart.
/// </summary>
public abstract class SearchContractTests : IAsyncLifetime
{
    protected static readonly DateTimeOffset T0 = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);
    private static readonly CancellationToken None = CancellationToken.None;
    private IAggregatorStore? _store;

    protected IAggregatorStore Store => _store ?? throw new InvalidOperationException("not initialized");

    /// <summary>Creates the provider's empty storage and a handle on it.</summary>
    protected abstract Task<IAggregatorStore> CreateAsync();

    protected abstract IAggregatorStore Open();

    public async Task InitializeAsync()
    {
        _store = await CreateAsync();
        await _store.MigrateAsync(None);
    }

    public virtual Task DisposeAsync()
    {
        (_store as IDisposable)?.Dispose();
        return Task.CompletedTask;
    }

    protected static ArticleCandidate Candidate(string outlet, string url, string title = "Venezuela: It Was A US-Led Coup All Along",
        DateTimeOffset? published = null, params string[] topics) => new()
    {
        OutletId = outlet,
        CanonicalUrl = url,
        Link = new Uri(url),
        Title = title,
        // Each its own text: a shared teaser would make the stories one cluster.
        Summary = $"<p>{title}, as reported.</p>",
        Published = published ?? T0.AddHours(-1),
        Topics = topics.Length == 0 ? ["all"] : topics,
    };

    protected Task<IngestSummary> Save(string outlet, DateTimeOffset at, params ArticleCandidate[] articles) =>
        Store.SavePollAsync(new PollRecord { OutletId = outlet, AttemptedAt = at, Succeeded = true, StatusCode = 200, Articles = articles }, None);

    protected static SearchCriteria Query(string text) =>
        (SearchQuery.TryParse(text, out var problem) ?? throw new InvalidOperationException(problem)).Criteria;

    protected async Task<List<string>> TitlesAsync(string text, string topic = TopicDefinition.AllId, int limit = 50) =>
        (await Store.SearchAsync(topic, Query(text), new TopicPageRequest(limit), None)).Items.Select(i => i.Article.Title).ToList();

    private Task<IngestSummary> SaveThreeAsync() => Save("pr", T0,
        Candidate("pr", "https://pr.example/1", "Guaidó declares himself president of Venezuela", published: T0.AddHours(-3), topics: ["all", "venezuela"]),
        Candidate("pr", "https://pr.example/2", "Regime change: the long history", published: T0.AddHours(-2), topics: ["all"]),
        Candidate("pr", "https://pr.example/3", "Straße names and the president's regime", published: T0.AddHours(-1), topics: ["all"]));

    [Fact]
    public async Task Search_UnaccentedAndAccentedForms_FindTheSameArticle()
    {
        await SaveThreeAsync();

        Assert.Equal(["Guaidó declares himself president of Venezuela"], await TitlesAsync("guaido"));
        Assert.Equal(["Guaidó declares himself president of Venezuela"], await TitlesAsync("GUAIDÓ"));
        Assert.Equal(["Straße names and the president's regime"], await TitlesAsync("strasse"));
        Assert.Empty(await TitlesAsync("maduro"));
    }

    [Fact]
    public async Task Search_PhrasesPrefixesExclusionsAndOutlets_NarrowAsTopicTermsDo()
    {
        await SaveThreeAsync();
        await Save("kn", T0, Candidate("kn", "https://kn.example/1", "Regime change in Bolivia", published: T0.AddMinutes(-30)));

        Assert.Equal(["Regime change in Bolivia", "Regime change: the long history"], await TitlesAsync("\"regime change\""));
        Assert.Equal(3, (await TitlesAsync("regime")).Count);
        Assert.Equal(["Straße names and the president's regime", "Guaidó declares himself president of Venezuela"], await TitlesAsync("presid*"));
        Assert.Equal(["Straße names and the president's regime"], await TitlesAsync("president -venezuela"));
        Assert.Equal(["Regime change in Bolivia"], await TitlesAsync("regime outlet:kn"));
        Assert.Equal(["Regime change in Bolivia"], await TitlesAsync("outlet:kn"));
        // Narrowing a topic: only the topic's articles are searched.
        Assert.Equal(["Guaidó declares himself president of Venezuela"], await TitlesAsync("president", "venezuela"));
    }

    [Fact]
    public async Task Search_Paging_WalksEveryMatchOnceWithTheFeedsCursors()
    {
        var articles = Enumerable.Range(0, 7)
            .Select(i => Candidate("pr", $"https://pr.example/p{i}", $"Coup report number {i}", published: T0.AddMinutes(-i)))
            .Append(Candidate("pr", "https://pr.example/other", "Weather", published: T0))
            .ToArray();
        await Save("pr", T0, articles);

        var seen = new List<string>();
        var request = new TopicPageRequest(3);
        for (var pages = 0; pages < 10; pages++)
        {
            var page = await Store.SearchAsync(TopicDefinition.AllId, Query("coup"), request, None);
            seen.AddRange(page.Items.Select(i => i.Article.Title));
            if (page.Older is not { } older)
            {
                break;
            }
            request = new TopicPageRequest(3, Before: older);
        }

        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"Coup report number {i}"), seen);
    }

    [Fact]
    public async Task Search_EditedArticle_IsFoundByItsNewTextOnly()
    {
        await Save("pr", T0, Candidate("pr", "https://pr.example/e", "Elections postponed in Bolivia"));
        await Save("pr", T0.AddHours(1), Candidate("pr", "https://pr.example/e", "Elections held in Bolivia after all"));

        Assert.Equal(["Elections held in Bolivia after all"], await TitlesAsync("held"));
        Assert.Empty(await TitlesAsync("postponed"));
    }

    [Fact]
    public async Task OutletPictures_TellNewUnchangedAndFailedPollsApart_AndCountArticlesPerDay()
    {
        var now = T0.AddHours(3);
        await Save("pr", T0, Candidate("pr", "https://pr.example/a"), Candidate("pr", "https://pr.example/b"));
        await Save("pr", T0.AddHours(1), Candidate("pr", "https://pr.example/a"));
        await Store.SavePollAsync(new PollRecord { OutletId = "pr", AttemptedAt = T0.AddHours(2), Succeeded = false, Error = "fetch: timed out" }, None);
        // Older than 48 hours: not in the strip.
        await Save("kn", T0.AddDays(-3), Candidate("kn", "https://kn.example/old", published: T0.AddDays(-3)));

        var pictures = await Store.GetOutletPicturesAsync(now, None);

        var pr = Assert.Single(pictures, p => p.Health.OutletId == "pr");
        Assert.Equal([PollOutcome.New, PollOutcome.Unchanged, PollOutcome.Failed], pr.Polls.Select(p => p.Outcome));
        Assert.Equal(OutletPicture.Days, pr.DailyArticles.Count);
        Assert.Equal(2, pr.DailyArticles[^1]);
        Assert.Equal("fetch: timed out", pr.Health.LastError);
        var kn = Assert.Single(pictures, p => p.Health.OutletId == "kn");
        Assert.Empty(kn.Polls);
        Assert.Equal(1, kn.DailyArticles[^4]);
    }
}
