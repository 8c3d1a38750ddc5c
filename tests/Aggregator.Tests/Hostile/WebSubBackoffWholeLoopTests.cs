using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Aggregator.Store;
using Aggregator.Tests.Cli;
using Aggregator.Tests.Fixtures;
using Aggregator.Tests.LongRun;
using Aggregator.WebSub;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Aggregator.Tests.Hostile;

/// <summary>
/// A hub that stops taking renewals, through the whole loop (the worker as `run` composes it: Quartz, the subscriber's
/// sweep, the fetcher, the SQLite store, on a fake clock they all run on): it refuses with a 503, then hangs one request
/// until the fetch timeout, then refuses again until the back-off reaches its cap, then answers. The subscriber must
/// ask again no sooner and not much later than its back-off says (5 minutes doubling to a day), the outlet must be
/// polled at every beat once its lease is due for renewal, `status`, /healthz and /metrics must show the failing
/// subscription with its count, reason and next try, and the hub's return must clear all of it.
/// </summary>
public sealed class WebSubBackoffWholeLoopTests : IDisposable
{
    private const string Outlet = "hubbed";
    private static readonly DateTimeOffset Start = SoakOutlets.Epoch.AddHours(12);

    /// <summary>The clock's step: the sweep runs at least once per step (it runs every 10 minutes), the outlet's 4 h beat is never missed.</summary>
    private static readonly TimeSpan Step = TimeSpan.FromHours(1);

    /// <summary>Past the fetcher's 30 s total timeout: what a hanging hub costs the sweep on the worker's clock.</summary>
    private static readonly TimeSpan PastFetchTimeout = TimeSpan.FromSeconds(31);

    private static readonly TimeSpan Granted = TimeSpan.FromDays(2);
    private static readonly HttpClient Verifier = new() { Timeout = TimeSpan.FromSeconds(60) };
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private enum HubMode
    {
        Answers,
        Refuses,
        Hangs,
    }

