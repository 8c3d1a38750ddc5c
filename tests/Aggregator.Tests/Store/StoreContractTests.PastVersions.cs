using Aggregator.Store;

namespace Aggregator.Tests.Store;

/// <summary>A pushed entry bringing back an earlier version of an undated article is a replay, on every provider.</summary>
public abstract partial class StoreContractTests
{
    [Fact]
    public async Task PastVersions_AnUndatedPushOfAnEarlierVersion_IsStale_WhileAPollStillAppliesIt()
    {
        const string Url = "https://kawsachunnews.com/undated";
        var first = Candidate("pushed", Url) with { Published = null, Summary = "<p>FIRST-VERSION</p>" };
        var second = first with { Summary = "<p>SECOND-VERSION</p>" };
        await Save("pushed", T0, first);
        Assert.Equal(1, (await Save("pushed", T0.AddMinutes(1), second)).Updated);

        var replayed = await Store.SavePollAsync(new PollRecord
        {
            OutletId = "pushed", AttemptedAt = T0.AddMinutes(2), Succeeded = true, Articles = [first], RefuseOlder = true,
        }, CancellationToken.None);
        var samePush = await Store.SavePollAsync(new PollRecord
        {
            OutletId = "pushed", AttemptedAt = T0.AddMinutes(3), Succeeded = true, Articles = [second], RefuseOlder = true,
        }, CancellationToken.None);

        Assert.Equal((0, 0, 1), (replayed.New, replayed.Updated, replayed.Stale));
        Assert.Equal((0, 0, 1), (samePush.New, samePush.Updated, samePush.Unchanged));
        Assert.Equal("<p>SECOND-VERSION</p>", Assert.Single(await Store.GetTopicItemsAsync("all", 10, CancellationToken.None)).Article.Summary);
        // A poll reads what the outlet shows now: a publisher that reverted its edit is followed.
        Assert.Equal(1, (await Save("pushed", T0.AddMinutes(4), first)).Updated);
        Assert.Equal("<p>FIRST-VERSION</p>", Assert.Single(await Store.GetTopicItemsAsync("all", 10, CancellationToken.None)).Article.Summary);
    }
}
