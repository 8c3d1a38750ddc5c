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

namespace Aggregator.Tests.Hostile;

/// <summary>
/// One outlet's <c>429 Retry-After: 86400</c> through the whole loop (the worker as `run` composes it: Quartz, the fetcher,
/// the SQLite store in a temp folder, on a fake clock Quartz runs on too), against two outlets on ONE Kestrel port: the
/// URL that was told waits its day (its server sees no second request before then, `status` names the 429 and until
/// when), while its neighbour on the same host and port is stored at once and polled again at its next beat after the
/// host-wide bound (<see cref="Fetch.FetchOptions.MaxHostRetryAfter"/>, 10 min), not a day later.
/// </summary>
public sealed class RetryAfterWholeLoopTests : IDisposable
{
    private const string Limited = "rate-limited";
    private const string Neighbour = "good-neighbour";
    private static readonly DateTimeOffset Start = SoakOutlets.Epoch.AddHours(12);
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A429WithADayOfRetryAfter_HoldsItsOwnUrlADay_ButNotItsNeighbourOnTheSameHostAndPort()
    {
        var requests = new ConcurrentQueue<string>();
        await using var outlets = await LoopbackApp.StartAsync(web => web.Run(async context =>
        {
            requests.Enqueue(context.Request.Path.Value!);
            switch (context.Request.Path.Value)
            {
                case "/limited.rss":
                    context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                    context.Response.Headers.RetryAfter = "86400";
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
        // Both on a 15 min beat: the neighbour's next firing comes after the 10 min host-wide bound, the limited
        // outlet's firings within its day are the ones that must stay off its server.
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
        var executed = new ExecutedJobs(worker.Time, nameof(RetryAfterWholeLoopTests));
        scheduler.ListenerManager.AddJobListener(executed);

        // Each outlet's first firing is placed by its id inside the start window: the neighbour's comes first, so the
        // first round is deterministic (the neighbour fetched before any 429, then the limited outlet).
        var neighbourFirst = OutletTriggers.FirstFire(catalog.Find(Neighbour)!, null, Start);
        var limitedFirst = OutletTriggers.FirstFire(catalog.Find(Limited)!, null, Start);
        Assert.True(neighbourFirst < limitedFirst, $"first firings: {Neighbour} {neighbourFirst:O}, {Limited} {limitedFirst:O}");

        await AdvanceToAsync(worker, executed, neighbourFirst, Neighbour);
        Assert.Equal(0, Count(requests, "/limited.rss"));
        await AdvanceToAsync(worker, executed, limitedFirst, Limited);

        // After the poll: the neighbour's articles are stored, the limited outlet's are not, and it waits its full day.
        var limitedUntil = limitedFirst + TimeSpan.FromDays(1);
        var limited = (await store.GetOutletAsync(Limited, CancellationToken.None))!;
        Assert.Equal((429, 1, limitedUntil), (limited.LastStatusCode, limited.ConsecutiveFailures, limited.NextDue));
        Assert.Equal(2, ArticlesOf(Neighbour));
        Assert.Equal(0, ArticlesOf(Limited));
        Assert.Equal((1, 1), (Count(requests, "/limited.rss"), Count(requests, "/neighbour.rss")));

        // `status` names the 429 and until when the outlet is held.
        var status = await CliRunner.RunAsync("--config", worker.ConfigPath, "--data", _folder.File("data"), "status");
        Assert.Equal(0, status.ExitCode);
        var line = Assert.Single(status.Lines, l => l.StartsWith(Limited + " ", StringComparison.Ordinal));
        Assert.Contains("429", line, StringComparison.Ordinal);
        Assert.Contains(limitedUntil.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), line, StringComparison.Ordinal);
        Assert.Contains(limitedUntil.UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture), line, StringComparison.Ordinal);
        Assert.Contains("retry after " + limitedUntil.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), line, StringComparison.Ordinal);

        // The neighbour's next beat, 15 min after its first poll, is past the host-wide bound: it is polled again and
        // stored, while the limited outlet's own firing in the same round leaves its server alone.
        var neighbourSecond = neighbourFirst + TimeSpan.FromMinutes(15);
        Assert.True(neighbourSecond > limitedFirst + TimeSpan.FromMinutes(10));
        await AdvanceToAsync(worker, executed, neighbourSecond, Neighbour);
        await AdvanceToAsync(worker, executed, limitedFirst + TimeSpan.FromMinutes(15), Limited);
        var neighbour = (await store.GetOutletAsync(Neighbour, CancellationToken.None))!;
        Assert.Equal((0, neighbourSecond), (neighbour.ConsecutiveFailures, neighbour.LastSuccess));
        Assert.Equal((1, 2), (Count(requests, "/limited.rss"), Count(requests, "/neighbour.rss")));

        // A minute before its own Retry-After ends, the limited outlet has still not been asked again; the neighbour has.
        var dayLater = limitedUntil - TimeSpan.FromMinutes(1);
        await AdvanceToAsync(worker, executed, dayLater, Neighbour, Limited);
        Assert.Equal((1, 3), (Count(requests, "/limited.rss"), Count(requests, "/neighbour.rss")));
        Assert.Equal(dayLater, (await store.GetOutletAsync(Neighbour, CancellationToken.None))!.LastSuccess);

        // Once its day is over it is polled again (and told to wait again).
        await AdvanceToAsync(worker, executed, dayLater + TimeSpan.FromMinutes(15), Neighbour, Limited);
        Assert.Equal(2, Count(requests, "/limited.rss"));
        Assert.Equal(0, ArticlesOf(Limited));
    }

    /// <summary>Moves the worker's clock to <paramref name="at"/> and waits until each outlet's job has run at that time.</summary>
    private static async Task AdvanceToAsync(SoakWorker worker, ExecutedJobs executed, DateTimeOffset at, params string[] outlets)
    {
        Assert.True(at > worker.Time.GetUtcNow(), $"{at:O} is not after {worker.Time.GetUtcNow():O}");
        worker.Time.Advance(at - worker.Time.GetUtcNow());
        await WaitFor.UntilAsync($"{string.Join(", ", outlets)} run at {at:O} ({executed})",
            () => Task.FromResult(outlets.All(o => executed.RanAt(o, at))));
    }

    private int ArticlesOf(string outlet)
    {
        using var connection = new SqliteConnection($"Data Source={_folder.File("data/aggregator.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM articles WHERE outlet_id = $outlet;";
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
