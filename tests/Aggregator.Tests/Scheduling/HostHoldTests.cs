using System.Collections.Concurrent;
using System.Globalization;
using Aggregator.Model;
using Aggregator.Scheduling;
using Aggregator.Store;
using Aggregator.Tests.Cli;
using Aggregator.Tests.Fixtures;
using Aggregator.Tests.LongRun;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Aggregator.Tests.Scheduling;

/// <summary>
/// An outlet whose poll the fetcher held back because ANOTHER outlet of its host (same host and port) was told
/// <c>429 Retry-After: 120</c> is waiting, not failing: the worker as `run` composes it (Quartz, the fetcher, SQLite in a
/// temp folder, Kestrel on 127.0.0.1, on a fake clock Quartz runs on too) neither counts the held poll as a failure nor
/// backs the outlet off; `status`, /healthz, /metrics and the poll log say it waits, until when and for which host, and it
/// is polled again when the hold ends, not at its next beat.
/// </summary>
public sealed class HostHoldTests : IDisposable
{
    // Ids whose first firings fall in this order inside the start window (asserted below): the 429 comes first.
    private const string Limited = "limited";
    private const string Neighbour = "neighbour";
    private static readonly DateTimeOffset Start = SoakOutlets.Epoch.AddHours(12);
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task ANeighbourHeldByItsHostsRetryAfter_IsWaitingNotFailing_AndIsPolledWhenTheHoldEnds()
    {
        var requests = new ConcurrentQueue<string>();
        await using var outlets = await LoopbackApp.StartAsync(web => web.Run(async context =>
        {
            requests.Enqueue(context.Request.Path.Value!);
            switch (context.Request.Path.Value)
            {
                case "/limited.rss":
                    context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                    context.Response.Headers.RetryAfter = "120";
                    break;
                case "/neighbour.rss":
                    context.Response.ContentType = "application/rss+xml";
                    await context.Response.WriteAsync(NeighbourFeed);
                    break;
                default:
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    break;
            }
        }));
        var baseUrl = outlets.Address.AbsoluteUri.TrimEnd('/');
        var host = $"{outlets.Address.Host}:{outlets.Address.Port}";
        var config = $$"""
            {
              "defaults": { "interval": "15m" },
              "outlets": [
                { "id": "{{Limited}}", "url": "{{baseUrl}}/limited.rss" },
                { "id": "{{Neighbour}}", "url": "{{baseUrl}}/neighbour.rss" }
              ],
              "topics": [ { "id": "news", "title": "News", "include": ["news"] } ]
            }
            """;
        await using var worker = await SoakWorker.StartAsync(_folder, config, Start);
        var store = worker.Services.GetRequiredService<IAggregatorStore>();
        var catalog = worker.Services.GetRequiredService<IOutletCatalog>();
        var scheduler = await worker.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var executed = new ExecutedJobs(worker.Time, nameof(HostHoldTests));
        scheduler.ListenerManager.AddJobListener(executed);

        var limitedFirst = OutletTriggers.FirstFire(catalog.Find(Limited)!, null, Start);
        var neighbourFirst = OutletTriggers.FirstFire(catalog.Find(Neighbour)!, null, Start);
        var holdEnds = limitedFirst + TimeSpan.FromSeconds(120);
        Assert.True(limitedFirst < neighbourFirst && neighbourFirst < holdEnds,
            $"first firings: {Limited} {limitedFirst:O}, {Neighbour} {neighbourFirst:O}, hold ends {holdEnds:O}");

        await AdvanceToAsync(worker, executed, limitedFirst, Limited);
        await AdvanceToAsync(worker, executed, neighbourFirst, Neighbour);

        // The outlet that got the 429 keeps today's rule: a counted failure, polled again after its back-off or its own
        // Retry-After, whichever is later.
        var limited = (await store.GetOutletAsync(Limited, CancellationToken.None))!;
        Assert.Equal((429, 1), (limited.LastStatusCode, limited.ConsecutiveFailures));
        Assert.True(limited.NextDue >= holdEnds, $"{Limited} next due {limited.NextDue:O}, before its Retry-After {holdEnds:O}");
        // Its neighbour was not asked, so it did not fail: no failure counted, no attempt, no back-off.
        Assert.Equal((1, 0), (Count(requests, "/limited.rss"), Count(requests, "/neighbour.rss")));
        var held = await store.GetOutletAsync(Neighbour, CancellationToken.None);
        Assert.Equal(0, held?.ConsecutiveFailures ?? 0);
        Assert.Null(held?.LastAttempt);
        Assert.Equal(0, FailedPollsLogged(Neighbour));
        Assert.Equal(1, FailedPollsLogged(Limited));

        // `status`: no failures, next due when the hold ends, and one line saying it waits, until when, for which host.
        var status = await StatusLineAsync(worker, Neighbour);
        Assert.Equal("0", status[5]);
        Assert.Equal(Time(holdEnds), status[6]);
        var reason = string.Join(' ', status.Skip(7));
        Assert.StartsWith("waiting: ", reason, StringComparison.Ordinal);
        Assert.Contains("until " + Time(holdEnds), reason, StringComparison.Ordinal);
        Assert.Contains(host, reason, StringComparison.Ordinal);

        // /healthz lists the outlet that failed as failing, and the one that waits as waiting, with its reason.
        using (var health = System.Text.Json.JsonDocument.Parse(await worker.Http.GetStringAsync("healthz")))
        {
            var failing = Assert.Single(health.RootElement.GetProperty("failing").EnumerateArray());
            Assert.Equal(Limited, failing.GetProperty("id").GetString());
            var waiting = Assert.Single(health.RootElement.GetProperty("waiting").EnumerateArray());
            Assert.Equal((Neighbour, "host"), (waiting.GetProperty("id").GetString(), waiting.GetProperty("reason").GetString()));
        }

        // /metrics counts the held poll as waiting (not failed), and it and the held request by the wait that held them.
        var metrics = await worker.Http.GetStringAsync("metrics");
        Assert.Contains($"aggregator_polls_total{{outcome=\"waiting\",outlet=\"{Neighbour}\",reason=\"host\"}} 1", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain($"aggregator_polls_total{{outcome=\"failed\",outlet=\"{Neighbour}\"}}", metrics, StringComparison.Ordinal);
        Assert.Contains("aggregator_fetch_held_total{reason=\"host\"} 1", metrics, StringComparison.Ordinal);

        // When the hold ends the neighbour is polled at once (its next beat is 15 min away) and stored.
        await AdvanceToAsync(worker, executed, holdEnds, Neighbour);
        var polled = (await store.GetOutletAsync(Neighbour, CancellationToken.None))!;
        Assert.Equal((0, holdEnds, holdEnds), (polled.ConsecutiveFailures, polled.LastAttempt, polled.LastSuccess));
        Assert.Equal(1, Count(requests, "/neighbour.rss"));
        Assert.Equal(2, ArticlesOf(Neighbour));
        var after = await StatusLineAsync(worker, Neighbour);
        Assert.DoesNotContain("waiting", string.Join(' ', after), StringComparison.Ordinal);
    }

    /// <summary>The outlet's `status` row, cut at its spaces: the first seven columns hold none.</summary>
    private async Task<string[]> StatusLineAsync(SoakWorker worker, string outlet)
    {
        var status = await CliRunner.RunAsync("--config", worker.ConfigPath, "--data", _folder.File("data"), "status");
        Assert.Equal(0, status.ExitCode);
        var line = Assert.Single(status.Lines, l => l.StartsWith(outlet + " ", StringComparison.Ordinal));
        return line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Moves the worker's clock to <paramref name="at"/> and waits until each outlet's job has run at that time.</summary>
    private static async Task AdvanceToAsync(SoakWorker worker, ExecutedJobs executed, DateTimeOffset at, params string[] outlets)
    {
        Assert.True(at > worker.Time.GetUtcNow(), $"{at:O} is not after {worker.Time.GetUtcNow():O}");
        worker.Time.Advance(at - worker.Time.GetUtcNow());
        await WaitFor.UntilAsync($"{string.Join(", ", outlets)} run at {at:O} ({executed})",
            () => Task.FromResult(outlets.All(o => executed.RanAt(o, at))));
    }

    private int ArticlesOf(string outlet) => Scalar("SELECT count(*) FROM articles WHERE outlet_id = $outlet;", outlet);

    private int FailedPollsLogged(string outlet) => Scalar("SELECT count(*) FROM poll_log WHERE outlet_id = $outlet AND failed;", outlet);

    private int Scalar(string sql, string outlet)
    {
        using var connection = new SqliteConnection($"Data Source={_folder.File("data/aggregator.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$outlet", outlet);
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static int Count(ConcurrentQueue<string> requests, string path) => requests.Count(p => p == path);

    private static readonly string NeighbourFeed = $"""
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0"><channel><title>Neighbour</title><link>http://neighbour.example/</link><description>news</description>
        <item><title>Neighbour news one</title><link>http://neighbour.example/1</link><guid>neighbour-1</guid>
          <pubDate>{Start.AddHours(-2):R}</pubDate><description>First news of the neighbour.</description></item>
        <item><title>Neighbour news two</title><link>http://neighbour.example/2</link><guid>neighbour-2</guid>
          <pubDate>{Start.AddHours(-1):R}</pubDate><description>Second news of the neighbour.</description></item>
        </channel></rss>
        """;
}
