using System.Net;
using System.Text.Json;
using Aggregator.Tests.Fixtures;

namespace Aggregator.Tests.Cli;

/// <summary>Outlets without feeds: `type: html` listings polled end to end, with and without selectors.</summary>
public sealed class ListingOutletTests
{
    private static async Task<(OutletServer Server, TempFolder Folder, string[] Args)> WorldAsync()
    {
        var server = await OutletServer.StartAsync(TestPaths.TestData("scrape"));
        // Served from 127.0.0.1, the page names its real site the way WordPress does, with a canonical link,
        // so its absolute links to popularresistance.org count as same-site.
        var page = await File.ReadAllTextAsync(Path.Combine(TestPaths.TestData("scrape"), "popular-resistance-coups.html"));
        server.Set("popular-resistance-coups.html",
            page.Replace("</head>", "<link rel=\"canonical\" href=\"https://popularresistance.org/category/coups/\"></head>", StringComparison.Ordinal),
            "text/html; charset=utf-8");
        var folder = new TempFolder();
        await File.WriteAllTextAsync(folder.File("feeds.json"), $$"""
            {
              "outlets": [
                { "id": "popular-resistance", "name": "Popular Resistance", "type": "html", "url": "{{server.Url("popular-resistance-coups.html")}}" },
                { "id": "marxist-com", "name": "In Defence of Marxism", "type": "html", "url": "{{server.Url("marxist-latest.html")}}",
                  "scrape": { "item": "div.article", "title": "h2 a", "link": "h2 a", "summary": "p.intro", "published": "time" } }
              ],
              "topics": [ { "id": "venezuela", "title": "Venezuela", "include": ["venezuela", "guaido"] } ]
            }
            """);
        return (server, folder, ["--config", folder.File("feeds.json"), "--data", folder.File("data")]);
    }

    [Fact]
    public async Task Listings_AreScrapedWithAndWithoutSelectors_AndRepollAddsNothingTwice()
    {
        var (server, folder, args) = await WorldAsync();
        await using var _ = server;
        using var __ = folder;

        var first = await CliRunner.RunAsync([.. args, "poll"]);
        var second = await CliRunner.RunAsync([.. args, "poll"]);

        Assert.Equal(0, first.ExitCode);
        Assert.All(first.Lines, l => Assert.Matches(@"^[a-z-]+  ok  new=[1-9]\d* updated=0  \d+ms$", l));
        Assert.All(second.Lines, l => Assert.Matches(@"^[a-z-]+  not-modified  new=0 updated=0  \d+ms$", l));
        var status = await CliRunner.RunAsync([.. args, "status"]);
        Assert.Contains("read as: detected ", status.Lines.Single(l => l.StartsWith("popular-resistance", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("read as: selectors: div.article", status.Lines.Single(l => l.StartsWith("marxist-com", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Listing_NewArticleAtTheTop_IsPickedUpOnTheNextPoll_OldOnesNotDuplicated()
    {
        var (server, folder, args) = await WorldAsync();
        await using var _ = server;
        using var __ = folder;
        await CliRunner.RunAsync([.. args, "poll", "--outlet", "marxist-com"]);
        var page = await File.ReadAllTextAsync(Path.Combine(TestPaths.TestData("scrape"), "marxist-latest.html"));
        var firstArticle = page.IndexOf("<div class=\"article\"", StringComparison.Ordinal);
        Assert.True(firstArticle > 0);
        server.Set("marxist-latest.html", page.Insert(firstArticle, """
            <div class="article"><h2><a href="/venezuela-new-offensive.htm">Venezuela: a new offensive against the revolution</a></h2>
            <p class="intro">Washington's efforts to remove the Venezuelan government proceed apace.</p><time datetime="2019-03-01T10:00:00Z">1 March 2019</time></div>
            """), "text/html; charset=utf-8");

        var result = await CliRunner.RunAsync([.. args, "poll", "--outlet", "marxist-com"]);

        Assert.StartsWith("marxist-com  ok  new=1 updated=0", Assert.Single(result.Lines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Listing_WhoseSelectorsStopMatching_IsReportedBroken_NotSilentlyEmpty()
    {
        var (server, folder, args) = await WorldAsync();
        await using var _ = server;
        using var __ = folder;
        await CliRunner.RunAsync([.. args, "poll"]);
        server.Set("marxist-latest.html", "<html><body><main><section class='teaser'><h3><a href='/x.htm'>Redesigned site</a></h3></section></main></body></html>", "text/html");

        var result = await CliRunner.RunAsync([.. args, "poll", "--outlet", "marxist-com"]);

        Assert.Matches(@"^marxist-com  failed  new=0 updated=0  \d+ms  scrape: selector 'div.article' matched nothing$", Assert.Single(result.Lines));
        var port = FreePort.Next();
        await using var worker = await RunningWorkerFor(args, port);
        using var health = JsonDocument.Parse(await worker.GetStringAsync(new Uri("/healthz", UriKind.Relative)));
        Assert.Equal(1, health.RootElement.GetProperty("outlets").GetProperty("broken").GetInt32());
    }

    private static async Task<HttpClientOwner> RunningWorkerFor(string[] args, int port)
    {
        var stop = new CancellationTokenSource();
        var run = Aggregator.Cli.AggregatorCli.InvokeAsync([.. args, "run", "--urls", $"http://127.0.0.1:{port}"], TextWriter.Null, TextWriter.Null, stop.Token);
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        for (var i = 0; i < 200; i++)
        {
            try
            {
                using var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    break;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(50);
        }
        return new HttpClientOwner(http, stop, run);
    }

    private sealed class HttpClientOwner(HttpClient http, CancellationTokenSource stop, Task<int> run) : IAsyncDisposable
    {
        public Task<string> GetStringAsync(Uri uri) => http.GetStringAsync(uri);

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            await run;
            http.Dispose();
            stop.Dispose();
        }
    }
}
