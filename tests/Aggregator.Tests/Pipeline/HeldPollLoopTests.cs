using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Aggregator.Model;
using Aggregator.Pipeline;
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

namespace Aggregator.Tests.Pipeline;

/// <summary>
/// Polls held by a wait, through the whole worker as `run` composes it (Quartz, the fetcher, SQLite in a temp folder,
/// Kestrel on 127.0.0.1, on a fake clock Quartz runs on too), for each kind of hold the fetcher-level tests only saw
/// alone: a rate group's Retry-After and a robots.txt's. Each held outlet is waiting everywhere an operator looks
/// (`status`, /healthz, /outlets, the index page, /metrics, with the wait's reason), its beats inside the hold send
/// nothing and count nothing, the firing at the hold's end polls it, and a worker restarted during a hold keeps all that.
/// </summary>
public sealed class HeldPollLoopTests : IDisposable
{
    private static readonly DateTimeOffset Start = SoakOutlets.Epoch.AddHours(12);
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task AnOutletHeldByItsRateGroup_WaitsQuietlyThroughItsBeats_AndIsPolledOnceWhenTheHoldEnds()
    {
        // Two hosts (two ports) of one rate group: the first answers 429 Retry-After 300 once, which holds the whole group.
        const string throttled = "throttled";
        const string sibling = "sibling";
        var requests = new ConcurrentQueue<string>();
        var throttledAnswers = 0;
        await using var first = await LoopbackApp.StartAsync(web => web.Run(async context =>
        {
            requests.Enqueue(throttled);
            if (Interlocked.Increment(ref throttledAnswers) == 1)
            {
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.Response.Headers.RetryAfter = "300";
                return;
            }
            await Feed(context, throttled);
        }));
        await using var second = await LoopbackApp.StartAsync(web => web.Run(async context =>
        {
            requests.Enqueue(sibling);
            await Feed(context, sibling);
        }));
        var config = $$"""
            {
              "defaults": { "interval": "1m" },
              "outlets": [
                { "id": "{{throttled}}", "url": "{{first.Address.AbsoluteUri}}feed.rss", "rateGroup": "service" },
                { "id": "{{sibling}}", "url": "{{second.Address.AbsoluteUri}}feed.rss", "rateGroup": "service" }
              ],
              "topics": [ { "id": "news", "title": "News", "include": ["news"] } ]
            }
            """;
        await using var worker = await SoakWorker.StartAsync(_folder, config, Start);
        var executed = await ListenAsync(worker);
        var placed = new HoldEndsPlaced();
        (await worker.Services.GetRequiredService<ISchedulerFactory>().GetScheduler()).ListenerManager.AddSchedulerListener(placed);
        var catalog = worker.Services.GetRequiredService<IOutletCatalog>();
        var throttledFirst = OutletTriggers.FirstFire(catalog.Find(throttled)!, null, Start);
        var siblingFirst = OutletTriggers.FirstFire(catalog.Find(sibling)!, null, Start);
        var holdEnds = throttledFirst + TimeSpan.FromSeconds(300);
        Assert.True(throttledFirst < siblingFirst, $"first firings: {throttled} {throttledFirst:O}, {sibling} {siblingFirst:O}");

        await AdvanceToAsync(worker, executed, throttledFirst, throttled);
        await AdvanceToAsync(worker, executed, siblingFirst, sibling);
        Assert.Equal([throttled], requests);

        // Every beat of the sibling inside the hold: nothing sent, nothing more counted, still waiting until the same end.
        var beats = 0;
        for (var beat = siblingFirst + TimeSpan.FromMinutes(1); beat < holdEnds; beat += TimeSpan.FromMinutes(1))
        {
            await AdvanceToAsync(worker, executed, beat, sibling);
            beats++;
        }
        Assert.True(beats >= 4, $"{beats} beats inside the hold");
        Assert.Equal([throttled], requests);
        // Each skipped beat reported the same hold end: the firing placed by the held poll was left in place (05c8bfb),
        // never replaced, so the scheduler could not lose one it had already taken up to fire.
        Assert.Equal([holdEnds], placed.For(sibling));
        var holdEnd = await (await worker.Services.GetRequiredService<ISchedulerFactory>().GetScheduler())
            .GetTrigger(new TriggerKey(sibling, OutletTriggers.HoldGroup));
        Assert.Equal(holdEnds, holdEnd?.NextFireTimeUtc);
        var metrics = await worker.Http.GetStringAsync("metrics");
        Assert.Contains($"aggregator_polls_total{{outcome=\"waiting\",outlet=\"{sibling}\",reason=\"rate_group\"}} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("aggregator_fetch_held_total{reason=\"rate_group\"} 1", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain($"aggregator_polls_total{{outcome=\"failed\",outlet=\"{sibling}\"}}", metrics, StringComparison.Ordinal);

        var status = await StatusLineAsync(worker, sibling);
        Assert.Equal(("0", Time(holdEnds)), (status[5], status[6]));
        Assert.Equal($"waiting: a host of rate group service asked us to wait until {Time(holdEnds)} [reason: rate_group]",
            string.Join(' ', status.Skip(7)));
        await AssertShownWaitingAsync(worker, sibling, "rate_group", holdEnds, "rate group service");
        await AssertExplainedWaitingAsync(worker, sibling, string.Join(' ', status.Skip(7)), holdEnds);
        Assert.Equal(0, FailedPollsLogged(sibling));

        // The hold's end polls it (its beat is seconds later and polls again, as every beat does); then it is not waiting.
        await AdvanceUntilRunAsync(worker, executed, holdEnds, sibling);
        var polled = (await worker.Services.GetRequiredService<IAggregatorStore>().GetOutletAsync(sibling, CancellationToken.None))!;
        Assert.Equal((0, polled.LastAttempt), (polled.ConsecutiveFailures, polled.LastSuccess));
        Assert.InRange(polled.LastAttempt!.Value, holdEnds, holdEnds + QuartzIdleWait);
        // Once at the hold's end; a second time only if the clock had to be moved past its beat (AdvanceUntilRunAsync).
        Assert.InRange(requests.Count(r => r == sibling), 1, 2);
        Assert.Equal(2, ArticlesOf(sibling));
        Assert.DoesNotContain("waiting", string.Join(' ', await StatusLineAsync(worker, sibling)), StringComparison.Ordinal);
        Assert.DoesNotContain($"\"id\":\"{sibling}\"", await worker.Http.GetStringAsync("healthz"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AListingWhoseRobotsTxtAsksToWait_IsWaitingNotRefused_AndIsReadWhenTheHoldEnds()
    {
        const string listing = "held-listing";
        var requests = new ConcurrentQueue<string>();
        var robotsAnswers = 0;
        await using var site = await LoopbackApp.StartAsync(web => web.Run(async context =>
        {
            requests.Enqueue(context.Request.Path.Value!);
            if (context.Request.Path == "/robots.txt")
            {
                if (Interlocked.Increment(ref robotsAnswers) == 1)
                {
                    context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                    context.Response.Headers.RetryAfter = "120";
                    return;
                }
                context.Response.ContentType = "text/plain";
                await context.Response.WriteAsync("User-agent: *\nDisallow: /private/\n");
                return;
            }
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync("""
                <html><body><main>
                <article><h2><a href="/news/1">First news of the listing</a></h2><p>One.</p></article>
                <article><h2><a href="/news/2">Second news of the listing</a></h2><p>Two.</p></article>
                </main></body></html>
                """);
        }));
        var origin = $"http://{site.Address.Host}:{site.Address.Port}";
        var config = $$"""
            {
              "defaults": { "interval": "15m" },
              "outlets": [
                { "id": "{{listing}}", "type": "html", "url": "{{origin}}/latest",
                  "scrape": { "item": "article", "title": "h2 a", "link": "h2 a", "summary": "p" } }
              ],
              "topics": [ { "id": "news", "title": "News", "include": ["news"] } ]
            }
            """;
        await using var worker = await SoakWorker.StartAsync(_folder, config, Start);
        var executed = await ListenAsync(worker);
        var first = OutletTriggers.FirstFire(worker.Services.GetRequiredService<IOutletCatalog>().Find(listing)!, null, Start);
        var holdEnds = first + TimeSpan.FromSeconds(120);

        await AdvanceToAsync(worker, executed, first, listing);
        // Only robots.txt was asked: the listing waits with it, and is not refused as a robots.txt that cannot be read is.
        Assert.Equal(["/robots.txt"], requests);
        var held = await worker.Services.GetRequiredService<IAggregatorStore>().GetOutletAsync(listing, CancellationToken.None);
        Assert.Equal(0, held?.ConsecutiveFailures ?? 0);
        var status = await StatusLineAsync(worker, listing);
        Assert.Equal(("0", Time(holdEnds)), (status[5], status[6]));
        Assert.Equal($"waiting: {origin}/robots.txt asked us to wait until {Time(holdEnds)} [reason: robots]", string.Join(' ', status.Skip(7)));
        await AssertShownWaitingAsync(worker, listing, "robots", holdEnds, origin + "/robots.txt");
        var metrics = await worker.Http.GetStringAsync("metrics");
        Assert.Contains($"aggregator_polls_total{{outcome=\"waiting\",outlet=\"{listing}\",reason=\"robots\"}} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("aggregator_fetch_held_total{reason=\"robots\"} 1", metrics, StringComparison.Ordinal);

        // At the hold's end robots.txt is read again, allows the listing, and the listing is read and stored.
        await AdvanceToAsync(worker, executed, holdEnds, listing);
        Assert.Equal(["/robots.txt", "/robots.txt", "/latest"], requests);
        var polled = (await worker.Services.GetRequiredService<IAggregatorStore>().GetOutletAsync(listing, CancellationToken.None))!;
        Assert.Equal((0, holdEnds), (polled.ConsecutiveFailures, polled.LastSuccess));
        Assert.Equal(2, ArticlesOf(listing));
        Assert.Equal(0, FailedPollsLogged(listing));
    }

    [Fact]
    public async Task AWorkerRestartedDuringAHold_ShowsItWaiting_SendsNothing_AndPollsWhenTheHoldEnds()
    {
        // As HostHoldTests: the first outlet's 429 holds its neighbour on the same host and port (for at most 10 minutes).
        const string limited = "limited";
        const string neighbour = "neighbour";
        var requests = new ConcurrentQueue<string>();
        var limitedAnswers = 0;
        await using var outlets = await LoopbackApp.StartAsync(web => web.Run(async context =>
        {
            var outlet = context.Request.Path.Value!.Trim('/').Replace(".rss", "", StringComparison.Ordinal);
            requests.Enqueue(outlet);
            if (outlet == limited && Interlocked.Increment(ref limitedAnswers) == 1)
            {
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.Response.Headers.RetryAfter = "600";
                return;
            }
            await Feed(context, outlet);
        }));
        var config = $$"""
            {
              "defaults": { "interval": "15m" },
              "outlets": [
                { "id": "{{limited}}", "url": "{{outlets.Address.AbsoluteUri}}{{limited}}.rss" },
                { "id": "{{neighbour}}", "url": "{{outlets.Address.AbsoluteUri}}{{neighbour}}.rss" }
              ],
              "topics": [ { "id": "news", "title": "News", "include": ["news"] } ]
            }
            """;
        DateTimeOffset holdEnds;
        DateTimeOffset restartAt;
        await using (var before = await SoakWorker.StartAsync(_folder, config, Start))
        {
            var executed = await ListenAsync(before);
            var catalog = before.Services.GetRequiredService<IOutletCatalog>();
            var limitedFirst = OutletTriggers.FirstFire(catalog.Find(limited)!, null, Start);
            var neighbourFirst = OutletTriggers.FirstFire(catalog.Find(neighbour)!, null, Start);
            holdEnds = limitedFirst + TimeSpan.FromSeconds(600);
            await AdvanceToAsync(before, executed, limitedFirst, limited);
            await AdvanceToAsync(before, executed, neighbourFirst, neighbour);
            Assert.Equal([limited], requests);
            restartAt = neighbourFirst + TimeSpan.FromMinutes(2);
        }

        // The restarted worker's fetcher has forgotten the host's wait; the stored hold has not.
        await using var after = await SoakWorker.StartAsync(_folder, config, restartAt);
        var scheduler = await after.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var afterRuns = await ListenAsync(after);
        var status = await StatusLineAsync(after, neighbour);
        Assert.Equal(("0", Time(holdEnds)), (status[5], status[6]));
        Assert.StartsWith("waiting: ", string.Join(' ', status.Skip(7)), StringComparison.Ordinal);
        Assert.EndsWith("[reason: host]", string.Join(' ', status.Skip(7)), StringComparison.Ordinal);
        await AssertShownWaitingAsync(after, neighbour, "host", holdEnds, $"{outlets.Address.Host}:{outlets.Address.Port}");

        // Its first firing (never polled: at once, inside the start window) sends nothing, counts nothing, and places the
        // firing at the hold's end again.
        var neighbourFirstAfter = OutletTriggers.FirstFire(after.Services.GetRequiredService<IOutletCatalog>().Find(neighbour)!, null, restartAt);
        Assert.True(neighbourFirstAfter < holdEnds, $"{neighbourFirstAfter:O} is not inside the hold ending {holdEnds:O}");
        await AdvanceToAsync(after, afterRuns, neighbourFirstAfter, neighbour);
        Assert.Equal([limited], requests);
        var holdEnd = await scheduler.GetTrigger(new TriggerKey(neighbour, OutletTriggers.HoldGroup));
        Assert.Equal(holdEnds, holdEnd?.StartTimeUtc);
        var metrics = await after.Http.GetStringAsync("metrics");
        Assert.DoesNotContain($"outcome=\"waiting\",outlet=\"{neighbour}\"", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain("aggregator_fetch_held_total{", metrics, StringComparison.Ordinal);

        await AdvanceToAsync(after, afterRuns, holdEnds, neighbour);
        Assert.Equal(1, requests.Count(r => r == neighbour));
        var polled = (await after.Services.GetRequiredService<IAggregatorStore>().GetOutletAsync(neighbour, CancellationToken.None))!;
        Assert.Equal((0, holdEnds), (polled.ConsecutiveFailures, polled.LastSuccess));
        Assert.DoesNotContain("waiting", string.Join(' ', await StatusLineAsync(after, neighbour)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AHoldStoredByAnotherWorker_ShowsOnHealthzAndStatusAtOnce_WithoutABeatOfThisWorker()
    {
        // Another worker of a cluster shares the store: here a second handle on the same SQLite file stores the hold, as
        // that worker's poll would. This worker has not polled the outlet since (its clock never reaches the first beat).
        const string outlet = "shared";
        await using var site = await LoopbackApp.StartAsync(web => web.Run(context => Feed(context, outlet)));
        var config = $$"""
            {
              "defaults": { "interval": "15m" },
              "outlets": [ { "id": "{{outlet}}", "url": "{{site.Address.AbsoluteUri}}feed.rss" } ],
              "topics": [ { "id": "news", "title": "News", "include": ["news"] } ]
            }
            """;
        await using var worker = await SoakWorker.StartAsync(_folder, config, Start);
        // Asked once before the hold exists: a page that kept what it read would go on showing no hold.
        Assert.DoesNotContain($"\"id\":\"{outlet}\"", await worker.Http.GetStringAsync("healthz"), StringComparison.Ordinal);
        var until = Start.AddMinutes(7);
        using (var other = new Aggregator.Store.Sqlite.SqliteStore(worker.DatabasePath))
        {
            await new PollHolds(other).SetAsync(outlet, new PollHold(Start, until, "host",
                $"fetch: host {site.Address.Host}:{site.Address.Port} asked us to wait until {Time(until)}"), CancellationToken.None);
        }

        await AssertShownWaitingAsync(worker, outlet, "host", until, $"{site.Address.Host}:{site.Address.Port}");
        var status = await StatusLineAsync(worker, outlet);
        Assert.Equal($"waiting: host {site.Address.Host}:{site.Address.Port} asked us to wait until {Time(until)} [reason: host]",
            string.Join(' ', status.Skip(7)));
        await AssertExplainedWaitingAsync(worker, outlet, string.Join(' ', status.Skip(7)), until);
    }

    /// <summary>`explain OUTLET` gives the outlet's `status` row, and says its polls are held, why and until when, in status's words.</summary>
    private async Task AssertExplainedWaitingAsync(SoakWorker worker, string outlet, string statusWords, DateTimeOffset until)
    {
        var explain = await CliRunner.RunAsync("--config", worker.ConfigPath, "--data", _folder.File("data"), "explain", outlet);
        Assert.Equal(0, explain.ExitCode);
        var row = Assert.Single(explain.Lines, l => l.StartsWith(outlet + " ", StringComparison.Ordinal));
        Assert.Equal(statusWords, string.Join(' ', row.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(7)));
        var held = Assert.Single(explain.Lines, l => l.StartsWith(outlet + ": polls held since ", StringComparison.Ordinal));
        Assert.Contains(", " + statusWords + "; nothing is sent to the outlet until " + Time(until), held, StringComparison.Ordinal);
    }

    /// <summary>The hold-end firings the scheduler was given, by outlet, in order: a replaced firing is given again.</summary>
    private sealed class HoldEndsPlaced : ISchedulerListener
    {
        private readonly ConcurrentQueue<(string Outlet, DateTimeOffset At)> _placed = new();

        public string Name => nameof(HoldEndsPlaced);

        public IReadOnlyList<DateTimeOffset> For(string outlet) => [.. _placed.Where(p => p.Outlet == outlet).Select(p => p.At)];

        public ValueTask JobScheduled(IScheduler scheduler, ITrigger trigger, CancellationToken cancellationToken = default)
        {
            if (trigger.Key.Group == OutletTriggers.HoldGroup)
            {
                _placed.Enqueue((trigger.Key.Name, trigger.StartTimeUtc));
            }
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>/healthz, /outlets and the index page say what `status` says: waiting, why, and until when; not failing.</summary>
    private static async Task AssertShownWaitingAsync(SoakWorker worker, string outlet, string reason, DateTimeOffset until, string names)
    {
        using var health = System.Text.Json.JsonDocument.Parse(await worker.Http.GetStringAsync("healthz"));
        var root = health.RootElement;
        Assert.NotEqual("unhealthy", root.GetProperty("status").GetString());
        Assert.Equal(1, root.GetProperty("outlets").GetProperty("waiting").GetInt32());
        Assert.DoesNotContain(root.GetProperty("failing").EnumerateArray(), f => f.GetProperty("id").GetString() == outlet);
        var waiting = Assert.Single(root.GetProperty("waiting").EnumerateArray());
        Assert.Equal(outlet, waiting.GetProperty("id").GetString());
        Assert.Equal(reason, waiting.GetProperty("reason").GetString());
        Assert.Equal(until, waiting.GetProperty("until").GetDateTimeOffset());
        Assert.Contains(names, waiting.GetProperty("message").GetString(), StringComparison.Ordinal);

        var page = await worker.Http.GetStringAsync("outlets");
        var section = page[page.IndexOf($"<span class=\"muted\">{outlet}</span>", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("</section>", StringComparison.Ordinal)];
        Assert.Contains($"Waiting until {until.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)}", section, StringComparison.Ordinal);
        Assert.Contains($"(reason: {reason})", section, StringComparison.Ordinal);
        Assert.DoesNotContain("Failing", section, StringComparison.Ordinal);

        var index = await worker.Http.GetStringAsync("");
        Assert.Contains($"waiting until {until.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}: ", index, StringComparison.Ordinal);
    }

    private static async Task<ExecutedJobs> ListenAsync(SoakWorker worker)
    {
        var scheduler = await worker.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var executed = new ExecutedJobs(worker.Time, nameof(HeldPollLoopTests));
        scheduler.ListenerManager.AddJobListener(executed);
        return executed;
    }

    /// <summary>Moves the worker's clock to <paramref name="at"/> and waits until the outlet's job has run at that time.</summary>
    private static async Task AdvanceToAsync(SoakWorker worker, ExecutedJobs executed, DateTimeOffset at, string outlet)
    {
        Assert.True(at > worker.Time.GetUtcNow(), $"{at:O} is not after {worker.Time.GetUtcNow():O}");
        worker.Time.Advance(at - worker.Time.GetUtcNow());
        await WaitFor.UntilAsync($"{outlet} run at {at:O} ({executed})", () => Task.FromResult(executed.RanAt(outlet, at)));
    }

    /// <summary>Quartz's scheduler thread sleeps at most this long when nothing is due.</summary>
    private static readonly TimeSpan QuartzIdleWait = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Moves the clock to <paramref name="at"/>, then on a second at a time until the outlet's job has run. A jump of
    /// nearly a minute onto the hold's end raced Quartz's scheduler thread in two of three runs: the fake clock wakes
    /// the thread's idle sleep at that sleep's own time, the thread reads the clock before the jump has finished, finds
    /// nothing due within its idle window and sleeps again from there, on a clock that no longer moves. A real clock
    /// keeps moving, so this costs a worker at most one idle wait; the test moves it on as one would.
    /// </summary>
    private static async Task AdvanceUntilRunAsync(SoakWorker worker, ExecutedJobs executed, DateTimeOffset at, string outlet)
    {
        worker.Time.Advance(at - worker.Time.GetUtcNow());
        for (var second = 0; !executed.RanAt(outlet, at); second++)
        {
            Assert.True(second <= QuartzIdleWait.TotalSeconds, $"{outlet} not run within {QuartzIdleWait} of {at:O} ({executed})");
            var waited = Stopwatch.StartNew();
            while (!executed.RanAt(outlet, at) && waited.Elapsed < TimeSpan.FromSeconds(2))
            {
                await Task.Delay(20);
            }
            if (!executed.RanAt(outlet, at))
            {
                worker.Time.Advance(TimeSpan.FromSeconds(1));
            }
        }
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

    /// <summary>Two news items of the outlet, dated before the test's start.</summary>
    private static async Task Feed(HttpContext context, string outlet)
    {
        context.Response.ContentType = "application/rss+xml";
        await context.Response.WriteAsync($"""
            <?xml version="1.0" encoding="utf-8"?>
            <rss version="2.0"><channel><title>{outlet}</title><link>http://{outlet}.example/</link><description>news</description>
            <item><title>{outlet} news one</title><link>http://{outlet}.example/1</link><guid>{outlet}-1</guid>
              <pubDate>{Start.AddHours(-2):R}</pubDate><description>First news of {outlet}.</description></item>
            <item><title>{outlet} news two</title><link>http://{outlet}.example/2</link><guid>{outlet}-2</guid>
              <pubDate>{Start.AddHours(-1):R}</pubDate><description>Second news of {outlet}.</description></item>
            </channel></rss>
            """);
    }
}
