using Aggregator.Store;

namespace Aggregator.Tests.Store;

/// <summary>The full-text backlog of outlets that no longer fetch pages, on every provider.</summary>
public abstract partial class StoreContractTests
{
    [Fact]
    public async Task BacklogCleanup_DropsTheWaitingPagesOfOutletsNotNamed_CountsThem_AndKeepsGivenUpReasonsAndArticles()
    {
        await SaveQueued("kept", "https://kept.example/1", "https://kept.example/2");
        await SaveQueued("removed", "https://removed.example/1", "https://removed.example/2", "https://removed.example/3");
        await SaveQueued("switched-off", "https://off.example/1", "https://off.example/2");
        // One page of the switched-off outlet was given up on before: its reason is what `explain` shows.
        var due = await Store.TakeDuePagesAsync("switched-off", T0, 1, CancellationToken.None);
        var givenUp = new BacklogState { Attempts = 3, NextAttempt = T0, GivenUpReason = "http_404", GivenUpAt = T0 };
        await Store.SavePagesAsync([PageOutcome.Failed(due[0], givenUp)], T0, CancellationToken.None);

        var dropped = await Store.DropBacklogExceptAsync(["kept", "never-polled"], CancellationToken.None);

        Assert.Equal([new BacklogDrop("removed", 3), new BacklogDrop("switched-off", 1)], dropped);
        Assert.Equal([new BacklogCount("kept", 2, 0, T0), new BacklogCount("switched-off", 0, 1, null)], await Store.GetBacklogAsync(CancellationToken.None));
        Assert.Empty(await Store.TakeDuePagesAsync("removed", T0.AddDays(1), 10, CancellationToken.None));
        Assert.Equal(givenUp, await Store.GetBacklogStateAsync(due[0].Article.Id, CancellationToken.None));
        // Nothing stored is lost: every article stays, with its feed's content.
        Assert.Equal(7, (await Store.GetTopicItemsAsync("all", 20, CancellationToken.None)).Count);
        Assert.Empty(await Store.DropBacklogExceptAsync(["kept", "never-polled"], CancellationToken.None));
    }

    private Task<IngestSummary> SaveQueued(string outlet, params string[] urls) => Store.SavePollAsync(new PollRecord
    {
        OutletId = outlet, AttemptedAt = T0, Succeeded = true,
        Articles = [.. urls.Select(u => Candidate(outlet, u, "Story at " + u) with { Content = "<p>Feed content</p>", ContentFromPage = true })],
        Backlog = [.. urls.Select(u => Waiting(outlet, u))],
    }, CancellationToken.None);
}
