using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Aggregator.Fetch;
using Aggregator.Model;
using Aggregator.Pipeline;
using Aggregator.Tests.Cli;
using Aggregator.Tests.Fixtures;
using Aggregator.WebSub;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Hostile;

/// <summary>
/// Issue 17, items 1–5, 7 and the replayed push: what a hostile feed, page or third party tries
/// against fetching and WebSub, through the real fetcher, the real `poll`, `add`, `preview` and `run`.
/// </summary>
public sealed class FetchAndWebSubAttackTests(ReliabilityReport report) : IClassFixture<ReliabilityReport>
{
    private const string Section = "attacks-fetch-websub";
    private static readonly ConcurrentDictionary<string, string> Rows = new(StringComparer.Ordinal);

    [Theory]
    [InlineData("ftp://127.0.0.1/hub", "ftp")]
    [InlineData("gopher://127.0.0.1:70/1", "gopher")]
    [InlineData("ms-msdt:/id PCWDiagnostic", "ms-msdt")]
    [InlineData("search-ms:query=x", "search-ms")]
    [InlineData("file:///etc/passwd", "file")]
    [InlineData("data:text/plain,hello", "data")]
    [InlineData("javascript:alert(1)", "javascript")]
    [InlineData("feed://127.0.0.1/feed.rss", "feed")]
    public async Task Fetch_AnyOtherScheme_IsAOneLineFailure_NeverAnException(string url, string scheme)
    {
        using var services = new ServiceCollection().AddFetching(new FetchOptions { AllowPrivateNetworks = true }).BuildServiceProvider();
        var fetcher = services.GetRequiredService<Fetcher>();

        // Robots first, as for a full-text article: the robots.txt URL is built from the same scheme.
        var result = await fetcher.FetchAsync(new FetchRequest(new Uri(url), RespectRobots: true), CancellationToken.None);

        Assert.Equal(FetchResultKind.Failed, result.Kind);
        Assert.Equal($"fetch: refused {scheme} URL", result.Error);
        Record("2-schemes", "A fetch of ftp:, gopher:, ms-msdt:, search-ms:, file:, data:, javascript:, feed: URLs (robots first)",
            "one-line failure `fetch: refused SCHEME URL`, no exception");
    }

    [Fact]
    public async Task OutletHeadersAndUrlPassword_GoOnlyToTheOutletsOrigin_NotToArticles_TheirRobots_OrAFeedFoundElsewhere()
    {
        var seen = new ConcurrentQueue<(int Port, string Path, string Headers)>();
        LoopbackApp? other = null;
        await using var outletSite = await LoopbackApp.StartAsync(app => app.Run(context => Spy(context, seen, context.Request.Path.Value switch
        {
            "/page.html" => $"""<html><head><link rel="alternate" type="application/rss+xml" href="{other!.Address}feed.rss"></head></html>""",
            _ => Feed("Outlet", null),
        })));
        other = await LoopbackApp.StartAsync(app => app.Run(context => Spy(context, seen, context.Request.Path.Value switch
        {
            "/robots.txt" => "User-agent: *\nAllow: /\n",
            "/article" => "<html><body><article><p>text</p></article></body></html>",
            _ => Feed("Elsewhere", null),
        })));
        await using var _ = other;
        var headers = new Dictionary<string, string> { ["Authorization"] = "Bearer S3CRET-A", ["Cookie"] = "s=S3CRET-C", ["X-Api-Key"] = "S3CRET-K" };
        var outletUrl = new Uri($"http://alice:S3CRET-PW@127.0.0.1:{outletSite.Address.Port}/feed.rss");
        // Loopback everywhere: the SSRF guard is lifted so that only the header rule decides what arrives.
        using var services = new ServiceCollection().AddFetching(new FetchOptions { AllowPrivateNetworks = true }).BuildServiceProvider();
        var fetcher = services.GetRequiredService<Fetcher>();

        var own = await fetcher.FetchAsync(new FetchRequest(outletUrl, TrustedOrigin: outletUrl), CancellationToken.None);
        var withHeaders = await fetcher.FetchAsync(new FetchRequest(outletUrl, Headers: headers, TrustedOrigin: outletUrl), CancellationToken.None);
        var article = await fetcher.FetchAsync(
            new FetchRequest(new Uri(other.Address, "article"), Headers: headers, TrustedOrigin: outletUrl, RespectRobots: true), CancellationToken.None);
        var reader = new OutletReader(fetcher, TimeProvider.System);
        var discovered = await reader.ReadAsync(new Outlet
        {
            Id = "o", Name = "o", Url = new Uri($"http://alice:S3CRET-PW@127.0.0.1:{outletSite.Address.Port}/page.html"), Headers = headers,
        }, null, CancellationToken.None);

        Assert.True(own.IsOk && withHeaders.IsOk && article.IsOk, $"{own.Error} {withHeaders.Error} {article.Error}");
        Assert.Equal(ReadStatus.Ok, discovered.Status);
        // The password is sent as Basic to the outlet, and never kept in the URL links are resolved against.
        Assert.Empty(own.FinalUrl.UserInfo);
        var basic = "Basic " + Convert.ToBase64String("alice:S3CRET-PW"u8.ToArray());
        var toOutlet = seen.Where(s => s.Port == outletSite.Address.Port).ToList();
        Assert.Contains(toOutlet, s => s.Headers.Contains(basic, StringComparison.Ordinal));
        Assert.Contains(toOutlet, s => s.Headers.Contains("S3CRET-K", StringComparison.Ordinal) && s.Headers.Contains("S3CRET-A", StringComparison.Ordinal));
        var toOther = seen.Where(s => s.Port == other.Address.Port).ToList();
        Assert.Equal(["/article", "/feed.rss", "/robots.txt"], toOther.Select(s => s.Path).Order(StringComparer.Ordinal));
        foreach (var request in toOther)
        {
            Assert.DoesNotContain("S3CRET", request.Headers, StringComparison.Ordinal);
            Assert.DoesNotContain("Authorization", request.Headers, StringComparison.OrdinalIgnoreCase);
        }
        Record("4-headers", "Outlet `headers` and URL password vs. an article's host, its robots.txt and an autodiscovered feed on another host",
            "sent to the outlet's origin only (password as Basic, never in a URL); nothing of them reached the other host");
    }

