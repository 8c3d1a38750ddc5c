using System.Globalization;
using System.Text;
using Aggregator.Tests.Fixtures;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Aggregator.Tests.LongRun;

/// <summary>
/// Generated outlets on a real Kestrel server on 127.0.0.1 whose feeds rotate with the simulated day: each day an outlet
/// publishes <see cref="NewPerDay"/> articles and its feed lists the last <see cref="ListedDays"/> days of them, so every
/// poll brings news and old items fall off the feed as they do at a real outlet. Article pages are served for fullText
/// outlets, with the same menu and appeal on every page (the outlet's furniture). An outlet can be made to fail.
/// </summary>
internal sealed class SoakOutlets : IAsyncDisposable
{
    public const int NewPerDay = 4;
    public const int ListedDays = 3;

    private static readonly HttpClient HubClient = new() { Timeout = TimeSpan.FromSeconds(60) };

    private readonly LoopbackApp _app;
    private readonly Dictionary<string, Failure> _failing = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HubPlan> _hubs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _hubRequests = new(StringComparer.Ordinal);
    private readonly List<Verification> _verifications = [];
    private readonly Lock _gate = new();
    private int _day;

    private SoakOutlets(LoopbackApp app) => _app = app;

    public enum Failure
    {
        /// <summary>Answers 500 with an error page.</summary>
        ServerError,

        /// <summary>Answers 200 with a body that is no feed.</summary>
        NotAFeed,
    }

    /// <summary>How an outlet's WebSub hub behaves: whether its feed names it, whether it takes subscriptions, the lease it grants.</summary>
    public sealed record HubPlan(bool Advertised, bool Answers, TimeSpan Lease);

    /// <summary>A subscription the hub confirmed at the subscriber's callback, at <see cref="Clock"/>'s time.</summary>
    public sealed record Verification(string Outlet, DateTimeOffset At, TimeSpan Lease)
    {
        public DateTimeOffset Ends => At + Lease;
    }

    /// <summary>The simulated time a hub notes its verifications at (the worker's clock).</summary>
    public Func<DateTimeOffset> Clock { get; set; } = () => DateTimeOffset.UnixEpoch;

    public static async Task<SoakOutlets> StartAsync()
    {
        SoakOutlets? outlets = null;
        var app = await LoopbackApp.StartAsync(web => web.Run(context => outlets!.HandleAsync(context)));
        outlets = new SoakOutlets(app);
        return outlets;
    }

    /// <summary>The simulated day the feeds show.</summary>
    public int Day
    {
        get => Volatile.Read(ref _day);
        set => Volatile.Write(ref _day, value);
    }

    public Uri FeedUrl(string outlet) => new(_app.Address, $"/{outlet}/feed.xml");

    public void Fail(string outlet, Failure how)
    {
        lock (_gate)
        {
            _failing[outlet] = how;
        }
    }

    /// <summary>Gives the outlet a hub at /{outlet}/hub (or changes how it behaves).</summary>
    public void Hub(string outlet, HubPlan plan)
    {
        lock (_gate)
        {
            _hubs[outlet] = plan;
        }
    }

    /// <summary>Subscription requests the outlet's hub received, answered or not.</summary>
    public int HubRequests(string outlet)
    {
        lock (_gate)
        {
            return _hubRequests.GetValueOrDefault(outlet);
        }
    }

    public IReadOnlyList<Verification> Verifications(string outlet)
    {
        lock (_gate)
        {
            return [.. _verifications.Where(v => v.Outlet == outlet)];
        }
    }

