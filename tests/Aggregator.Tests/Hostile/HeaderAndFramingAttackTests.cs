using System.Globalization;
using System.Text;
using Aggregator.Tests.Fixtures;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;

namespace Aggregator.Tests.Hostile;

/// <summary>
/// Attacks that live in the HTTP exchange rather than the body: floods of headers, absurd Retry-After and
/// Cache-Control values, redirects that loop or lead nowhere, and framing that lies (Content-Length, chunk lines,
/// trickled headers). Every outlet first serves a good feed, then turns hostile; one `poll` must give each a line,
/// lose nothing stored before, and leave the healthy outlets (two of them on the attackers' own hosts) untouched.
/// </summary>
[Trait("Category", "Slow")]
public sealed class HeaderAndFramingAttackTests(ReliabilityReport report) : IClassFixture<ReliabilityReport>
{
    /// <summary>The handler's default MaxResponseHeadersLength (64 KiB): every flood below is built to pass it or not.</summary>
    private const int HeaderLimit = 64 * 1024;

    private const string Limit = "failed: fetch: response from 127.0.0.1 past a limit: ";

    /// <summary>What each hostile outlet's poll must come to: "ok", "failed: PREFIX" or "any" (the outcome is recorded).</summary>
    private static readonly Dictionary<string, string> Expected = new(StringComparer.Ordinal)
    {
        ["many-headers"] = "ok",
        ["header-flood"] = Limit,
        ["megabyte-header"] = Limit,
        ["cookie-storm"] = Limit,
        ["content-type-100kb"] = Limit,
        ["content-type-50kb"] = "ok",
        ["link-100k-entries"] = Limit,
        ["charset-utf-7"] = "ok",
        ["redirect-to-private"] = "failed: fetch: refused to connect to a private address (127.0.0.1)",
        ["redirect-not-a-url"] = "failed: fetch: redirect to a Location that is not a URL (302 status code)",
        ["retry-after-int-max"] = "failed: fetch: too many requests (429 status code), retry after ",
        ["retry-after-year-9999"] = "failed: fetch: service unavailable (503 status code), retry after ",
        ["retry-after-overflow"] = "failed: fetch: service unavailable (503 status code)",
        ["cache-forever"] = "ok",
        ["chunk-extension-endless"] = "failed: fetch: invalid HTTP response from 127.0.0.1: ",
        ["length-lies-long-closes"] = "failed: fetch: connection closed before the response was complete",
        ["length-lies-long-waits"] = "failed: fetch: timed out after 8s",
        ["length-lies-short"] = "any",
        ["headers-trickle"] = "failed: fetch: timed out after 8s",
        ["continue-flood"] = Limit,
        ["no-status-line"] = "failed: fetch: ",
    };

    /// <summary>Each sets a wait on its host: one server apiece, so they neither hide each other nor the rest.</summary>
    private static readonly string[] OwnHost = ["retry-after-int-max", "retry-after-year-9999", "retry-after-overflow"];

    private static readonly string[] Raw =
        ["chunk-extension-endless", "length-lies-long-closes", "length-lies-long-waits", "length-lies-short", "headers-trickle", "continue-flood", "no-status-line"];

    private const int ItemsBefore = 2;

    private volatile bool _hostile;

    /// <summary>Where redirect-to-private sends the fetch: another loopback server, so a private address.</summary>
    private Uri? _privateTarget;

