using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Aggregator.Fetch;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Aggregator.Tests.Fetch;

/// <summary>
/// The robots cache over time, against a real local site on a fake clock: a robots.txt too large to read whole, one
/// that never answers, and a year of outlets coming and going while their robots.txt changes.
/// </summary>
public sealed class RobotsCacheTests
{
    [Fact]
    public async Task HugeRobots_ItsFirstPartIsReadAndObeyed_NotTakenAsUnreachable()
    {
        // Past the fetch's body limit: read whole, it failed as too large and counted as unreachable, which disallowed
        // every page of the host at every retry. RFC 9309 §2.5 has the first 500 KiB parsed and the rest ignored.
        var options = new FetchOptions { MaxBodyBytes = 1024 * 1024 };
        var huge = new StringBuilder("User-agent: *\nDisallow: /private/\n");
        while (huge.Length < 3 * options.MaxBodyBytes)
        {
            huge.Append("# padding, padding, padding, padding, padding, padding, padding, padding\n");
        }
        huge.Append("User-agent: *\nDisallow: /news/\n");
        await using var site = await TinySite.StartAsync(context => context.Request.Path == "/robots.txt"
            ? TinySite.Text(context, huge.ToString())
            : TinySite.Text(context, "<html><body>page</body></html>"));
        using var services = new ServiceCollection().AddFetching(options).BuildServiceProvider();
        var fetcher = services.GetRequiredService<Fetcher>();

        var news = await fetcher.FetchAsync(new FetchRequest(site.Url("/news/1"), RespectRobots: true), CancellationToken.None);
        var hidden = await fetcher.FetchAsync(new FetchRequest(site.Url("/private/1"), RespectRobots: true), CancellationToken.None);

        // The rule past the parsed part is not read; the one before it is obeyed.
        Assert.Equal(FetchResultKind.Ok, news.Kind);
        Assert.True(hidden.DisallowedByRobots);
        Assert.Equal("fetch: disallowed by robots.txt (/private/1)", hidden.Error);
        Assert.Equal(1, site.Hits("/robots.txt"));
    }

