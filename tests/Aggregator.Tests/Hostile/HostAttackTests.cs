using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Aggregator.Tests.Fixtures;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;

namespace Aggregator.Tests.Hostile;

/// <summary>
/// Issue 17, the host's side: hostile outlets, readers and careless operators against the real
/// `run` process. Shutdown, reload through symlinks, idle sockets, file modes, and entries built to
/// stall or bloat the ingest path.
/// </summary>
[Trait("Category", "Slow")]
public sealed class HostAttackTests(ReliabilityReport report) : IClassFixture<ReliabilityReport>
{
    private const string SectionKey = "attacks-host";

    private static readonly ConcurrentDictionary<string, string> Rows = new(StringComparer.Ordinal);

    private static string Rss(string title, string link, string extra = "") =>
        $"""<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title><link>https://{title}.example/</link><item><title>{title} story</title><link>{link}</link><description>About {title}.</description>{extra}</item></channel></rss>""";

    [Fact]
    public async Task Sigterm_WithADrippingAndAHungOutlet_AndAFullTextPageInFlight_ExitsWithoutWaitingForThem_Code0_AndKeepsWhatWasStored()
    {
        var drips = 0;
        var hangs = 0;
        var pages = 0;
        var dripped = 0;
        var aborted = 0;
        var drip = Rss("drip", "https://drip.example/1");
        await using var server = await LoopbackApp.StartAsync(app =>
        {
            app.MapGet("/steady.rss", () => Results.Text(Rss("steady", "https://steady.example/1"), "application/rss+xml"));
            app.MapGet("/drip.rss", async (HttpContext context) =>
            {
                Interlocked.Increment(ref drips);
                context.Response.ContentType = "application/rss+xml";
                await context.Response.StartAsync(context.RequestAborted);
                try
                {
                    foreach (var c in drip)
                    {
                        await context.Response.Body.WriteAsync(new[] { (byte)c }, context.RequestAborted);
                        await context.Response.Body.FlushAsync(context.RequestAborted);
                        Interlocked.Increment(ref dripped);
                        await Task.Delay(1000, context.RequestAborted);
                    }
                }
                catch (OperationCanceledException)
                {
                    Interlocked.Increment(ref aborted);
                }
            });
            app.MapGet("/hang.rss", async (HttpContext context) =>
            {
                Interlocked.Increment(ref hangs);
                try
                {
                    await Task.Delay(Timeout.Infinite, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    Interlocked.Increment(ref aborted);
                }
            });
        });
        // A full-text outlet on a host of its own (fetches are one at a time per host and port, and the hung outlet holds
        // the first server's): its feed answers, the article's page never does, so its poll is fetching a page at SIGTERM.
        await using var papers = await LoopbackApp.StartAsync(app =>
        {
            app.MapGet("/paper.rss", (HttpContext context) => Results.Text(
                Rss("paper", new Uri(new Uri($"http://{context.Request.Host}/"), "paper/1.html").AbsoluteUri), "application/rss+xml"));
            app.MapGet("/paper/1.html", async (HttpContext context) =>
            {
                Interlocked.Increment(ref pages);
                await HangAsync(context);
            });
        });

        async Task HangAsync(HttpContext context)
        {
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                Interlocked.Increment(ref aborted);
            }
        }
        using var folder = new TempFolder();
        await File.WriteAllTextAsync(folder.File("feeds.json"), $$"""
            { "defaults": { "timeout": "10m", "interval": "1h" },
              "outlets": [
                { "id": "steady", "url": "{{new Uri(server.Address, "steady.rss")}}" },
                { "id": "drip", "url": "{{new Uri(server.Address, "drip.rss")}}" },
                { "id": "hang", "url": "{{new Uri(server.Address, "hang.rss")}}" },
                { "id": "paper", "url": "{{new Uri(papers.Address, "paper.rss")}}", "fullText": true } ] }
            """);
        // The default start window, not the fixture's none: the steady and the hung outlet share one host, whose requests go
        // one at a time, and steady's place in the window (by its id, 8.2 s) comes before the hung one's (9.1 s); started
        // together, the hang can take the host first and hold steady's poll past this wait (seen with the window at 0).
        using var worker = await HostWorker.StartAsync(folder.File("feeds.json"), folder.File("data"),
            new Dictionary<string, string> { [Aggregator.Scheduling.StartWindow.EnvironmentVariable] = "30s" });
        await worker.UntilAsync("every outlet polled, the steady one stored", async () => Volatile.Read(ref drips) > 0 && Volatile.Read(ref hangs) > 0 && Volatile.Read(ref pages) > 0
            && (await worker.GetAsync("/feeds/all.atom"))?.Contains("steady story", StringComparison.Ordinal) == true);
        // Into the drip: the fetch is reading a body that takes minutes (a byte a second, 10 minutes allowed).
        await WaitFor.UntilAsync("a few bytes of the drip sent", () => Task.FromResult(Volatile.Read(ref dripped) >= 2));

        var (took, exit, output) = await worker.TerminateAsync();
        var sentBeforeExit = Volatile.Read(ref dripped);

        // What the old "< 5 s" stood for: shutdown does not wait on outlets. The process is gone with the drip
        // unfinished and both outlets' requests torn down, not answered.
        Assert.Equal(0, exit);
        Assert.True(sentBeforeExit < drip.Length, $"the worker exited only after the whole drip ({sentBeforeExit} bytes):\n{output}");
        // What bounds the stop without a clock: nothing outlasted the host's shutdown timeout (ShutdownWatchTests proves the
        // line appears for a part that ignores its token), and no stopped poll was reported as a failure.
        Assert.DoesNotContain(Aggregator.Hosting.ShutdownWatch.OverranText, output, StringComparison.Ordinal);
        Assert.DoesNotContain(" fail: ", output, StringComparison.Ordinal);
        await WaitFor.UntilAsync("the drip's, the hung outlet's and the article page's requests aborted", () => Task.FromResult(Volatile.Read(ref aborted) == 3));
        await using var db = new SqliteConnection($"Data Source={Path.Combine(folder.File("data"), "aggregator.db")};Mode=ReadOnly;Pooling=False");
        await db.OpenAsync();
        await using var count = db.CreateCommand();
        count.CommandText = "SELECT count(*) FROM articles WHERE link = 'https://steady.example/1'";
        Assert.Equal(1L, (long)(await count.ExecuteScalarAsync())!);
        Record("1 sigterm", $"| SIGTERM with one outlet dripping a byte a second, one never answering and a full-text article page never answering | exited {exit} after {took.TotalSeconds:0.0} s with the drip at {sentBeforeExit} of {drip.Length} bytes, all three requests aborted, no line of the shutdown timeout passing; the earlier poll's article still stored |");
    }