    [Fact]
    public async Task Poll_APasswordInTheOutletUrl_ReachesNeitherArticleLinksNorTheWebSubTopic()
    {
        await using var world = await OutletsWorld.StartAsync();
        world.Server.Set("private.rss", """
            <rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>Members</title>
            <atom:link rel="hub" href="https://hub.example/"/>
            <item><title>Relative</title><link>/members/story-1</link><guid>story-1</guid></item></channel></rss>
            """, "application/rss+xml");
        var url = $"http://member:PW-S3CRET@{world.Server.BaseUrl.Authority}/private.rss";
        await File.WriteAllTextAsync(world.ConfigPath, $$"""{ "outlets": [ { "id": "members", "url": "{{url}}" } ] }""");

        var poll = await CliRunner.RunAsync(world.Args("poll"));

        Assert.StartsWith("members  ok  new=1 ", Assert.Single(poll.Lines), StringComparison.Ordinal);
        await using var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(world.DataPath, "aggregator.db")};Mode=ReadOnly;Pooling=False");
        await db.OpenAsync();
        await using var command = db.CreateCommand();
        command.CommandText = "SELECT (SELECT group_concat(link) FROM articles) || ' ' || (SELECT group_concat(websub_topic) FROM outlets)";
        var stored = (string)(await command.ExecuteScalarAsync())!;
        Assert.Contains($"http://{world.Server.BaseUrl.Authority}/members/story-1", stored, StringComparison.Ordinal);
        Assert.Contains($"http://{world.Server.BaseUrl.Authority}/private.rss", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("PW-S3CRET", stored, StringComparison.Ordinal);
        Record("4-userinfo", "An outlet URL with a password, a feed with relative item links and a hub (no rel=self)",
            "article links and the WebSub topic told to the hub carry no password");
    }