    [Fact]
    public async Task HangingRobots_DisallowsWithinTheFetchTimeout_AndIsTakenAsAbsentAfterTheUnreachableLimit()
    {
        // The rule: a robots.txt that never answers is unreachable once the fetch timeout ends its request, which
        // disallows the host's pages (RFC 9309 §2.3.1.4) and is asked again every RobotsRetryAfterError; after
        // RobotsUnreachableLimit of that with no good copy from before, it counts as absent and the pages are read.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var options = new FetchOptions
        {
            Timeout = TimeSpan.FromSeconds(30),
            RobotsRetryAfterError = TimeSpan.FromDays(1),
            RobotsUnreachableLimit = TimeSpan.FromDays(30),
        };
        var robotsAsked = 0;
        await using var site = await TinySite.StartAsync(async context =>
        {
            if (context.Request.Path == "/robots.txt")
            {
                Interlocked.Increment(ref robotsAsked);
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return;
            }
            await TinySite.Text(context, "<html><body>page</body></html>");
        });
        using var services = new ServiceCollection().AddSingleton<TimeProvider>(clock).AddFetching(options).BuildServiceProvider();
        var fetcher = services.GetRequiredService<Fetcher>();
        var start = clock.GetUtcNow();

        var results = new List<(double Day, FetchResult Result)>();
        for (var day = 0; day <= 32; day++)
        {
            var asked = Volatile.Read(ref robotsAsked);
            var fetch = fetcher.FetchAsync(new FetchRequest(site.Url($"/news/{day}"), RespectRobots: true), CancellationToken.None);
            // The robots.txt request hangs until the fetch deadline, which runs on this clock: step it past the timeout.
            await WaitForAsync(() => Volatile.Read(ref robotsAsked) > asked || fetch.IsCompleted, "the robots.txt request to arrive");
            if (!fetch.IsCompleted)
            {
                await WaitForAsync(() => site.MaxInFlight > 0, "the request to be in flight");
                clock.Advance(options.Timeout);
            }
            var result = await fetch.WaitAsync(TimeSpan.FromMinutes(2));
            results.Add(((clock.GetUtcNow() - start).TotalDays, result));
            clock.Advance(options.RobotsRetryAfterError);
        }

        var refused = results.Where(r => r.Result.DisallowedByRobots).ToList();
        var read = results.Where(r => r.Result.Kind == FetchResultKind.Ok).ToList();
        Assert.Equal(results.Count, refused.Count + read.Count);
        Assert.All(refused, r => Assert.StartsWith("fetch: robots.txt unreachable (", r.Result.Error, StringComparison.Ordinal));
        // Refused for the first 30 days, read from then on, each day's robots.txt asked for again.
        Assert.All(refused, r => Assert.True(r.Day < 30, $"refused on day {r.Day:F2}"));
        Assert.All(read, r => Assert.True(r.Day >= 30, $"read on day {r.Day:F2}"));
        Assert.Equal(30, refused.Count);
        Assert.Equal(results.Count, Volatile.Read(ref robotsAsked));
        Assert.Equal(read.Count, site.Arrivals.Count(a => a.Path.StartsWith("/news/", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task AYearOfOutletChurn_KeepsOnlyRecentOrigins_AndAChangedRobotsIsObeyedWithinItsLifetime()
    {
        // Outlets each live LifetimeDays; one starts every StartEveryHours, so about a dozen are live at once and
        // 365 come and go. Half of them change their robots.txt to "Disallow: /" halfway through their life.
        const int LifetimeDays = 20;
        const int StartEveryHours = 24;
        const int PollEveryHours = 12;
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var start = clock.GetUtcNow();
        var options = new FetchOptions { RobotsCacheDuration = TimeSpan.FromHours(24), RobotsRetryAfterError = TimeSpan.FromMinutes(30) };
        var outlets = Enumerable.Range(0, 365).Select(i => new ChurnOutlet(i, start + TimeSpan.FromHours(i * StartEveryHours), TimeSpan.FromDays(LifetimeDays))).ToList();
        await using var site = await TinySite.StartAsync(context =>
        {
            // /robots/{outlet}: the robots.txt of that outlet's host, as it reads at the fake clock's now.
            var outlet = outlets[int.Parse(context.Request.Path.Value!["/robots/".Length..], CultureInfo.InvariantCulture)];
            return TinySite.Text(context, outlet.DisallowsAt(clock.GetUtcNow()) ? "User-agent: *\nDisallow: /\n" : "User-agent: *\nDisallow: /private/\n");
        });
        using var services = new ServiceCollection().AddSingleton<TimeProvider>(clock).AddFetching(options).BuildServiceProvider();
        var fetcher = services.GetRequiredService<Fetcher>();
        // Each outlet has its own host (outlet-N.test); its robots.txt is fetched for real from the local site.
        var cache = new RobotsCache(
            (request, ct) => fetcher.FetchAsync(
                request with { Url = site.Url("/robots/" + request.Url.Host["outlet-".Length..^".test".Length]), TrustedOrigin = site.Url("/") }, ct),
            options, clock);

        var asked = new ConcurrentDictionary<int, DateTimeOffset>();
        var largest = 0;
        var wrong = new List<string>();
        for (var now = start; now < start + TimeSpan.FromDays(365 + LifetimeDays); now += TimeSpan.FromHours(PollEveryHours))
        {
            clock.SetUtcNow(now);
            foreach (var outlet in outlets.Where(o => o.LiveAt(now)))
            {
                var refusal = await cache.RefusalAsync(new FetchRequest(outlet.Page, RespectRobots: true), CancellationToken.None);
                asked[outlet.Index] = now;
                // Cached for a day: the change may go unseen for at most that long, and must be seen after it.
                var mustRefuse = outlet.DisallowsAt(now - options.RobotsCacheDuration);
                var mayRefuse = outlet.DisallowsAt(now);
                if ((refusal is not null && !mayRefuse) || (refusal is null && mustRefuse))
                {
                    wrong.Add($"{outlet.Page} at day {(now - start).TotalDays}: {refusal?.Error ?? "allowed"}");
                }
            }
            largest = Math.Max(largest, cache.Count);
            // Only origins asked about within a cache lifetime and a sweep interval may be held.
            var recent = asked.Count(a => a.Value > now - options.RobotsCacheDuration - options.RobotsRetryAfterError - TimeSpan.FromHours(PollEveryHours));
            Assert.True(cache.Count <= recent, $"{cache.Count} origins held at day {(now - start).TotalDays}, {recent} asked about lately");
        }

        Assert.Empty(wrong);
        Assert.Equal(365, asked.Count);
        Assert.InRange(largest, LifetimeDays, LifetimeDays + 3);
        Assert.Contains(outlets, o => o.Changes);
    }

    private static async Task WaitForAsync(Func<bool> done, string what)
    {
        using var hang = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (!done())
        {
            Assert.False(hang.IsCancellationRequested, $"still waiting for {what}");
            await Task.Delay(5, CancellationToken.None);
        }
    }

    private sealed record ChurnOutlet(int Index, DateTimeOffset Born, TimeSpan Lifetime)
    {
        public Uri Page => new($"http://outlet-{Index}.test/news/list");

        public bool Changes => Index % 2 == 1;

        public bool LiveAt(DateTimeOffset now) => now >= Born && now < Born + Lifetime;

        public bool DisallowsAt(DateTimeOffset now) => Changes && now >= Born + Lifetime / 2;
    }
}