    [Fact]
    public async Task HeaderFloodsAbsurdHintsAndLyingFraming_EachAOneLineReason_NothingLost_NeighboursUntouched()
    {
        await using var kestrel = await LoopbackApp.StartAsync(app => app.MapGet("/{name}", AnswerAsync));
        await using var elsewhere = await LoopbackApp.StartAsync(app => app.MapGet("/{name}", AnswerAsync));
        var ownHosts = new List<LoopbackApp>();
        foreach (var _ in OwnHost)
        {
            ownHosts.Add(await LoopbackApp.StartAsync(app => app.MapGet("/{name}", AnswerAsync)));
        }
        await using var raw = new RawHttpOutlet(AnswerRawAsync);
        try
        {
            var urls = new Dictionary<string, Uri>(StringComparer.Ordinal)
            {
                ["healthy-kestrel"] = new(kestrel.Address, "healthy-kestrel"),
                ["healthy-raw"] = raw.Url("healthy-raw"),
                ["healthy-elsewhere"] = new(elsewhere.Address, "healthy-elsewhere"),
            };
            foreach (var name in Expected.Keys)
            {
                var host = Array.IndexOf(OwnHost, name) is >= 0 and var i ? ownHosts[i].Address : kestrel.Address;
                urls[name] = Raw.Contains(name) ? raw.Url(name) : new Uri(host, name);
            }
            _privateTarget = new Uri(elsewhere.Address, "healthy-elsewhere");

            using var folder = new TempFolder();
            var outlets = string.Join(",\n", urls.Select(u => $$"""{ "id": "{{u.Key}}", "url": "{{u.Value}}" }"""));
            await File.WriteAllTextAsync(folder.File("feeds.json"), $$"""{ "defaults": { "timeout": "8s" }, "outlets": [ {{outlets}} ] }""");
            var db = Path.Combine(folder.File("data"), "aggregator.db");

            var (_, beforeLines) = await PollAsync(folder);
            Assert.All(urls.Keys, id => Assert.StartsWith($"{id}  ok  new={ItemsBefore} ", beforeLines[id], StringComparison.Ordinal));
            var before = await LinksAsync(db);

            _hostile = true;
            var (output, lines) = await PollAsync(folder);

            foreach (var id in urls.Keys.Where(k => k.StartsWith("healthy-", StringComparison.Ordinal)))
            {
                Assert.StartsWith($"{id}  ok  new=1 ", lines[id], StringComparison.Ordinal);
            }
            var states = await OutletStatesAsync(db);
            var table = new StringBuilder("| attack | outcome |\n| --- | --- |\n");
            foreach (var (id, expected) in Expected)
            {
                var parts = lines[id].Split("  ");
                var outcome = parts[1] == "ok" ? "ok" : $"{parts[1]}: {(parts.Length > 4 ? parts[4] : "")}";
                table.Append(CultureInfo.InvariantCulture, $"| {id} | {outcome.Replace("|", "\\|", StringComparison.Ordinal)} |\n");
                if (expected == "any")
                {
                    Assert.True(outcome == "ok" || outcome.Length > "failed: ".Length, $"{id} failed without a reason: {lines[id]}");
                }
                else if (expected == "ok")
                {
                    Assert.True(outcome == "ok", $"{id}: {lines[id]}");
                }
                else
                {
                    Assert.StartsWith(expected, outcome, StringComparison.Ordinal);
                    // What `status` and /healthz print is the store's: the same one line.
                    Assert.Equal(outcome["failed: ".Length..], states[id].Error);
                }
                // No header, however absurd, sends an outlet away for longer than the one-day caps (Retry-After,
                // backoff, the adaptive interval's ceiling).
                Assert.True(states[id].NextDueAfterAttempt <= TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1),
                    $"{id} next due {states[id].NextDueAfterAttempt} after its attempt");
            }

            var after = await LinksAsync(db);
            var lost = before.Except(after).ToList();
            Assert.True(lost.Count == 0, "lost: " + string.Join(", ", lost));
            Assert.DoesNotContain("Exception", output, StringComparison.Ordinal);

            report.Record("2-headers-framing", $"""
                ## Header floods, absurd hints and lying framing

                {Expected.Count} outlets (Kestrel for headers and redirects, a raw socket for framing Kestrel will not send),
                each first polled while well-behaved ({before.Count} articles stored), then polled once while hostile beside
                3 healthy outlets, two of them on the attackers' own hosts: every healthy outlet stored its new article, none
                of the {before.Count} was lost, each attack got a one-line reason in the poll line and in `status`, and none
                put its outlet off for more than a day. Response headers are bounded by the handler's {HeaderLimit / 1024} KiB.

                {table}
                """);
        }
        finally
        {
            foreach (var app in ownHosts)
            {
                await app.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Redirects that never arrive, with private networks allowed (every server here is on loopback): one outlet
    /// bouncing to another outlet's host and back, and one redirecting to itself with a query that grows by 1 KB a hop
    /// (Kestrel's request line stops at 8 KB: more would be a 414 before the hop limit).
    /// </summary>
    [Fact]
    public async Task RedirectLoops_AcrossTwoOutletsAndWithAGrowingQuery_AreCutAtTheHopLimit_TheirHostsOtherOutletsUntouched()
    {
        LoopbackApp? other = null;
        await using var first = await LoopbackApp.StartAsync(app => app.MapGet("/{name}", (string name, HttpContext context) => Bounce(name, context, other!)));
        await using var second = other = await LoopbackApp.StartAsync(app => app.MapGet("/{name}", (string name, HttpContext context) => Bounce(name, context, first)));
        using var folder = new TempFolder();
        await File.WriteAllTextAsync(folder.File("feeds.json"), $$"""
            { "defaults": { "timeout": "20s", "allowPrivateNetworks": true }, "outlets": [
              { "id": "ping", "url": "{{new Uri(first.Address, "ping")}}" },
              { "id": "pong", "url": "{{new Uri(second.Address, "pong")}}" },
              { "id": "growing", "url": "{{new Uri(first.Address, "growing")}}" },
              { "id": "healthy-first", "url": "{{new Uri(first.Address, "healthy-first")}}" },
              { "id": "healthy-second", "url": "{{new Uri(second.Address, "healthy-second")}}" } ] }
            """);
        var db = Path.Combine(folder.File("data"), "aggregator.db");
        await PollAsync(folder);
        var before = await LinksAsync(db);
        Assert.Equal(5 * ItemsBefore, before.Count);

        _hostile = true;
        var (_, lines) = await PollAsync(folder);

        foreach (var id in new[] { "ping", "pong", "growing" })
        {
            Assert.StartsWith($"{id}  failed  new=0 updated=0  ", lines[id], StringComparison.Ordinal);
            Assert.EndsWith("  fetch: too many redirects", lines[id], StringComparison.Ordinal);
        }
        Assert.StartsWith("healthy-first  ok  new=1 ", lines["healthy-first"], StringComparison.Ordinal);
        Assert.StartsWith("healthy-second  ok  new=1 ", lines["healthy-second"], StringComparison.Ordinal);
        Assert.Empty(before.Except(await LinksAsync(db)));
        report.Record("2-redirect-loops", $"""
            ## Redirect loops

            With private networks allowed (all on loopback): two outlets on two hosts redirecting to each other (A → B → A …)
            and one redirecting to itself with a query 1 KB longer each hop: each `failed: fetch: too many redirects`;
            the other outlet on each host stored its new article; the {before.Count} articles stored before were kept.
            """);
    }

    /// <summary>ping and pong send the fetch to the other host's pong and ping; growing to itself, 1 KB longer.</summary>
    private async Task Bounce(string name, HttpContext context, LoopbackApp other)
    {
        if (!_hostile || name.StartsWith("healthy-", StringComparison.Ordinal))
        {
            context.Response.ContentType = "application/rss+xml";
            await context.Response.WriteAsync(FeedFor(name));
            return;
        }
        context.Response.StatusCode = StatusCodes.Status302Found;
        context.Response.Headers.Location = name switch
        {
            "ping" => new Uri(other.Address, "pong").AbsoluteUri,
            "pong" => new Uri(other.Address, "ping").AbsoluteUri,
            _ => $"/growing?{context.Request.QueryString.Value?.TrimStart('?')}{new string('x', 1024)}",
        };
    }

    private static string Feed(string id, int items) =>
        $"""<?xml version="1.0"?><rss version="2.0"><channel><title>{id}</title><link>https://{id}.example/</link>"""
        + string.Concat(Enumerable.Range(1, items).Select(i =>
            $"<item><title>{id} story {i}</title><link>https://{id}.example/{i}</link><description>The text of story {i}.</description></item>"))
        + "</channel></rss>";

    private string FeedFor(string id) => Feed(id, _hostile && id.StartsWith("healthy-", StringComparison.Ordinal) ? ItemsBefore + 1 : ItemsBefore);

    private async Task AnswerAsync(string name, HttpContext context)
    {
        var response = context.Response;
        var headers = response.Headers;
        response.ContentType = "application/rss+xml";
        if (!_hostile || name.StartsWith("healthy-", StringComparison.Ordinal))
        {
            await response.WriteAsync(FeedFor(name));
            return;
        }
        switch (name)
        {
            case "many-headers":
                // 3,000 headers, about 55 KB: under the limit, and the feed behind them is read.
                for (var i = 0; i < 3_000; i++)
                {
                    headers[$"X-Filler-{i}"] = "v";
                }
                break;
            case "header-flood":
                for (var i = 0; i < 20_000; i++)
                {
                    headers[$"X-Filler-{i}"] = "v";
                }
                break;
            case "megabyte-header":
                headers["X-Big"] = new string('a', 3 * 1024 * 1024);
                break;
            case "cookie-storm":
                headers.SetCookie = Enumerable.Range(0, 5_000).Select(i => $"session{i}=v; Path=/").ToArray();
                break;
            case "content-type-100kb":
                response.ContentType = "application/rss+xml; " + string.Join("; ", Enumerable.Range(0, 12_000).Select(i => $"p{i}=v"));
                break;
            case "content-type-50kb":
                response.ContentType = "application/rss+xml" + string.Concat(Enumerable.Repeat("; charset=utf-8", 3_500));
                break;
            case "link-100k-entries":
                headers.Link = string.Join(", ", Enumerable.Range(0, 100_000).Select(i => $"</hub/{i}>; rel=\"hub\""));
                break;
            case "charset-utf-7":
                // .NET refuses to decode UTF-7 (it smuggles script past filters): an unknown charset, not an internal error.
                response.ContentType = "application/rss+xml; charset=utf-7";
                break;
            case "redirect-to-private":
                response.StatusCode = StatusCodes.Status302Found;
                headers.Location = _privateTarget!.AbsoluteUri;
                return;
            case "redirect-not-a-url":
                response.StatusCode = StatusCodes.Status302Found;
                headers.Location = "http://[::1";
                return;
            case "retry-after-int-max":
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                headers.RetryAfter = int.MaxValue.ToString(CultureInfo.InvariantCulture);
                return;
            case "retry-after-year-9999":
                response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                headers.RetryAfter = "Fri, 31 Dec 9999 23:59:59 GMT";
                return;
            case "retry-after-overflow":
                response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                headers.RetryAfter = "99999999999999999999999";
                return;
            case "cache-forever":
                headers.CacheControl = "max-age=2147483647";
                headers.Expires = "Fri, 31 Dec 9999 23:59:59 GMT";
                headers.Date = "Mon, 01 Jan 0001 00:00:00 GMT";
                break;
            default:
                response.StatusCode = StatusCodes.Status404NotFound;
                return;
        }
        await response.WriteAsync(FeedFor(name));
    }

    private async Task AnswerRawAsync(string path, Stream stream, CancellationToken ct)
    {
        var name = path.TrimStart('/');
        var body = Encoding.UTF8.GetBytes(FeedFor(name));
        if (!_hostile || name.StartsWith("healthy-", StringComparison.Ordinal))
        {
            await stream.WriteAsync(RawHttpOutlet.Response("200 OK", [("Content-Type", "application/rss+xml"), ("Content-Length", body.Length.ToString(CultureInfo.InvariantCulture))], body), ct);
            return;
        }
        switch (name)
        {
            case "chunk-extension-endless":
                // A chunk-size line whose extension never ends: bounded here at 64 MB, far past any limit of the client's.
                await stream.WriteAsync("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10;ext="u8.ToArray(), ct);
                var filler = new byte[16 * 1024];
                Array.Fill(filler, (byte)'a');
                for (var sent = 0; sent < 64 * 1024 * 1024; sent += filler.Length)
                {
                    await stream.WriteAsync(filler, ct);
                }
                break;
            case "length-lies-long-closes":
                await stream.WriteAsync(RawHttpOutlet.Response("200 OK", [("Content-Length", (body.Length * 2).ToString(CultureInfo.InvariantCulture))], body), ct);
                break;
            case "length-lies-long-waits":
                await stream.WriteAsync(RawHttpOutlet.Response("200 OK", [("Content-Length", (body.Length * 2).ToString(CultureInfo.InvariantCulture))], body), ct);
                await stream.FlushAsync(ct);
                // Held open until the aggregator's deadline closes it (a read sees the close) or the test ends.
                _ = await stream.ReadAtLeastAsync(new byte[1], 1, throwOnEndOfStream: false, ct);
                break;
            case "length-lies-short":
                await stream.WriteAsync(RawHttpOutlet.Response("200 OK", [("Content-Length", (body.Length / 2).ToString(CultureInfo.InvariantCulture))], body), ct);
                break;
            case "headers-trickle":
                await stream.WriteAsync("HTTP/1.1 200 OK\r\n"u8.ToArray(), ct);
                // A byte a second, for longer than the 8 s deadline; the wait ends early once the aggregator hangs up.
                for (var i = 0; i < 60; i++)
                {
                    await stream.WriteAsync("x"u8.ToArray(), ct);
                    await stream.FlushAsync(ct);
                    await Task.Delay(1000, ct);
                }
                break;
            case "continue-flood":
                var continues = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("HTTP/1.1 100 Continue\r\n\r\n", 5_000)));
                await stream.WriteAsync(continues, ct);
                await stream.WriteAsync(RawHttpOutlet.Response("200 OK", [("Content-Length", body.Length.ToString(CultureInfo.InvariantCulture))], body), ct);
                break;
            case "no-status-line":
                // HTTP/0.9: the body straight away, then the close.
                await stream.WriteAsync(body, ct);
                break;
        }
    }

