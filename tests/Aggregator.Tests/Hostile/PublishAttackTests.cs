using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Aggregator.Tests.Cli;
using Aggregator.Tests.Fixtures;
using Microsoft.Data.Sqlite;

namespace Aggregator.Tests.Hostile;

/// <summary>
/// Issue 17, items 6, 8, 9 and 10: what we publish and serve. Outlet credentials never reach any output,
/// only http(s) links are served, `publish --out` never writes through a planted link, and a bad Host
/// header is not a 500.
/// </summary>
public sealed class PublishAttackTests(ReliabilityReport report) : IClassFixture<ReliabilityReport>
{
    private const string Section = "attacks-publish";
    private const string Secret = "s3cret-9d2e";

    private static readonly Dictionary<string, string> Rows = new(StringComparer.Ordinal);

    private static string Rss(string title, string link, string items) =>
        $"""<?xml version="1.0"?><rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>{title}</title><link>{link}</link><description>d</description>{items}</channel></rss>""";

    [Fact]
    [Trait("Category", "Slow")]
    public async Task OutletUrlCredentials_AppearInNoFeedPageListStatusHealthOrMetrics()
    {
        await using var server = await OutletServer.StartAsync(TestPaths.TestData("outlets"));
        using var folder = new TempFolder();
        var origin = server.BaseUrl.GetLeftPart(UriPartial.Authority);
        string WithCredentials(string letter, string path) =>
            $"http://reader:PW-{letter}-{Secret}@{server.BaseUrl.Authority}/{path}";

        // Relative links resolve against the outlet's URL, so they inherit its user:password.
        server.Set("a.rss", Rss("Outlet A", "/", """
            <item><title>Coup in Bolivia: troops surround the palace</title><link>/story/1</link><guid isPermaLink="false">a-1</guid>
            <description>&lt;p&gt;Troops in La Paz. &lt;a href="/more"&gt;more&lt;/a&gt; &lt;img src="/i.png"&gt;&lt;/p&gt;</description>
            <enclosure url="/media/1.mp3" type="audio/mpeg" length="10"/><media:thumbnail url="/thumb.jpg"/></item>
            """));
        // The same story, so A and B name each other under "Also published by" (whichever was seen first is shown).
        server.Set("b.rss", Rss("Outlet B", "/", """
            <item><title>Coup in Bolivia: troops surround the palace</title><link>/story/1</link><guid isPermaLink="false">b-1</guid>
            <description>&lt;p&gt;Troops in La Paz. &lt;a href="/more"&gt;more&lt;/a&gt; &lt;img src="/i.png"&gt;&lt;/p&gt;</description></item>
            """));
        // Moved permanently to a relative Location: the notice names the new URL, which inherits the credentials.
        server.SetStatus("old.rss", 301, "/new.rss");
        server.Set("new.rss", Rss("Outlet C", "/", """<item><title>A coup foretold</title><link>/story/3</link><guid isPermaLink="false">c-1</guid></item>"""));
        // A page whose advertised feed is missing: the error names the (relative, so credentialled) feed URL.
        server.Set("page.html", """<html><head><link rel="alternate" type="application/rss+xml" href="/missing.rss"></head><body>x</body></html>""", "text/html");

        await File.WriteAllTextAsync(folder.File("feeds.json"), $$"""
            {
              "defaults": { "allowPrivateNetworks": true, "timeout": "5s" },
              "outlets": [
                { "id": "outlet-a", "name": "Outlet A", "url": "{{WithCredentials("A", "a.rss")}}" },
                { "id": "outlet-b", "name": "Outlet B", "url": "{{WithCredentials("B", "b.rss")}}" },
                { "id": "outlet-c", "name": "Outlet C", "url": "{{WithCredentials("C", "old.rss")}}" },
                { "id": "outlet-d", "name": "Outlet D", "url": "{{WithCredentials("D", "page.html")}}" }
              ],
              "topics": [ { "id": "coups", "title": "Coups", "include": ["coup*"] } ]
            }
            """);
        string[] common = ["--config", folder.File("feeds.json"), "--data", folder.File("data")];

        var outputs = new Dictionary<string, string>(StringComparer.Ordinal);
        var poll = await CliRunner.RunAsync(["poll", .. common]);
        outputs["poll"] = poll.Output + poll.Error;
        var status = await CliRunner.RunAsync(["status", .. common]);
        outputs["status"] = status.Output + status.Error;
        var site = folder.File("site");
        var publish = await CliRunner.RunAsync(["publish", "--out", site, .. common]);
        Assert.Equal(0, publish.ExitCode);
        foreach (var file in Directory.GetFiles(site))
        {
            outputs["publish --out " + Path.GetFileName(file)] = await File.ReadAllTextAsync(file);
        }

        var port = FreePort.Next();
        using (var stop = new CancellationTokenSource())
        using (var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(30) })
        {
            var run = Task.Run(() => Aggregator.Cli.AggregatorCli.InvokeAsync(
                ["run", "--urls", $"http://127.0.0.1:{port}", .. common], TextWriter.Null, TextWriter.Null, stop.Token));
            try
            {
                await WaitHealthyAsync(http, run);
                foreach (var path in new[] { "/", "/outlets.opml", "/healthz", "/metrics", "/feeds/all.atom", "/feeds/all.rss", "/feeds/all.json", "/feeds/coups.atom", "/feeds/coups.rss", "/feeds/coups.json" })
                {
                    outputs["GET " + path] = await http.GetStringAsync(new Uri(path, UriKind.Relative));
                }
            }
            finally
            {
                await stop.CancelAsync();
                await run.WaitAsync(TimeSpan.FromSeconds(30));
            }
        }

