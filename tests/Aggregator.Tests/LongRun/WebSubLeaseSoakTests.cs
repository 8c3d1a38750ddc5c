using System.Text.Json;
using Aggregator.Observability;
using Aggregator.Store;
using Aggregator.Tests.Fixtures;
using Aggregator.WebSub;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit.Abstractions;

namespace Aggregator.Tests.LongRun;

/// <summary>
/// Months of WebSub leases, a day per round, with real hubs on 127.0.0.1 that verify intent at the worker's callback: one
/// that always answers, one that shortens and then lengthens its lease, one that stops answering, one whose outlet stops
/// naming it, and outlets with a dead hub that come and go by reloads. Live subscriptions must be renewed before they lapse,
/// a dead or dropped hub must give the outlet back to polling, each failing state must be shown, and nothing kept per
/// subscription may outgrow the configured outlets.
/// </summary>
[Collection(AloneInTheProcess.Name)]
public sealed class WebSubLeaseSoakTests(ITestOutputHelper output) : IDisposable
{
    private const int Days = 40;
    private const int RetentionDays = 10;
    private const int HubDiesOn = 12;
    private const int HubDroppedOn = 20;
    private static readonly TimeSpan Asked = WebSubSubscriber.Lease;
    private static readonly string[] Stable = ["plain-one", "hub-steady", "hub-varying", "hub-dies", "hub-dropped"];

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    [Trait("Category", "Slow")]
    public async Task LeasesOverMonths_RenewBeforeTheyLapse_DeadAndDroppedHubsFallBackToPolling_NothingGrows()
    {
        await using var outlets = await SoakOutlets.StartAsync();
        outlets.Hub("hub-steady", new(Advertised: true, Answers: true, Asked));
        outlets.Hub("hub-varying", new(Advertised: true, Answers: true, Asked));
        outlets.Hub("hub-dies", new(Advertised: true, Answers: true, Asked));
        outlets.Hub("hub-dropped", new(Advertised: true, Answers: true, Asked));
        await using var worker = await SoakWorker.StartAsync(_folder, publicUrl => Config(outlets, publicUrl, 0), SoakOutlets.Epoch.AddHours(12));
        outlets.Clock = worker.Time.GetUtcNow;
        var store = worker.Services.GetRequiredService<IAggregatorStore>();
        var subscriber = worker.Services.GetServices<IHostedService>().OfType<WebSubSubscriber>().Single();
        var pending = worker.Services.GetRequiredService<PendingSubscriptions>();
        var failures = worker.Services.GetRequiredService<SubscriptionFailures>();
        var lapsed = new List<string>();
        var suppressed = new List<string>();
        var pendingByDay = new List<int>();
        var failuresByDay = new List<int>();
        var droppedRequestsAt = 0;
        for (var day = 0; day < Days; day++)
        {
            outlets.Day = day;
            if (day == 14)
            {
                // A hub that shortens its leases to two days, then lengthens them past what was asked.
                outlets.Hub("hub-varying", new(Advertised: true, Answers: true, TimeSpan.FromDays(2)));
            }
            if (day == 28)
            {
                outlets.Hub("hub-varying", new(Advertised: true, Answers: true, TimeSpan.FromDays(60)));
            }
            if (day == HubDiesOn)
            {
                outlets.Hub("hub-dies", new(Advertised: true, Answers: false, Asked));
            }
            if (day == HubDroppedOn)
            {
                // The publisher stops naming its hub; the hub itself would still take a subscription.
                outlets.Hub("hub-dropped", new(Advertised: false, Answers: true, Asked));
            }
            if (day > 0)
            {
                if (Churned(day) != Churned(day - 1))
                {
                    await worker.ReloadAsync(Config(outlets, worker.Http.BaseAddress!, day));
                }
                await worker.AdvanceAsync(TimeSpan.FromDays(1), Configured(day));
            }
            else
            {
                await worker.AdvanceAsync(TimeSpan.FromMinutes(1), Configured(day));
            }
            // Whatever the polls asked of the subscriber (subscribe, renew, give up) is done before the day is judged.
            await WaitFor.UntilAsync($"day {day}: the subscriber's sweep after the polls", () => Task.FromResult(subscriber.HasSweptEveryPoll));
            var now = worker.Time.GetUtcNow();
            foreach (var id in new[] { "hub-steady", "hub-varying" })
            {
                if (outlets.Verifications(id) is [.., var latest] && latest.Ends <= now)
                {
                    lapsed.Add($"{id} on day {day} (lease ended {latest.Ends:O})");
                }
            }
            var dead = (await store.GetOutletAsync("hub-dies", CancellationToken.None))!;
            if (day > HubDiesOn && outlets.Verifications("hub-dies")[^1].Ends <= now && dead.WebSubExpires > now)
            {
                suppressed.Add($"hub-dies on day {day} (believed subscribed until {dead.WebSubExpires:O})");
            }
            if (day == HubDroppedOn + 1)
            {
                droppedRequestsAt = outlets.HubRequests("hub-dropped");
            }
            pendingByDay.Add(pending.Count);
            failuresByDay.Add(failures.Current.Count);
        }
        output.WriteLine($"pending by day: {string.Join(' ', pendingByDay)}");
        output.WriteLine($"failures by day: {string.Join(' ', failuresByDay)}");
        foreach (var id in Stable.Skip(1))
        {
            output.WriteLine($"{id}: {outlets.HubRequests(id)} requests; verified {string.Join(", ", outlets.Verifications(id).Select(v => $"{v.At:MM-dd HH:mm}+{v.Lease.TotalDays}d"))}");
        }

        Assert.True(lapsed.Count == 0, $"leases that lapsed before renewal: {string.Join("; ", lapsed)}");
        // Renewed when due, not at every poll: a ten-day lease about once in nine days.
        Assert.InRange(outlets.Verifications("hub-steady").Count, Days / 9, Days / 9 + 2);
        // The lengthened lease is taken (capped at ten times what was asked), so renewals stop for its length.
        Assert.Single(outlets.Verifications("hub-varying"), v => v.Lease == TimeSpan.FromDays(60));

        // A dead hub: once its last lease ended the outlet is not believed pushed, and the failure is shown everywhere.
        Assert.True(suppressed.Count == 0, $"polling held back by a lapsed subscription: {string.Join("; ", suppressed)}");
        var health = JsonDocument.Parse(await worker.Http.GetStringAsync(new Uri("/healthz", UriKind.Relative))).RootElement;
        var warning = Assert.Single(health.GetProperty("webSub").EnumerateArray(), w => w.GetProperty("id").GetString() == "hub-dies");
        Assert.Equal(WebSubSubscriber.HubRefused, warning.GetProperty("reason").GetString());
        var metrics = await worker.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Contains(metrics.Split('\n'), l => l.Contains("websub", StringComparison.Ordinal) && l.Contains("outlet=\"hub-dies\"", StringComparison.Ordinal)
            && l.Contains(WebSubSubscriber.HubRefused, StringComparison.Ordinal));
        Assert.StartsWith("websub: subscribing at ", await store.GetSettingAsync(WebSubSubscriber.FailureKey("hub-dies"), CancellationToken.None), StringComparison.Ordinal);
        // One try (and one warning) a round, not more: a dead hub's lines grow with the days, not faster.
        Assert.InRange(worker.Log.Count("WebSub: subscribing hub-dies"), 1, Days - HubDiesOn);

        // A hub the feed stopped naming: no renewal there, and the outlet is polled at its interval again.
        Assert.Equal(droppedRequestsAt, outlets.HubRequests("hub-dropped"));
        var dropped = (await store.GetOutletAsync("hub-dropped", CancellationToken.None))!;
        Assert.Null(dropped.WebSubHub);
        Assert.Null(dropped.WebSubExpires);

        // Per-subscription state follows the configured outlets: one pending request at most per hubbed outlet configured.
        var hubbed = Configured(Days - 1).Count(id => id != "plain-one");
        Assert.All(pendingByDay, n => Assert.InRange(n, 0, hubbed));
        Assert.All(failures.Current, f => Assert.Contains(f.OutletId, Configured(Days - 1)));
        // And so does the store's: a removed outlet's failure note goes with its row (once retention has taken its articles).
        var (notes, rows) = await FailureNotesAndOutletRowsAsync(worker.DatabasePath);
        var orphaned = notes.Where(id => !rows.Contains(id)).ToList();
        Assert.True(orphaned.Count == 0, $"failure notes of outlets whose row is gone: {string.Join(", ", orphaned)}");
        Assert.Contains(Enumerable.Range(0, Days / 5).Select(k => $"churn-{k}"), id => !rows.Contains(id));
    }

