using System.Text.Json;
using Aggregator.Store;
using Aggregator.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.LongRun;

/// <summary>
/// An outlet that fails for a month (500s, then a page that is no feed) beside one that works, a day per round: its backoff
/// stays within the cap, /healthz names it with its reason, its log lines do not grow from day to day, and it recovers.
/// </summary>
[Collection(AloneInTheProcess.Name)]
public sealed class FailingOutletSoakTests : IDisposable
{
    private static readonly string[] Outlets = ["steady-one", "failing-one"];
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    [Trait("Category", "Slow")]
    public async Task AnOutletFailingForAMonth_StaysBoundedAndShown_AndRecovers()
    {
        await using var outlets = await SoakOutlets.StartAsync();
        var config = $$"""
            {
              "defaults": { "interval": "1d", "retention": "10d", "keepPerOutlet": 2 },
              "outlets": [
                { "id": "steady-one", "url": "{{outlets.FeedUrl("steady-one")}}" },
                { "id": "failing-one", "url": "{{outlets.FeedUrl("failing-one")}}" }
              ],
              "topics": [ { "id": "news", "title": "News", "include": ["news"] } ]
            }
            """;
        await using var worker = await SoakWorker.StartAsync(_folder, config, SoakOutlets.Epoch.AddHours(12));
        var store = worker.Services.GetRequiredService<IAggregatorStore>();
        await worker.AdvanceAsync(TimeSpan.FromMinutes(1), Outlets);
        var linesPerDay = new List<int>();
        for (var day = 1; day <= 32; day++)
        {
            outlets.Day = day;
            if (day == 2)
            {
                outlets.Fail("failing-one", SoakOutlets.Failure.ServerError);
            }
            if (day == 17)
            {
                outlets.Fail("failing-one", SoakOutlets.Failure.NotAFeed);
            }
            var before = worker.Log.Count("failing-one");
            await worker.AdvanceAsync(TimeSpan.FromDays(1), Outlets);
            linesPerDay.Add(worker.Log.Count("failing-one") - before);
            var state = (await store.GetOutletAsync("failing-one", CancellationToken.None))!;
            if (day >= 2)
            {
                Assert.Equal(day - 1, state.ConsecutiveFailures);
                // However long it has failed, it is tried again within a day (the backoff's cap).
                Assert.True(state.NextDue - state.LastAttempt <= TimeSpan.FromDays(1), $"day {day}: next due {state.NextDue:O} after {state.LastAttempt:O}");
            }
        }

        var health = JsonDocument.Parse(await worker.Http.GetStringAsync(new Uri("/healthz", UriKind.Relative))).RootElement;
        var failing = Assert.Single(health.GetProperty("failing").EnumerateArray(), f => f.GetProperty("id").GetString() == "failing-one");
        Assert.Equal(31, failing.GetProperty("consecutiveFailures").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(failing.GetProperty("lastError").GetString()));
        // A failing day logs what a working day does, no more: the last ten days of failure no more than the first ten.
        Assert.True(linesPerDay.Skip(22).Sum() <= linesPerDay.Skip(1).Take(10).Sum(), $"lines per day: {string.Join(' ', linesPerDay)}");
        Assert.All(linesPerDay, n => Assert.InRange(n, 1, 3));

        outlets.Recover("failing-one");
        outlets.Day = 33;
        await worker.AdvanceAsync(TimeSpan.FromDays(1), Outlets);
        var recovered = (await store.GetOutletAsync("failing-one", CancellationToken.None))!;
        Assert.Equal(0, recovered.ConsecutiveFailures);
        var healed = JsonDocument.Parse(await worker.Http.GetStringAsync(new Uri("/healthz", UriKind.Relative))).RootElement;
        Assert.DoesNotContain(healed.GetProperty("failing").EnumerateArray(), f => f.GetProperty("id").GetString() == "failing-one");
        var sample = await worker.SampleAsync(33);
        Assert.True(sample.ArticlesByOutlet.GetValueOrDefault("failing-one") >= SoakOutlets.NewPerDay, "the recovered outlet's articles are not stored");
    }
}