    [Fact]
    public async Task SymlinkedConfig_EditOfTheTarget_AndAConfigMapSwap_AreReloaded_WithoutSighup()
    {
        await using var server = await LoopbackApp.StartAsync(app =>
        {
            app.MapGet("/first.rss", () => Results.Text(Rss("first", "https://first.example/1"), "application/rss+xml"));
            app.MapGet("/second.rss", () => Results.Text(Rss("second", "https://second.example/1"), "application/rss+xml"));
        });
        using var folder = new TempFolder();
        // The layout Kubernetes mounts a ConfigMap as: feeds.json -> ..data/feeds.json, ..data -> ..<timestamp>.
        var mount = folder.File("config");
        Directory.CreateDirectory(Path.Combine(mount, "..2026_12_05_01"));
        File.CreateSymbolicLink(Path.Combine(mount, "..data"), "..2026_12_05_01");
        File.CreateSymbolicLink(Path.Combine(mount, "feeds.json"), "..data/feeds.json");
        string Config(string outlets, string topics) => $$"""{ "defaults": { "interval": "1h" }, "outlets": [ {{outlets}} ], "topics": [ {{topics}} ] }""";
        var first = $$"""{ "id": "first", "url": "{{new Uri(server.Address, "first.rss")}}" }""";
        var second = $$"""{ "id": "second", "url": "{{new Uri(server.Address, "second.rss")}}" }""";
        await File.WriteAllTextAsync(Path.Combine(mount, "..2026_12_05_01", "feeds.json"), Config(first, ""));
        using var worker = await HostWorker.StartAsync(Path.Combine(mount, "feeds.json"), folder.File("data"));
        Assert.Null(await worker.GetAsync("/feeds/alpha.atom"));

        // An edit of the target, in place: nothing changes in the folder the link lives in.
        await File.WriteAllTextAsync(Path.Combine(mount, "..2026_12_05_01", "feeds.json"),
            Config(first, """{ "id": "alpha", "title": "Alpha", "include": ["first"] }"""));
        await worker.UntilAsync("an edit of the symlink's target reloaded", async () => await worker.GetAsync("/feeds/alpha.atom") is not null);

        // The ConfigMap update: a new timestamped folder, a new link beside, renamed over ..data in one step.
        Directory.CreateDirectory(Path.Combine(mount, "..2026_12_05_02"));
        await File.WriteAllTextAsync(Path.Combine(mount, "..2026_12_05_02", "feeds.json"),
            Config(first + ", " + second, """{ "id": "beta", "title": "Beta", "include": ["second"] }"""));
        File.CreateSymbolicLink(Path.Combine(mount, "..data_tmp"), "..2026_12_05_02");
        Assert.Equal(0, await RenameAsync(Path.Combine(mount, "..data_tmp"), Path.Combine(mount, "..data")));
        Directory.Delete(Path.Combine(mount, "..2026_12_05_01"), recursive: true);

        await worker.UntilAsync("a ConfigMap-style swap of ..data reloaded (new topic and outlet)", async () =>
            (await worker.GetAsync("/feeds/beta.atom"))?.Contains("second story", StringComparison.Ordinal) == true);
        var (_, exit, output) = await worker.TerminateAsync();
        Assert.Equal(0, exit);
        Assert.Equal(2, output.Split("Reloaded ").Length - 1);
        Record("2 symlink", "| feeds.json a symlink: target edited in place, then a ConfigMap `..data` swap | both reloaded without SIGHUP (content checked every 2 s besides the folder watcher), once each |");
    }