    [Fact]
    public async Task AHubThatRefusesAndHangsRenewals_IsAskedLessAndLessOften_PollingGoesOn_TheStateIsShown_AndItRecovers()
    {
        var mode = (int)HubMode.Answers;
        Func<DateTimeOffset> clock = () => Start;
        var hubRequests = new ConcurrentQueue<(DateTimeOffset At, HubMode Mode)>();
        var feedRequests = new ConcurrentQueue<DateTimeOffset>();
        var verified = 0;
        var hanging = 0;
        LoopbackApp? site = null;
        site = await LoopbackApp.StartAsync(web => web.Run(async context =>
        {
            switch (context.Request.Path.Value)
            {
                case "/feed.rss":
                    feedRequests.Enqueue(clock());
                    context.Response.ContentType = "application/rss+xml";
                    await context.Response.WriteAsync(Feed(site!.Address));
                    break;
                case "/hub":
                    var now = (HubMode)Volatile.Read(ref mode);
                    hubRequests.Enqueue((clock(), now));
                    await HubAsync(context, now);
                    break;
                default:
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    break;
            }
        }));
        await using var _ = site;

        async Task HubAsync(HttpContext context, HubMode now)
        {
            switch (now)
            {
                case HubMode.Refuses:
                    context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                    return;
                case HubMode.Hangs:
                    Interlocked.Increment(ref hanging);
                    try
                    {
                        // Accepted, never answered: only the subscriber's fetch timeout ends it.
                        await Task.Delay(Timeout.Infinite, context.RequestAborted);
                    }
                    catch (OperationCanceledException)
                    {
                    }
                    finally
                    {
                        Interlocked.Decrement(ref hanging);
                    }
                    return;
            }
            // WebSub §5.3: the hub verifies intent at the callback before it answers, granting its own lease.
            var form = await context.Request.ReadFormAsync();
            var challenge = Guid.NewGuid().ToString("N");
            var verify = string.Create(CultureInfo.InvariantCulture,
                $"{form["hub.callback"]}?hub.mode=subscribe&hub.topic={Uri.EscapeDataString(form["hub.topic"].ToString())}&hub.challenge={challenge}&hub.lease_seconds={(long)Granted.TotalSeconds}");
            using var answer = await Verifier.GetAsync(new Uri(verify));
            if (answer.IsSuccessStatusCode && await answer.Content.ReadAsStringAsync() == challenge)
            {
                Interlocked.Increment(ref verified);
            }
            context.Response.StatusCode = StatusCodes.Status202Accepted;
        }

        await using var worker = await SoakWorker.StartAsync(_folder, publicUrl => $$"""
            {
              "defaults": { "interval": "4h", "publicUrl": "{{publicUrl}}" },
              "outlets": [ { "id": "{{Outlet}}", "url": "{{site.Address}}feed.rss" } ],
              "topics": [ { "id": "news", "title": "News", "include": ["news"] } ]
            }
            """, Start);
        clock = worker.Time.GetUtcNow;
        var store = worker.Services.GetRequiredService<IAggregatorStore>();
        var subscriber = worker.Services.GetServices<IHostedService>().OfType<WebSubSubscriber>().Single();
        var firings = await FinishedFirings.ListenAsync(worker.Services, worker.Time.GetUtcNow());

        async Task StepAsync()
        {
            var sweeps = subscriber.Sweeps;
            worker.Time.Advance(Step);
            // Bounded by probes, not by the clock; a round that never ends says what it waits for.
            for (var probe = 0; ; probe++)
            {
                if (Volatile.Read(ref hanging) > 0)
                {
                    // The sweep waits on a hub that never answers: the fetch's timeout runs on the worker's clock.
                    worker.Time.Advance(PastFetchTimeout);
                }
                else if (await firings.BusyAtAsync(worker.Time.GetUtcNow()) is not { } busy)
                {
                    // A sweep on the clock's beat ran after the step's polls (HasSweptEveryPoll was seen to stay false
                    // after a poll that ended while a timed sweep ran: its hub is then looked at by the next one).
                    if (subscriber.Sweeps > sweeps)
                    {
                        return;
                    }
                }
                Assert.True(probe < 1500, $"the round at {worker.Time.GetUtcNow():O}: {await firings.BusyAtAsync(worker.Time.GetUtcNow())}; sweeps {subscriber.Sweeps} (were {sweeps}), swept every poll: {subscriber.HasSweptEveryPoll}; hanging {Volatile.Read(ref hanging)}; hub asked at {Describe([.. hubRequests])}; log: {string.Join(" | ", worker.Log.All.TakeLast(8))}");
                await Task.Delay(20);
            }
        }

        // Subscribed at the first poll, for the lease the hub grants.
        await StepAsync();
        Assert.True(Volatile.Read(ref verified) == 1, $"verified {verified}; hub asked at {Describe([.. hubRequests])}; feed fetched {feedRequests.Count} times");
        var subscribedAt = Assert.Single(hubRequests).At;
        var renewAt = (await store.GetOutletAsync(Outlet, CancellationToken.None))!.WebSubExpires!.Value;
        Assert.Equal(subscribedAt + Granted - TimeSpan.FromDays(1), renewAt);

        // From here on the hub refuses; its fourth request hangs. Stepped until two requests in a row came a day apart
        // (the cap), bounded by count: the back-off's sum to its cap is under two days, plus the day before renewal.
        Volatile.Write(ref mode, (int)HubMode.Refuses);
        var failed = new List<(DateTimeOffset At, HubMode Mode)>();
        for (var step = 0; step < 6 * 24 && !AtCap(failed); step++)
        {
            await StepAsync();
            failed = [.. hubRequests.Skip(1)];
            Volatile.Write(ref mode, (int)(failed.Count == 3 ? HubMode.Hangs : HubMode.Refuses));
        }
        Assert.True(AtCap(failed), $"never reached the cap: {Describe(failed)}");
        Assert.InRange(failed[0].At, renewAt, renewAt + Step);
        Assert.Equal([HubMode.Refuses, HubMode.Refuses, HubMode.Refuses, HubMode.Hangs], failed.Take(4).Select(f => f.Mode));

        // Each try came no sooner than the back-off allowed, and no later than the sweep after it: 5 min doubling to a day.
        for (var i = 1; i < failed.Count; i++)
        {
            var delay = WebSubSubscriber.RetryDelay(i);
            Assert.InRange(failed[i].At - failed[i - 1].At, delay, delay + Step + PastFetchTimeout);
        }
        Assert.Equal(TimeSpan.FromDays(1), WebSubSubscriber.RetryDelay(failed.Count - 1));
        Assert.Equal(1, Volatile.Read(ref verified));

        // Polling went on: from the renewal on, the outlet was fetched at each of its 4 h beats (before it, the lease
        // let a push stand in for polls).
        var now = worker.Time.GetUtcNow();
        var polledSince = feedRequests.Count(at => at > renewAt);
        var beats = (int)((now - renewAt) / TimeSpan.FromHours(4));
        Assert.InRange(polledSince, beats, beats + 1);
        Assert.Equal(0, (await store.GetOutletAsync(Outlet, CancellationToken.None))!.ConsecutiveFailures);

        // The state, everywhere an operator looks: count, reason, since when, and when the next try comes.
        var nextTry = failed[^1].At + WebSubSubscriber.RetryDelay(failed.Count);
        var nextTryText = "next try after " + nextTry.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var health = JsonDocument.Parse(await worker.Http.GetStringAsync(new Uri("/healthz", UriKind.Relative))).RootElement;
        Assert.Equal("ok", health.GetProperty("status").GetString());
        var warning = Assert.Single(health.GetProperty("webSub").EnumerateArray());
        Assert.Equal((Outlet, WebSubSubscriber.HubRefused, failed.Count), (warning.GetProperty("id").GetString(), warning.GetProperty("reason").GetString(), warning.GetProperty("failures").GetInt32()));
        Assert.Contains("503 status code", warning.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains(nextTryText, warning.GetProperty("error").GetString(), StringComparison.Ordinal);
        var metrics = await worker.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Contains($"aggregator_websub_subscription_failures_total{{outlet=\"{Outlet}\",reason=\"{WebSubSubscriber.HubRefused}\"}} {failed.Count - 1}\n", metrics, StringComparison.Ordinal);
        Assert.Contains($"aggregator_websub_subscription_failures_total{{outlet=\"{Outlet}\",reason=\"{WebSubSubscriber.Unreachable}\"}} 1\n", metrics, StringComparison.Ordinal);
        var status = await StatusLineAsync(worker);
        Assert.Contains($"(hub_refused, {failed.Count} failed since ", status, StringComparison.Ordinal);
        Assert.Contains(nextTryText, status, StringComparison.Ordinal);

        // The hub comes back: the next try (a day later at most) subscribes, and every trace of the failure goes.
        Volatile.Write(ref mode, (int)HubMode.Answers);
        for (var step = 0; step < 25 && Volatile.Read(ref verified) < 2; step++)
        {
            await StepAsync();
        }
        Assert.Equal(2, Volatile.Read(ref verified));
        Assert.InRange(hubRequests.Last().At, nextTry, nextTry + Step);
        health = JsonDocument.Parse(await worker.Http.GetStringAsync(new Uri("/healthz", UriKind.Relative))).RootElement;
        Assert.Empty(health.GetProperty("webSub").EnumerateArray());
        Assert.DoesNotContain("websub", await StatusLineAsync(worker), StringComparison.Ordinal);
        Assert.True((await store.GetOutletAsync(Outlet, CancellationToken.None))!.WebSubExpires > worker.Time.GetUtcNow());
    }

    /// <summary>The last two tries came a day apart: the back-off is at its cap.</summary>
    private static bool AtCap(List<(DateTimeOffset At, HubMode Mode)> failed) =>
        failed.Count >= 3 && failed[^1].At - failed[^2].At >= TimeSpan.FromDays(1);

    private static string Describe(List<(DateTimeOffset At, HubMode Mode)> requests) =>
        string.Join(", ", requests.Select(r => $"{r.At:MM-dd HH:mm:ss} {r.Mode}"));

    private async Task<string> StatusLineAsync(SoakWorker worker)
    {
        var status = await CliRunner.RunAsync("--config", worker.ConfigPath, "--data", _folder.File("data"), "status");
        Assert.Equal(0, status.ExitCode);
        return Assert.Single(status.Lines, l => l.StartsWith(Outlet + " ", StringComparison.Ordinal));
    }

    private static string Feed(Uri site) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>Hubbed</title><link>{site}</link><description>news</description>
        <atom:link rel="hub" href="{site}hub"/><atom:link rel="self" href="{site}feed.rss"/>
        <item><title>Hubbed news one</title><link>{site}1</link><guid>hubbed-1</guid>
          <pubDate>{Start.AddHours(-1):R}</pubDate><description>The news of the hubbed outlet.</description></item>
        </channel></rss>
        """;
}