    public void Recover(string outlet)
    {
        lock (_gate)
        {
            _failing.Remove(outlet);
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var parts = context.Request.Path.Value!.Trim('/').Split('/');
        if (parts is [_, "robots.txt"] or ["robots.txt"])
        {
            await WriteAsync(context, "text/plain", "User-agent: *\nAllow: /\n");
            return;
        }
        if (parts is [var hubOf, "hub"])
        {
            await HubAsync(context, hubOf);
            return;
        }
        if (parts.Length < 2)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        var outlet = parts[0];
        Failure? failure;
        lock (_gate)
        {
            failure = _failing.TryGetValue(outlet, out var f) ? f : null;
        }
        switch (failure)
        {
            case Failure.ServerError:
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                await WriteAsync(context, "text/html", "<html><body>Internal error</body></html>");
                return;
            case Failure.NotAFeed:
                await WriteAsync(context, "text/html", "<html><body><p>We are down for maintenance.</p></body></html>");
                return;
        }
        if (parts[1] == "feed.xml")
        {
            await WriteAsync(context, "application/rss+xml", Feed(outlet, Day));
        }
        else if (parts.Length == 3 && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var day) && int.TryParse(parts[2], CultureInfo.InvariantCulture, out var k))
        {
            await WriteAsync(context, "text/html", Page(outlet, day, k));
        }
        else
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
        }
    }

    /// <summary>
    /// A hub as WebSub §5 has it, verifying intent before it answers (so a subscription is confirmed or not by the time the
    /// subscriber hears back): it asks the callback to echo a challenge, granting its own lease.
    /// </summary>
    private async Task HubAsync(HttpContext context, string outlet)
    {
        HubPlan? plan;
        lock (_gate)
        {
            _hubRequests[outlet] = _hubRequests.GetValueOrDefault(outlet) + 1;
            plan = _hubs.GetValueOrDefault(outlet);
        }
        if (plan is not { Answers: true } || !context.Request.HasFormContentType)
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return;
        }
        var form = await context.Request.ReadFormAsync();
        var challenge = Guid.NewGuid().ToString("N");
        var verify = string.Create(CultureInfo.InvariantCulture,
            $"{form["hub.callback"]}?hub.mode=subscribe&hub.topic={Uri.EscapeDataString(form["hub.topic"].ToString())}&hub.challenge={challenge}&hub.lease_seconds={(long)plan.Lease.TotalSeconds}");
        using var answer = await HubClient.GetAsync(new Uri(verify));
        if (answer.IsSuccessStatusCode && await answer.Content.ReadAsStringAsync() == challenge)
        {
            lock (_gate)
            {
                _verifications.Add(new Verification(outlet, Clock(), plan.Lease));
            }
        }
        context.Response.StatusCode = StatusCodes.Status202Accepted;
    }

    private static Task WriteAsync(HttpContext context, string contentType, string body)
    {
        context.Response.ContentType = contentType + "; charset=utf-8";
        return context.Response.WriteAsync(body);
    }

    /// <summary>The outlet's feed on <paramref name="day"/>: the articles of that day and the days before, newest first.</summary>
    private string Feed(string outlet, int day)
    {
        var items = new StringBuilder();
        for (var d = day; d > day - ListedDays && d >= 0; d--)
        {
            for (var k = NewPerDay - 1; k >= 0; k--)
            {
                var link = new Uri(_app.Address, $"/{outlet}/{d}/{k}").AbsoluteUri;
                items.Append(CultureInfo.InvariantCulture, $"""
                    <item><title>{Title(outlet, d, k)}</title><link>{link}</link><guid>{link}</guid>
                    <pubDate>{Published(d, k).ToString("R", CultureInfo.InvariantCulture)}</pubDate>
                    <description>{Words(outlet, d, k, 30)}</description></item>

                    """);
            }
        }
        bool advertised;
        lock (_gate)
        {
            advertised = _hubs.TryGetValue(outlet, out var plan) && plan.Advertised;
        }
        var hub = advertised
            ? $"""<atom:link rel="hub" href="{new Uri(_app.Address, $"/{outlet}/hub").AbsoluteUri}"/><atom:link rel="self" href="{FeedUrl(outlet).AbsoluteUri}"/>"""
            : "";
        return $"""
            <?xml version="1.0" encoding="utf-8"?>
            <rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>{outlet}</title><link>{_app.Address.AbsoluteUri}</link>{hub}
            {items}</channel></rss>
            """;
    }

    /// <summary>An article page: the story between the outlet's menu and appeal, which every page repeats.</summary>
    private static string Page(string outlet, int day, int k) => $"""
        <html><head><title>{Title(outlet, day, k)}</title></head><body>
        <nav><a href="/">Home</a> <a href="/world">World</a> <a href="/about">About {outlet}</a></nav>
        <article><h1>{Title(outlet, day, k)}</h1>
        <p>{Words(outlet, day, k, 60)}</p><p>{Words(outlet, day, k + 100, 60)}</p><p>{Words(outlet, day, k + 200, 60)}</p>
        </article>
        <aside><p>Support independent news from {outlet}: become a member today and keep our reporting free for everyone.</p></aside>
        </body></html>
        """;

    /// <summary>The simulated calendar starts here: day N is this date plus N days.</summary>
    public static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset Published(int day, int k) => Epoch.AddDays(day).AddHours(1 + k);

    private static string Title(string outlet, int day, int k) => $"{outlet} news of day {day}, story {k}: {Words(outlet, day, k + 300, 6)}";

    private static readonly string[] Vocabulary = [.. Enumerable.Range(0, 900).Select(i => string.Create(CultureInfo.InvariantCulture, $"w{i:x3}{(char)('a' + i % 26)}"))];

    /// <summary>Words that differ from article to article, so no two are one story by their text.</summary>
    private static string Words(string outlet, int day, int k, int count)
    {
        var random = new Random(HashCode.Combine(StableHash(outlet), day, k));
        return string.Join(' ', Enumerable.Range(0, count).Select(_ => Vocabulary[random.Next(Vocabulary.Length)]));
    }

    private static int StableHash(string text)
    {
        var hash = 17;
        foreach (var c in text)
        {
            hash = unchecked(hash * 31 + c);
        }
        return hash;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