        var leaks = outputs.Where(o => o.Value.Contains(Secret, StringComparison.Ordinal)).Select(o => o.Key).ToList();
        Assert.True(leaks.Count == 0, "credentials published in: " + string.Join(", ", leaks));
        // Not vacuous: every place names the outlets, only without the credentials.
        Assert.Contains($"xmlUrl=\"{origin}/a.rss\"", outputs["GET /outlets.opml"], StringComparison.Ordinal);
        Assert.Contains($"href=\"{origin}/a.rss\"", outputs["GET /"], StringComparison.Ordinal);
        Assert.Contains($"moved permanently to {origin}/new.rss", outputs["GET /healthz"], StringComparison.Ordinal);
        Assert.Contains($"moved permanently to {origin}/new.rss", outputs["status"], StringComparison.Ordinal);
        Assert.Contains($"{origin}/missing.rss", outputs["GET /healthz"], StringComparison.Ordinal);
        Assert.Contains($"{origin}/missing.rss", outputs["status"], StringComparison.Ordinal);
        Assert.Contains($"{origin}/missing.rss", outputs["poll"], StringComparison.Ordinal);
        var atom = XDocument.Parse(outputs["GET /feeds/coups.atom"]);
        XNamespace a = "http://www.w3.org/2005/Atom";
        var links = atom.Descendants(a + "entry").Select(e => (string)e.Elements(a + "link").First(l => (string?)l.Attribute("rel") == "alternate").Attribute("href")!).ToList();
        Assert.Contains($"{origin}/story/1", links);
        Assert.Contains($"{origin}/story/3", links);
        Assert.Contains("Also published by", outputs["GET /feeds/coups.atom"], StringComparison.Ordinal);
        Assert.Contains($"{origin}/i.png", outputs["GET /feeds/coups.json"], StringComparison.Ordinal);

        await using (var db = new SqliteConnection($"Data Source={Path.Combine(folder.File("data"), "aggregator.db")};Mode=ReadOnly;Pooling=False"))
        {
            await db.OpenAsync();
            await using var command = db.CreateCommand();
            command.CommandText = $"SELECT count(*) FROM articles WHERE instr(link, '{Secret}') OR instr(canonical_url, '{Secret}') OR instr(coalesce(summary, ''), '{Secret}') OR instr(coalesce(image_url, ''), '{Secret}')";
            Assert.Equal(0L, (long)(await command.ExecuteScalarAsync())!);
        }