    [Fact]
    public async Task TwoThousandOneHundredIdleSockets_DoNotLockReadersOut_AndAreClosedSoon()
    {
        const int idle = 2100;
        await using var server = await LoopbackApp.StartAsync(app =>
            app.MapGet("/steady.rss", () => Results.Text(Rss("steady", "https://steady.example/1"), "application/rss+xml")));
        using var folder = new TempFolder();
        await File.WriteAllTextAsync(folder.File("feeds.json"),
            $$"""{ "outlets": [ { "id": "steady", "url": "{{new Uri(server.Address, "steady.rss")}}" } ] }""");
        using var worker = await HostWorker.StartAsync(folder.File("feeds.json"), folder.File("data"));
        // Each idle socket is a descriptor here and one in the worker: 2,100 needs more than the common 1,024 default.
        var limit = OpenFilesLimit();
        Assert.True(limit > idle + 200, $"this test needs more than {idle + 200} open files (ulimit -n is {limit})");

        var sockets = new List<TcpClient>(idle);
        try
        {
            for (var batch = 0; batch < idle; batch += 100)
            {
                var clients = Enumerable.Range(0, 100).Select(_ => new TcpClient()).ToList();
                await Task.WhenAll(clients.Select(c => c.ConnectAsync("127.0.0.1", worker.BaseUrl.Port)));
                sockets.AddRange(clients);
            }
            // The client's timeout only guards against a hang.
            using var reader = new HttpClient { Timeout = WaitFor.Hang };
            using var response = await reader.GetAsync(new Uri(worker.BaseUrl, "/feeds/all.atom"));
            var openAtAnswer = sockets.Count(s => !ClosedByPeer(s));

            // What the old "< 5 s" stood for: the reader is not queued behind the idle sockets. Served while more of them
            // are held open than the common limits (1,024 descriptors, a connection cap), it waited for none to close.
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            Assert.True(openAtAnswer > 1024, $"the reader was answered only once {idle - openAtAnswer} of {idle} idle sockets were closed");
            // The idle sockets are the worker's to close (its keep-alive timeout, 10 s), not held open for ever.
            await worker.UntilAsync("every idle socket closed by the worker", () => Task.FromResult(sockets.All(ClosedByPeer)));
            Record("3 idle", $"| {idle} idle TCP connections to `run` (ulimit -n {limit.ToString(CultureInfo.InvariantCulture)} in the test) | /feeds/all.atom served while {openAtAnswer} of them were open; the worker then closed every idle socket |");
        }
        finally
        {
            foreach (var socket in sockets)
            {
                socket.Dispose();
            }
        }
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task DataFolder_Database_AndItsWalAndShm_AreOwnerOnly()
    {
        await using var server = await LoopbackApp.StartAsync(app =>
            app.MapGet("/steady.rss", () => Results.Text(Rss("steady", "https://steady.example/1"), "application/rss+xml")));
        using var folder = new TempFolder();
        await File.WriteAllTextAsync(folder.File("feeds.json"),
            $$"""{ "outlets": [ { "id": "steady", "url": "{{new Uri(server.Address, "steady.rss")}}" } ] }""");
        var data = folder.File("data");
        using var worker = await HostWorker.StartAsync(folder.File("feeds.json"), data);
        await worker.UntilAsync("the steady outlet's story served", async () =>
            (await worker.GetAsync("/feeds/all.atom"))?.Contains("steady story", StringComparison.Ordinal) == true);
        var database = Path.Combine(data, "aggregator.db");

        const UnixFileMode ownerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        Assert.Equal(ownerOnlyFile | UnixFileMode.UserExecute, File.GetUnixFileMode(data));
        foreach (var file in new[] { database, database + "-wal", database + "-shm" })
        {
            Assert.True(File.Exists(file), $"{file} is missing while the worker runs");
            Assert.Equal(ownerOnlyFile, File.GetUnixFileMode(file));
        }
        Record("4 modes", "| data folder, aggregator.db, -wal, -shm created by `run` under umask 022 | 0700, 0600, 0600, 0600 |");
    }

    [Fact]
    public async Task HostileEntries_DeepNesting_LoneSurrogate_MegabyteAuthor_AreIngestedBoundedAndReported()
    {
        var deep = "<rss version=\"2.0\"><channel><title>Deep</title><item><title>Deep story</title><link>https://deep.example/1</link><description>"
            + new StringBuilder().Insert(0, "&lt;div&gt;", 200_000).Append("inner words of the deep story")
            + "</description></item><item><title>Plain story</title><link>https://deep.example/2</link><description>plain</description></item></channel></rss>";
        var surrogate = """
            {"version":"https://jsonfeed.org/version/1.1","title":"Json",
             "items":[{"id":"1","url":"https://json.example/1","title":"First json story"},
                      {"id":"2","url":"https://json.example/2","title":"Broken \ud800 json story","authors":[{"name":"\udfff"}]},
                      {"id":"3","url":"https://json.example/3","title":"Third json story"}]}
            """;
        var huge = new StringBuilder().Insert(0, "Jo Bloggs ", 100_000).ToString();
        var author = $"""<feed xmlns="http://www.w3.org/2005/Atom"><title>Big</title><id>urn:big</id><entry><id>urn:big:1</id><title>Big author story</title><link href="https://big.example/1"/><author><name>{huge}</name><email>{huge}@big.example</email></author><category term="{huge}"/><summary>x</summary></entry></feed>""";
        await using var server = await LoopbackApp.StartAsync(app =>
        {
            app.MapGet("/deep.rss", () => Results.Text(deep, "application/rss+xml"));
            app.MapGet("/json.json", () => Results.Text(surrogate, "application/feed+json"));
            app.MapGet("/big.atom", () => Results.Text(author, "application/atom+xml"));
        });
        using var folder = new TempFolder();
        await File.WriteAllTextAsync(folder.File("feeds.json"), $$"""
            { "outlets": [
                { "id": "deep", "url": "{{new Uri(server.Address, "deep.rss")}}" },
                { "id": "json", "url": "{{new Uri(server.Address, "json.json")}}" },
                { "id": "big", "url": "{{new Uri(server.Address, "big.atom")}}" } ] }
            """);
        using var worker = await HostWorker.StartAsync(folder.File("feeds.json"), folder.File("data"));
        var watch = Stopwatch.StartNew();
        string? all = null;
        await worker.UntilAsync("every hostile outlet ingested", async () =>
        {
            all = await worker.GetAsync("/feeds/all.atom");
            return all is not null && all.Contains("Deep story", StringComparison.Ordinal) && all.Contains("Third json story", StringComparison.Ordinal)
                && all.Contains("Big author story", StringComparison.Ordinal);
        });
        Assert.NotNull(all);
        var ingestedIn = watch.Elapsed;

        Assert.Contains("inner words of the deep story", all, StringComparison.Ordinal);
        Assert.Contains("Broken \uFFFD json story", all, StringComparison.Ordinal);
        Assert.Contains("First json story", all, StringComparison.Ordinal);
        Assert.DoesNotContain(string.Concat(Enumerable.Repeat("Jo Bloggs ", 30)), all, StringComparison.Ordinal);
        var rss = await worker.GetAsync("/feeds/all.rss");
        Assert.NotNull(rss);
        Assert.True(rss.Length < 200_000, $"all.rss is {rss.Length} chars");
        var (_, exit, output) = await worker.TerminateAsync();
        Assert.Equal(0, exit);
        Assert.Contains("overlong fields of big", output, StringComparison.Ordinal);
        Assert.Contains("surrogates replaced with U+FFFD", output, StringComparison.Ordinal);
        Record("5 entries", $"| entries with 200,000 nested divs (2.2 MB), a lone surrogate in a JSON Feed, a 1 MB author, email and category | all ingested in {ingestedIn.TotalSeconds:0.0} s; the nested text kept; only the broken character replaced (U+FFFD); the author cut to 200 characters, each cut and repair logged |");
    }

    private static bool ClosedByPeer(TcpClient client)
    {
        try
        {
            return client.Client.Poll(0, SelectMode.SelectRead) && client.Client.Available == 0;
        }
        catch (SocketException)
        {
            return true;
        }
        catch (ObjectDisposedException)
        {
            return true;
        }
    }

    private static long OpenFilesLimit()
    {
        var line = File.ReadLines("/proc/self/limits").First(l => l.StartsWith("Max open files", StringComparison.Ordinal));
        var soft = line["Max open files".Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
        return soft == "unlimited" ? long.MaxValue : long.Parse(soft, CultureInfo.InvariantCulture);
    }

    /// <summary>rename(2), as kubelet swaps ..data: File.Move refuses a link whose target is a folder.</summary>
    private static async Task<int> RenameAsync(string from, string to)
    {
        using var mv = Process.Start("mv", ["-T", from, to]);
        await mv.WaitForExitAsync();
        return mv.ExitCode;
    }

    private void Record(string row, string markdown)
    {
        Rows[row] = markdown;
        var table = new StringBuilder("""
            ## Attacks on the host (issue 17: items 11–14)

            Each row runs the real `run` process against a local outlet server.

            | attack | outcome |
            | --- | --- |

            """);
        foreach (var (_, line) in Rows.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            table.AppendLine(line);
        }
        report.Record(SectionKey, table.ToString());
    }
}