    /// <summary>Churned outlet k (a feed whose hub never answers) is configured on days 5k to 5k+2.</summary>
    private static int? Churned(int day) => day % 5 <= 2 ? day / 5 : null;

    private static string[] Configured(int day) => Churned(day) is { } k ? [.. Stable, $"churn-{k}"] : Stable;

    private static async Task<(List<string> Notes, HashSet<string> Rows)> FailureNotesAndOutletRowsAsync(string database)
    {
        var notes = new List<string>();
        var rows = new HashSet<string>(StringComparer.Ordinal);
        await using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT substr(key, length('websub-failure:') + 1), 0 FROM settings WHERE key LIKE 'websub-failure:%' UNION ALL SELECT id, 1 FROM outlets;";
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            (reader.GetInt64(1) == 0 ? (ICollection<string>)notes : rows).Add(reader.GetString(0));
        }
        return (notes, rows);
    }

    private static string Config(SoakOutlets outlets, Uri publicUrl, int day)
    {
        foreach (var id in Configured(day).Where(id => id.StartsWith("churn-", StringComparison.Ordinal)))
        {
            outlets.Hub(id, new(Advertised: true, Answers: false, Asked));
        }
        var entries = string.Join(",\n", Configured(day).Select(id => $$"""    { "id": "{{id}}", "url": "{{outlets.FeedUrl(id)}}" }"""));
        return $$"""
            {
              "defaults": { "interval": "1d", "retention": "{{RetentionDays}}d", "keepPerOutlet": 2, "publicUrl": "{{publicUrl}}" },
              "outlets": [
            {{entries}}
              ],
              "topics": [ { "id": "news", "title": "News", "include": ["news"] } ]
            }
            """;
    }
}
