using Aggregator.Dedup;
using Aggregator.Store;

namespace Aggregator.Tests.Store;

/// <summary>The full-text backlog (issue 20), on every provider.</summary>
public abstract partial class StoreContractTests
{
    private static string IdOf(string outlet, string url) => ArticleIds.For(outlet, url);

    private static QueuedPage Waiting(string outlet, string url) => new(IdOf(outlet, url), new BacklogState { NextAttempt = T0 });

    [Fact]
    public async Task Backlog_QueuedWithItsPoll_SurvivesARestart_DrainsNewestFirst_AndThePageBecomesTheContent()
    {
        var urls = Enumerable.Range(0, 3).Select(i => $"https://news.example/{i}").ToList();
        // Article i was published i hours before T0: 0 is the newest. Each carries its feed's own content.
        var candidates = urls.Select((url, i) => Candidate("news", url, $"Article {i}", published: T0.AddHours(-i)) with
        {
            Content = $"<p>Feed content {i}</p>", ContentFromPage = true,
        }).ToArray();
        await Store.SavePollAsync(new PollRecord
        {
            OutletId = "news", AttemptedAt = T0, Succeeded = true, Articles = candidates,
            Backlog = [.. urls.Select(u => Waiting("news", u)), new QueuedPage("no-such-article", new BacklogState { NextAttempt = T0 })],
        }, CancellationToken.None);

        var restarted = await ReopenAsync();
        Assert.Equal([new BacklogCount("news", 3, 0, T0)], await restarted.GetBacklogAsync(CancellationToken.None));
        var due = await restarted.TakeDuePagesAsync("news", T0, 2, CancellationToken.None);
        Assert.Equal(["Article 0", "Article 1"], due.Select(d => d.Article.Title));
        Assert.Equal("<p>Feed content 0</p>", due[0].Article.Content);

        var retry = new BacklogState { Attempts = 1, NextAttempt = T0.AddHours(1), LastError = "fetch: resource not found (404 status code)" };
        var changed = await restarted.SavePagesAsync(
            [PageOutcome.Fetched(due[0], "<p>The page's own words</p>", ["all", "pages"]), PageOutcome.Failed(due[1], retry)],
            T0.AddMinutes(1), CancellationToken.None);

        Assert.Equal(1, changed);
        var shown = Assert.Single(await Store.GetTopicItemsAsync("pages", 10, CancellationToken.None));
        Assert.Equal(("Article 0", "<p>The page's own words</p>"), (shown.Article.Title, shown.Article.Content));
        Assert.Null(await Store.GetBacklogStateAsync(IdOf("news", urls[0]), CancellationToken.None));
        Assert.Equal(retry, await Store.GetBacklogStateAsync(IdOf("news", urls[1]), CancellationToken.None));
        // Article 1 waits out its backoff; article 2 is due now.
        Assert.Equal(["Article 2"], (await Store.TakeDuePagesAsync("news", T0.AddMinutes(2), 10, CancellationToken.None)).Select(d => d.Article.Title));
        Assert.Equal(["Article 1", "Article 2"], (await Store.TakeDuePagesAsync("news", T0.AddHours(1), 10, CancellationToken.None)).Select(d => d.Article.Title));
        Assert.Equal([new BacklogCount("news", 2, 0, T0)], await Store.GetBacklogAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Backlog_AGivenUpPage_IsNoLongerDue_AndKeepsItsReason()
    {
        const string Url = "https://news.example/gone";
        await Store.SavePollAsync(new PollRecord
        {
            OutletId = "news", AttemptedAt = T0, Succeeded = true, Backlog = [Waiting("news", Url)],
            Articles = [Candidate("news", Url) with { Content = "<p>Feed content</p>", ContentFromPage = true }],
        }, CancellationToken.None);
        var due = Assert.Single(await Store.TakeDuePagesAsync("news", T0, 10, CancellationToken.None));
        var givenUp = new BacklogState
        {
            Attempts = 3, NextAttempt = T0, LastError = "fetch: resource not found (404 status code)", GivenUpReason = "http_404", GivenUpAt = T0,
        };

        Assert.Equal(0, await Store.SavePagesAsync([PageOutcome.Failed(due, givenUp)], T0, CancellationToken.None));

        Assert.Empty(await Store.TakeDuePagesAsync("news", T0.AddDays(30), 10, CancellationToken.None));
        Assert.Equal(givenUp, await Store.GetBacklogStateAsync(due.Article.Id, CancellationToken.None));
        Assert.Equal([new BacklogCount("news", 0, 1, null)], await Store.GetBacklogAsync(CancellationToken.None));
        Assert.Equal("<p>Feed content</p>", Assert.Single(await Store.GetTopicItemsAsync("all", 10, CancellationToken.None)).Article.Content);
    }

    [Fact]
    public async Task Backlog_ArticlesStoredWithoutContentBeforeIt_JoinIt_OnlyForTheOutletDrained()
    {
        // As a fullText outlet's articles were stored before the backlog: the feed's content dropped, the page never fetched.
        await Save("old", T0, Candidate("old", "https://old.example/1"), Candidate("old", "https://old.example/2") with { Content = "<p>page</p>" });
        await Save("other", T0, Candidate("other", "https://other.example/1"));

        var due = await Store.TakeDuePagesAsync("old", T0, 10, CancellationToken.None);

        Assert.Equal(["https://old.example/1"], due.Select(d => d.Article.CanonicalUrl));
        Assert.Equal([new BacklogCount("old", 1, 0, T0)], await Store.GetBacklogAsync(CancellationToken.None));
    }
}