        Record("6", $"| 6. `http://user:PW@host/…` outlet URLs (relative item, enclosure, image and summary links; a 301 notice; an autodiscovery error) | searched {outputs.Count} outputs (`poll`, `status`, every `publish --out` file, `/`, `/outlets.opml`, `/healthz`, `/metrics`, every topic feed in 3 formats) and the stored articles: the password appears in none |");
    }

    [Fact]
    public async Task NonHttpItemLinks_AreNeverServed_TheItemsAreKeptWithTheFeedsPage()
    {
        await using var server = await OutletServer.StartAsync(TestPaths.TestData("outlets"));
        using var folder = new TempFolder();
        var origin = server.BaseUrl.GetLeftPart(UriPartial.Authority);
        string FeedE(string two) => Rss("Outlet E", origin + "/e/", $"""
            <item><title>Coup report one</title><link>ms-msdt:/id%20PCWDiagnostic</link><guid isPermaLink="false">e-1</guid>
            <description>one</description><enclosure url="ms-msdt:/id%20x" type="audio/mpeg" length="1"/><media:thumbnail url="intent://x#Intent;end"/></item>
            <item><title>Coup report two</title><link>search-ms:query=calc</link><description>{two}</description></item>
            <item><title>Coup report three</title><link>intent://evil/#Intent;scheme=https;end</link><guid>intent://guid/3</guid></item>
            <item><title>Coup report four</title><link>livescript:alert(1)</link><guid isPermaLink="false">e-4</guid></item>
            """);
        server.Set("e.rss", FeedE("two"));
        server.Set("f.json", $$"""
            { "version": "https://jsonfeed.org/version/1.1", "title": "Outlet F", "home_page_url": "{{origin}}/f/",
              "items": [
                { "id": "f-1", "url": "ms-msdt:/id%20y", "title": "Coup report five", "content_text": "five", "image": "intent://img" },
                { "id": "f-2", "external_url": "search-ms:query=x", "title": "Coup report six", "content_text": "six",
                  "attachments": [ { "url": "livescript:x", "mime_type": "audio/mpeg" } ] }
              ] }
            """, "application/feed+json");
        await File.WriteAllTextAsync(folder.File("feeds.json"), $$"""
            {
              "defaults": { "allowPrivateNetworks": true, "timeout": "5s" },
              "outlets": [
                { "id": "outlet-e", "name": "Outlet E", "url": "{{server.Url("e.rss")}}" },
                { "id": "outlet-f", "name": "Outlet F", "url": "{{server.Url("f.json")}}" }
              ],
              "topics": [ { "id": "coups", "title": "Coups", "include": ["coup*"] } ]
            }
            """);
        string[] common = ["--config", folder.File("feeds.json"), "--data", folder.File("data")];

        var poll = await CliRunner.RunAsync(["poll", .. common]);
        Assert.Equal(0, poll.ExitCode);
        var site = folder.File("site");
        Assert.Equal(0, (await CliRunner.RunAsync(["publish", "--out", site, .. common])).ExitCode);

        string[] schemes = ["ms-msdt:", "search-ms:", "intent:", "livescript:"];
        foreach (var file in Directory.GetFiles(site))
        {
            var text = await File.ReadAllTextAsync(file);
            foreach (var scheme in schemes)
            {
                Assert.False(text.Contains(scheme, StringComparison.OrdinalIgnoreCase), $"{Path.GetFileName(file)} serves a {scheme} link");
            }
        }
        // Nothing dropped: all six are served, each linking to its outlet's page instead.
        XNamespace a = "http://www.w3.org/2005/Atom";
        var entries = XDocument.Load(Path.Combine(site, "coups.atom")).Descendants(a + "entry")
            .ToDictionary(e => (string)e.Element(a + "title")!, e => (string)e.Elements(a + "link").Single(l => (string?)l.Attribute("rel") == "alternate").Attribute("href")!);
        Assert.Equal(6, entries.Count);
        Assert.Equal($"{origin}/e/", entries["Coup report one"]);
        Assert.Equal($"{origin}/e/", entries["Coup report four"]);
        Assert.Equal($"{origin}/f/", entries["Coup report five"]);
        Assert.All(XDocument.Load(Path.Combine(site, "coups.rss")).Descendants("link").Select(l => (string)l), l => Assert.StartsWith("http://", l, StringComparison.Ordinal));
        using var json = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(site, "coups.json")));
        Assert.All(json.RootElement.GetProperty("items").EnumerateArray(), i => Assert.StartsWith("http://", i.GetProperty("url").GetString(), StringComparison.Ordinal));

        // The entry with neither a web link nor an id is known again by its link when it changes: updated, not new.
        server.Set("e.rss", FeedE("two, revised"));
        var again = await CliRunner.RunAsync(["poll", "--outlet", "outlet-e", .. common]);
        Assert.StartsWith("outlet-e  ok  new=0 updated=1 ", again.Lines.Single(), StringComparison.Ordinal);

        Record("8", "| 8. item links `ms-msdt:`, `search-ms:`, `intent:`, `livescript:` (RSS link, guid, enclosure, media:thumbnail; JSON Feed url, external_url, image, attachment) | none reaches Atom, RSS, JSON Feed, index or OPML; the 6 items are kept and link to their outlet's page |");
    }

    [Fact]
    public async Task PublishOut_NeverWritesThroughAPlantedSymlink()
    {
        await using var world = await OutletsWorld.StartAsync();
        var site = Path.Combine(world.Folder, "site");
        Directory.CreateDirectory(site);
        var outside = Path.Combine(world.Folder, "outside");
        Directory.CreateDirectory(outside);
        var targets = new Dictionary<string, string>(StringComparer.Ordinal);
        // The old fixed temporary names, and the final names themselves.
        foreach (var name in new[] { "all.atom.tmp", "venezuela.rss.tmp", "index.html.tmp", "outlets.opml.tmp", "bolivia.json", "index.html", "outlets.opml" })
        {
            var target = Path.Combine(outside, name + ".precious");
            await File.WriteAllTextAsync(target, "precious " + name);
            File.CreateSymbolicLink(Path.Combine(site, name), target);
            targets[name] = target;
        }

        var result = await CliRunner.RunAsync(world.Args("publish", "--out", site));

        Assert.Equal(0, result.ExitCode);
        foreach (var (name, target) in targets)
        {
            Assert.Equal("precious " + name, await File.ReadAllTextAsync(target));
        }
        foreach (var name in new[] { "bolivia.json", "index.html", "outlets.opml", "all.atom", "venezuela.rss" })
        {
            var file = new FileInfo(Path.Combine(site, name));
            Assert.Null(file.LinkTarget);
            Assert.StartsWith(name == "bolivia.json" ? "{" : "<", await File.ReadAllTextAsync(file.FullName), StringComparison.Ordinal);
        }
        Assert.Empty(Directory.GetFiles(site, ".*.tmp"));

        Record("9", "| 9. `publish --out` with symbolic links planted at the old `FILE.tmp` names and at final names, pointing outside | every target unchanged; each final name replaced by a regular file (temporary files: random name, created exclusively, renamed over) |");
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task BadHostHeaders_GetNo500AndNoStackTrace()
    {
        using var folder = new TempFolder();
        await File.WriteAllTextAsync(folder.File("feeds.json"), $$"""
            { "outlets": [ { "id": "dead", "url": "http://127.0.0.1:{{FreePort.Next()}}/feed.xml" } ],
              "topics": [ { "id": "coups", "title": "Coups", "include": ["coup*"] } ] }
            """);
        var port = FreePort.Next();
        using var run = AggregatorProcess.Start("run", "--urls", $"http://127.0.0.1:{port}", "--config", folder.File("feeds.json"), "--data", folder.File("data"));
        using (var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(10) })
        {
            await WaitHealthyAsync(http, null, run);
        }

        string[] hosts = ["Host: x:99999", "Host: ", "Host: 127.0.0.1:0", "Host: [::1", "Host: a:b:c", "Host: -:-", "Host: x y", "Host: é.example", "Host: 127.0.0.1:65536", null!];
        string[] paths = ["/", "/outlets.opml", "/healthz", "/feeds/all.atom", "/feeds/coups.rss", "/feeds/coups.json"];
        var table = new StringBuilder();
        foreach (var host in hosts)
        {
            var statuses = new List<int>();
            foreach (var path in paths)
            {
                // No Host at all is allowed in HTTP/1.0 only.
                var request = host is null ? $"GET {path} HTTP/1.0\r\n\r\n" : $"GET {path} HTTP/1.1\r\n{host}\r\nConnection: close\r\n\r\n";
                var (status, body) = await RawAsync(port, request);
                Assert.True(status is > 0 and < 500, $"{host ?? "(no Host, HTTP/1.0)"} {path}: {status}");
                if (status == 200 && path.StartsWith("/feeds/", StringComparison.Ordinal) && host is null or "Host: x:99999" or "Host: " or "Host: 127.0.0.1:0" or "Host: 127.0.0.1:65536")
                {
                    // The feed's own links fall back to the address the reader reached.
                    Assert.True(body.Contains($"http://127.0.0.1:{port}/feeds/", StringComparison.Ordinal), $"{host} {path}: {body}");
                }
                statuses.Add(status);
            }
            table.Append(CultureInfo.InvariantCulture, $"`{(host ?? "(none, HTTP/1.0)").Replace("Host: ", "", StringComparison.Ordinal)}` → {string.Join("/", statuses.Distinct())}; ");
        }

        run.Signal("TERM");
        var (_, output, error) = await run.WaitAsync(WaitFor.Hang);
        Assert.DoesNotContain("Exception", output + error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output + error, StringComparison.Ordinal);

        Record("10", $"| 10. raw HTTP/1.1 requests to {paths.Length} routes of a `run` process with bad Host headers: {table.ToString().TrimEnd(' ', ';')} | no 5xx, no exception or stack trace in the log; feeds' self links fall back to the listening address |");
    }

    private static async Task<(int Status, string Body)> RawAsync(int port, string request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(System.Net.IPAddress.Loopback, port);
        await using var stream = client.GetStream();
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        // Only ends a hang: a request that gets no answer at all; a busy machine may take long to give one.
        using var timeout = new CancellationTokenSource(WaitFor.Hang);
        var response = await reader.ReadToEndAsync(timeout.Token);
        var statusLine = response.Split("\r\n", 2)[0].Split(' ');
        return (statusLine.Length > 1 && int.TryParse(statusLine[1], CultureInfo.InvariantCulture, out var status) ? status : 0, response);
    }

    private static async Task WaitHealthyAsync(HttpClient http, Task<int>? run, AggregatorProcess? process = null)
    {
        _ = await WaitFor.StateAsync("run's /healthz", async () =>
            {
                using var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
                return (int)response.StatusCode is 200 or 503 ? response : null;
            }, async () => run is { IsCompleted: true } ? "run exited early with " + await run
                : process is not null ? await WaitFor.Exited(process)() : null);
    }

    private void Record(string item, string row)
    {
        lock (Rows)
        {
            Rows[item] = row;
            var text = new StringBuilder("## Attacks on what we publish (issue 17: 6, 8, 9, 10)\n\n| attack | outcome |\n| --- | --- |\n");
            foreach (var (_, line) in Rows.OrderBy(r => int.Parse(r.Key, CultureInfo.InvariantCulture)))
            {
                text.Append(line).Append('\n');
            }
            report.Record(Section, text.ToString());
        }
    }
}