    private static async Task<(string Output, Dictionary<string, string> Lines)> PollAsync(TempFolder folder)
    {
        using var poll = AggregatorProcess.Start("poll", "--config", folder.File("feeds.json"), "--data", folder.File("data"));
        var (exit, output, error) = await poll.WaitAsync(WaitFor.Hang);
        Assert.True(exit == 0, $"poll exited {exit}: {error}\n{output}");
        Assert.DoesNotContain("Unhandled exception", error, StringComparison.Ordinal);
        return (output, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToDictionary(l => l.Split("  ")[0], StringComparer.Ordinal));
    }

    private static async Task<HashSet<string>> LinksAsync(string path)
    {
        await using var db = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        await db.OpenAsync();
        await using var command = db.CreateCommand();
        command.CommandText = "SELECT id || ' ' || link FROM articles";
        await using var reader = await command.ExecuteReaderAsync();
        var links = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            links.Add(reader.GetString(0));
        }
        return links;
    }

    private static async Task<Dictionary<string, (string? Error, TimeSpan NextDueAfterAttempt)>> OutletStatesAsync(string path)
    {
        await using var db = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        await db.OpenAsync();
        await using var command = db.CreateCommand();
        command.CommandText = "SELECT id, last_error, next_due - last_attempt FROM outlets";
        await using var reader = await command.ExecuteReaderAsync();
        var states = new Dictionary<string, (string?, TimeSpan)>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            states[reader.GetString(0)] = (reader.IsDBNull(1) ? null : reader.GetString(1), TimeSpan.FromMilliseconds(reader.GetInt64(2)));
        }
        return states;
    }
}