    [Fact]
    public async Task Poll_ItemsLinkingToOtherSchemes_AndAFeedSchemeAutodiscovery_EveryOutletGetsItsLine_AddAndPreviewSayWhy()
    {
        await using var world = await OutletsWorld.StartAsync();
        world.Server.Set("fulltext.rss", Feed("Full text",
            null, "ftp://127.0.0.1/a", "gopher://127.0.0.1:70/1", "ms-msdt:/id%20PCWDiagnostic", "file:///etc/passwd"), "application/rss+xml");
        world.Server.Set("page.html", $"""<html><head><link rel="alternate" type="application/rss+xml" href="feed://{world.Server.BaseUrl.Authority}/popular-resistance.rss"></head></html>""", "text/html");
        await File.WriteAllTextAsync(world.ConfigPath, $$"""
            { "outlets": [
              { "id": "fulltext", "url": "{{world.Server.Url("fulltext.rss")}}", "fullText": true },
              { "id": "discover", "url": "{{world.Server.Url("page.html")}}" },
              { "id": "healthy", "url": "{{world.Server.Url("popular-resistance.rss")}}" } ] }
            """);

        var poll = await CliRunner.RunAsync(world.Args("poll"));
        var add = await CliRunner.RunAsync(world.Args("add", world.Server.Url("page.html").AbsoluteUri));
        var preview = await CliRunner.RunAsync(world.Args("preview", world.Server.Url("page.html").AbsoluteUri));

        Assert.True(poll.ExitCode == 0, poll.Error);
        var lines = poll.Lines.ToDictionary(l => l.Split("  ")[0]);
        Assert.Equal(3, lines.Count);
        Assert.Matches(@"^fulltext  ok  new=\d+ ", lines["fulltext"]);
        Assert.StartsWith("healthy  ok  new=6 ", lines["healthy"], StringComparison.Ordinal);
        Assert.Matches(@"^discover  failed  new=0 updated=0  \d+ms  fetch: refused feed URL \(autodiscovered feed feed://", lines["discover"]);
        Assert.Equal(1, add.ExitCode);
        var addError = Assert.Single(add.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("fetch: refused feed URL", addError, StringComparison.Ordinal);
        Assert.Equal(2, preview.ExitCode);
        using var previewed = JsonDocument.Parse(Assert.Single(preview.Lines));
        Assert.StartsWith("fetch: refused feed URL", previewed.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        Record("2-poll", "`poll` of a fullText feed linking to ftp:, gopher:, ms-msdt:, file: items, beside a page autodiscovering a feed: URL",
            "exit 0, a line per outlet: the items kept as the feed gave them, the page `failed: fetch: refused feed URL`; `add` and `preview` print a one-line error");
    }

    [Fact]
    public async Task Run_AnOutletWhosePollCannotSucceed_IsAFailedPollInHealthz_NotNeverPolled()
    {
        await using var world = await OutletsWorld.StartAsync();
        world.Server.Set("page.html", """<html><head><link rel="alternate" type="application/rss+xml" href="ftp://127.0.0.1/feed.rss"></head></html>""", "text/html");
        await File.WriteAllTextAsync(world.ConfigPath, $$"""
            { "defaults": { "interval": "10s" }, "outlets": [ { "id": "discover", "url": "{{world.Server.Url("page.html")}}" } ] }
            """);
        await using var worker = await RunningWorker.StartAsync(world);

        var health = "";
        for (var i = 0; i < 400 && !health.Contains("refused ftp URL", StringComparison.Ordinal); i++)
        {
            await Task.Delay(50);
            using var response = await worker.Http.GetAsync(new Uri("/healthz", UriKind.Relative));
            health = await response.Content.ReadAsStringAsync();
        }

        using var json = JsonDocument.Parse(health);
        Assert.Equal("degraded", json.RootElement.GetProperty("status").GetString());
        Assert.Contains("fetch: refused ftp URL", health, StringComparison.Ordinal);
        Record("2-run", "`run` with a page autodiscovering an ftp: feed", "the poll is stored as failed; /healthz says degraded with the reason");
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Run_HubsAdvertisedByFeeds_FtpOrPrivate_NeitherStopTheWorkerNorAreReached_AHubOnTheOutletsOwnOriginIs()
    {
        var posts = 0;
        await using var intranet = await LoopbackApp.StartAsync(app => app.Run(context =>
        {
            Interlocked.Increment(ref posts);
            context.Response.StatusCode = 202;
            return Task.CompletedTask;
        }));
        await using var world = await OutletsWorld.StartAsync();
        var hubs = new Dictionary<string, string>
        {
            ["ftp-hub"] = "ftp://127.0.0.1/hub",
            ["loopback-hub"] = $"http://127.0.0.1:{intranet.Address.Port}/hub",
            ["mapped-hub"] = $"http://[::ffff:127.0.0.1]:{intranet.Address.Port}/hub",
            ["metadata-hub"] = "http://169.254.169.254/latest/meta-data/",
            // The outlet's own origin answers with a 307 to an intranet host: not followed there.
            ["redirected-hub"] = world.Server.Url("hub-redirect").AbsoluteUri,
            ["own-hub"] = world.Server.Url("hub").AbsoluteUri,
        };
        world.Server.SetStatus("hub-redirect", 307, $"http://127.0.0.1:{intranet.Address.Port}/hub");
        world.Server.Set("hub", "accepted", "text/plain");
        foreach (var (id, hub) in hubs)
        {
            world.Server.Set($"{id}.rss", Feed(id, hub, $"https://example.org/{id}"), "application/rss+xml");
        }
        var port = FreePort.Next();
        await File.WriteAllTextAsync(world.ConfigPath, $$"""
            { "defaults": { "publicUrl": "http://127.0.0.1:{{port}}/", "interval": "10s" },
              "outlets": [ {{string.Join(", ", hubs.Keys.Select(id => $$"""{ "id": "{{id}}", "url": "{{world.Server.Url(id + ".rss")}}" }"""))}} ] }
            """);

        await using var worker = await RunningWorker.StartAsync(world, port);
        for (var i = 0; i < 400 && (world.Server.RequestsTo("hub").Count == 0 || world.Server.RequestsTo("hub-redirect").Count == 0); i++)
        {
            await Task.Delay(50);
        }
        // Every outlet is polled at start; a sweep after each poll tries its hub. Give the last one time to arrive.
        await Task.Delay(TimeSpan.FromSeconds(2));

        Assert.NotEmpty(world.Server.RequestsTo("hub"));
        Assert.NotEmpty(world.Server.RequestsTo("hub-redirect"));
        Assert.Equal(0, Volatile.Read(ref posts));
        using var health = await worker.Http.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Record("1-3-hubs", "`run` with feeds advertising hubs at ftp:, 127.0.0.1, ::ffff:127.0.0.1, 169.254.169.254 and a 307 to loopback",
            "the worker stays up; no request reached the private hub; a hub on the outlet's own origin was subscribed at");
    }

    [Fact]
    public async Task Run_OnlyTheHubCanAnswerTheVerification_NotAThirdPartyAtTheOldCallbackOrAGuessedToken()
    {
        await using var pushed = await PushedOutlet.StartAsync();
        var (topic, callback, _) = pushed.Subscription;

        // A third party answers first, at the old callback and at a guessed token: neither consumes the request.
        var query = $"?hub.mode=subscribe&hub.topic={Uri.EscapeDataString(topic)}&hub.challenge=attacker&hub.lease_seconds=8640000";
        using var atOldPath = await pushed.Worker.Http.GetAsync(new Uri($"/websub/pushed{query}", UriKind.Relative));
        using var atGuess = await pushed.Worker.Http.GetAsync(new Uri($"/websub/pushed/{new string('0', 32)}{query}", UriKind.Relative));
        using var byHub = await pushed.Worker.Http.GetAsync(new Uri(callback + query.Replace("attacker", "from-the-hub", StringComparison.Ordinal)));

        Assert.Equal(HttpStatusCode.NotFound, atOldPath.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, atGuess.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byHub.StatusCode);
        Assert.Equal("from-the-hub", await byHub.Content.ReadAsStringAsync());
        Record("7-verify", "While a subscription is pending, a third party's verification GET at /websub/{outlet} and at a guessed token",
            "both 404, the request stays pending; the hub's own verification at its callback then succeeds");
    }

    [Fact]
    public async Task Run_ASignedPushOf18Kb_IsIngested()
    {
        await using var pushed = await PushedOutlet.StartAsync();
        await pushed.VerifyAsync();
        var body = Atom(pushed.Hub, pushed.Topic, padding: 190, ("urn:story:1", "2025-01-02T10:00:00Z", "EIGHTEEN-KB-PUSH"));

        var status = await PushAsync(pushed.Worker.Http, pushed.Subscription.Callback, pushed.Subscription.Secret, body);
        var all = await pushed.Worker.Http.GetStringAsync(new Uri("/feeds/all.json", UriKind.Relative));

        Assert.InRange(Encoding.UTF8.GetByteCount(body), 17 * 1024, 20 * 1024);
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Contains("EIGHTEEN-KB-PUSH", all, StringComparison.Ordinal);
        Record("5-push-size", $"A signed WebSub push of a real {Encoding.UTF8.GetByteCount(body) / 1024} KB Atom feed through `run`",
            "202 and stored at once (bound: 10 MB on the push endpoint; 16 KB stays the limit everywhere else)");
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Run_AReplayedOlderGenuinePush_RollsNothingBack()
    {
        await using var pushed = await PushedOutlet.StartAsync();
        await pushed.VerifyAsync();
        var older = Atom(pushed.Hub, pushed.Topic, padding: 1, ("urn:story:1", "2025-01-01T10:00:00Z", "FIRST-VERSION"));
        var newer = Atom(pushed.Hub, pushed.Topic, padding: 1, ("urn:story:1", "2025-01-02T10:00:00Z", "SECOND-VERSION"));

        var first = await PushAsync(pushed.Worker.Http, pushed.Subscription.Callback, pushed.Subscription.Secret, older);
        var second = await PushAsync(pushed.Worker.Http, pushed.Subscription.Callback, pushed.Subscription.Secret, newer);
        var replayed = await PushAsync(pushed.Worker.Http, pushed.Subscription.Callback, pushed.Subscription.Secret, older);
        var all = await pushed.Worker.Http.GetStringAsync(new Uri("/feeds/all.json", UriKind.Relative));

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.Accepted], new[] { first, second, replayed });
        Assert.Contains("SECOND-VERSION", all, StringComparison.Ordinal);
        Assert.DoesNotContain("FIRST-VERSION", all, StringComparison.Ordinal);
        Record("14-replay", "A genuine signed push replayed after a newer one (same signature, older `<updated>`)",
            "acknowledged, but the entry is older than the stored article and is not applied (logged): the newer text stays");
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Run_AReplayedPushWhoseEntryHasNoDate_ChangesNothing_NeitherTheArticleNorTheFeedNorItsETag()
    {
        await using var pushed = await PushedOutlet.StartAsync();
        await pushed.VerifyAsync();
        var first = Undated(pushed.Hub, pushed.Topic, "FIRST-VERSION");
        var second = Undated(pushed.Hub, pushed.Topic, "SECOND-VERSION");

        await PushAsync(pushed.Worker.Http, pushed.Subscription.Callback, pushed.Subscription.Secret, first);
        await PushAsync(pushed.Worker.Http, pushed.Subscription.Callback, pushed.Subscription.Secret, second);
        var (etag, feed) = await AtomAsync(pushed.Worker.Http);
        await PushAsync(pushed.Worker.Http, pushed.Subscription.Callback, pushed.Subscription.Secret, second);
        var (sameEtag, sameFeed) = await AtomAsync(pushed.Worker.Http);
        await PushAsync(pushed.Worker.Http, pushed.Subscription.Callback, pushed.Subscription.Secret, first);
        var (replayedEtag, replayedFeed) = await AtomAsync(pushed.Worker.Http);

        Assert.Contains("SECOND-VERSION", feed, StringComparison.Ordinal);
        Assert.Equal((etag, feed), (sameEtag, sameFeed));
        // The replay of a version the store held before, undated: no date says it is older, its content says it is.
        Assert.Equal((etag, feed), (replayedEtag, replayedFeed));
    }

    private static async Task<(string? ETag, string Body)> AtomAsync(HttpClient http)
    {
        using var response = await http.GetAsync(new Uri("/feeds/all.atom", UriKind.Relative));
        response.EnsureSuccessStatusCode();
        return (response.Headers.ETag?.Tag, await response.Content.ReadAsStringAsync());
    }

    /// <summary>An Atom feed with one entry that carries no date at all (neither updated nor published), as some generators write.</summary>
    private static string Undated(Uri hub, Uri self, string text) =>
        $"""<feed xmlns="http://www.w3.org/2005/Atom"><title>Pushed</title><id>urn:pushed</id><link rel="hub" href="{hub}"/><link rel="self" href="{self}"/>"""
        + $"""<entry><id>urn:story:undated</id><title>Story</title><link href="https://example.org/undated"/><summary type="html">&lt;p&gt;{text}&lt;/p&gt;</summary></entry></feed>""";

    /// <summary>
    /// `run` with one outlet whose feed advertises a hub on the outlet's own origin (trusted like the
    /// outlet, so no allowPrivateNetworks): the hub notes the subscription request and verifies only when told.
    /// </summary>
    internal sealed class PushedOutlet : IAsyncDisposable
    {
        private LoopbackApp _hubApp = null!;
        private OutletsWorld _world = null!;

        public RunningWorker Worker { get; private set; } = null!;

        /// <summary>The worker's folder and config, for the CLI (`explain`) beside it.</summary>
        public OutletsWorld World => _world;

        public (string Topic, Uri Callback, string Secret) Subscription { get; private set; }

        public Uri Hub => new(_hubApp.Address, "hub");

        public Uri Topic => new(_hubApp.Address, "feed.atom");

        public static async Task<PushedOutlet> StartAsync()
        {
            var outlet = new PushedOutlet();
            var subscriptions = new ConcurrentQueue<(string Topic, Uri Callback, string Secret)>();
            outlet._hubApp = await LoopbackApp.StartAsync(app =>
            {
                app.MapGet("/feed.atom", () => Results.Text(Atom(outlet.Hub, outlet.Topic, padding: 0), "application/atom+xml"));
                app.MapPost("/hub", async (HttpRequest request) =>
                {
                    var form = await request.ReadFormAsync();
                    subscriptions.Enqueue((form["hub.topic"].ToString(), new Uri(form["hub.callback"].ToString()), form["hub.secret"].ToString()));
                    return Results.Accepted();
                });
            });
            outlet._world = await OutletsWorld.StartAsync();
            var port = FreePort.Next();
            await File.WriteAllTextAsync(outlet._world.ConfigPath, $$"""
                { "defaults": { "publicUrl": "http://127.0.0.1:{{port}}/", "interval": "10s" },
                  "outlets": [ { "id": "pushed", "url": "{{outlet.Topic}}" } ] }
                """);
            outlet.Worker = await RunningWorker.StartAsync(outlet._world, port);
            for (var i = 0; i < 400 && subscriptions.IsEmpty; i++)
            {
                await Task.Delay(50);
            }
            Assert.True(subscriptions.TryPeek(out var subscription), "the worker never asked the hub");
            outlet.Subscription = subscription;
            return outlet;
        }

        /// <summary>The hub confirms at the callback it was given, as WebSub §5.3 has it.</summary>
        public async Task VerifyAsync()
        {
            var query = $"?hub.mode=subscribe&hub.topic={Uri.EscapeDataString(Subscription.Topic)}&hub.challenge=c1&hub.lease_seconds=3600";
            using var response = await Worker.Http.GetAsync(new Uri(Subscription.Callback + query));
            Assert.Equal("c1", await response.Content.ReadAsStringAsync());
        }

        public async ValueTask DisposeAsync()
        {
            await Worker.DisposeAsync();
            await _world.DisposeAsync();
            await _hubApp.DisposeAsync();
        }
    }

    internal static async Task<HttpStatusCode> PushAsync(HttpClient http, Uri callback, string secret, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/atom+xml");
        using var request = new HttpRequestMessage(HttpMethod.Post, callback) { Content = content };
        request.Headers.Add("X-Hub-Signature", "sha256=" + Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), bytes)).ToLowerInvariant());
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>An Atom feed with a hub; each entry padded with paragraphs (190 make about 18 KB, a real feed's size).</summary>
    internal static string Atom(Uri hub, Uri self, int padding, params (string Id, string Updated, string Text)[] entries) =>
        $"""<feed xmlns="http://www.w3.org/2005/Atom"><title>Pushed</title><id>urn:pushed</id><updated>2025-01-02T10:00:00Z</updated><link rel="hub" href="{hub}"/><link rel="self" href="{self}"/>"""
        + string.Concat(entries.Select(e => $"""<entry><id>{e.Id}</id><title>Story</title><link href="https://example.org/story"/><updated>{e.Updated}</updated><summary type="html">&lt;p&gt;{e.Text}&lt;/p&gt;{string.Concat(Enumerable.Repeat("&lt;p&gt;The assembly met again in El Alto to discuss the water supply of the district.&lt;/p&gt;", padding))}</summary></entry>"""))
        + "</feed>";

    private static string Feed(string title, string? hub, params string[] links) =>
        $"""<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>{title}</title><link>https://example.org/</link>{(hub is null ? "" : $"<atom:link rel=\"hub\" href=\"{WebUtility.HtmlEncode(hub)}\"/>")}"""
        + string.Concat(links.Select((l, i) => $"<item><title>Item {i}</title><link>{WebUtility.HtmlEncode(l)}</link><guid isPermaLink=\"false\">{title}-{i}</guid></item>"))
        + "</channel></rss>";

    private static Task Spy(HttpContext context, ConcurrentQueue<(int, string, string)> seen, string body)
    {
        seen.Enqueue((context.Connection.LocalPort, context.Request.Path.Value!, string.Join('\n', context.Request.Headers.Select(h => $"{h.Key}: {h.Value}"))));
        return context.Response.WriteAsync(body);
    }

    private void Record(string key, string attack, string outcome)
    {
        Rows[key] = $"| {attack} | {outcome} |";
        report.Record(Section, "## Attacks on fetching and WebSub (issue 17)\n\n| attack | outcome |\n| --- | --- |\n"
            + string.Join('\n', Rows.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => r.Value)));
    }
}
