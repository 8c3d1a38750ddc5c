using System.Collections.Concurrent;
using System.Xml.Linq;
using Aggregator.Tests.Cli;
using Aggregator.Tests.Fixtures;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Aggregator.Tests.Publish;

/// <summary>With defaults.websubHub set, feeds advertise the hub and a changed topic feed is announced to it.</summary>
public sealed class WebSubPublisherTests
{
    /// <summary>A tiny hub on 127.0.0.1 that records the publish pings it receives.</summary>
    private sealed class LocalHub : IAsyncDisposable
    {
        private LoopbackApp _app = null!;

        public ConcurrentQueue<(string Mode, string Url)> Pings { get; } = new();

        public Uri Url => new(_app.Address, "/hub");

        public static async Task<LocalHub> StartAsync()
        {
            var hub = new LocalHub();
            hub._app = await LoopbackApp.StartAsync(app => app.MapPost("/hub", async (HttpRequest request) =>
            {
                var form = await request.ReadFormAsync();
                hub.Pings.Enqueue((form["hub.mode"].ToString(), form["hub.url"].ToString()));
                return Results.NoContent();
            }));
            return hub;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task ChangedTopicFeeds_AreAnnouncedToTheHub_AndFeedsAdvertiseIt()
    {
        await using var hub = await LocalHub.StartAsync();
        await using var world = await OutletsWorld.StartAsync();
        var config = await File.ReadAllTextAsync(world.ConfigPath);
        await File.WriteAllTextAsync(world.ConfigPath, config.Replace(
            "\"defaults\": { \"interval\": \"30m\"",
            $"\"defaults\": {{ \"publicUrl\": \"https://news.example.org/\", \"websubHub\": \"{hub.Url}\", \"interval\": \"10s\"",
            StringComparison.Ordinal));
        await using var worker = await RunningWorker.StartAsync(world);

        // The worker's own first polls (within the 10 s start window) change every topic; pings go out one by one.
        string[] expected = ["https://news.example.org/feeds/bolivia.atom", "https://news.example.org/feeds/coups.json"];
        for (var i = 0; i < 300 && !expected.All(url => hub.Pings.Any(p => p.Url == url)); i++)
        {
            await Task.Delay(100);
        }

        Assert.Contains(("publish", "https://news.example.org/feeds/bolivia.atom"), hub.Pings);
        Assert.Contains(("publish", "https://news.example.org/feeds/coups.json"), hub.Pings);
        Assert.All(hub.Pings, p => Assert.Equal("publish", p.Mode));
        var atom = XDocument.Parse(await worker.Http.GetStringAsync(new Uri("/feeds/bolivia.atom", UriKind.Relative)));
        XNamespace a = "http://www.w3.org/2005/Atom";
        var links = atom.Root!.Elements(a + "link").ToDictionary(l => (string)l.Attribute("rel")!, l => (string)l.Attribute("href")!);
        Assert.Equal(hub.Url.AbsoluteUri, links["hub"]);
        Assert.Equal("https://news.example.org/feeds/bolivia.atom", links["self"]);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task CredentialsInPublicUrlAndHub_ReachNeitherTheHubNorTheFeeds()
    {
        await using var hub = await LocalHub.StartAsync();
        await using var world = await OutletsWorld.StartAsync();
        var hubWithCredentials = $"http://hubuser:HUB-s3cret@{hub.Url.Authority}/hub";
        var config = await File.ReadAllTextAsync(world.ConfigPath);
        await File.WriteAllTextAsync(world.ConfigPath, config.Replace(
            "\"defaults\": { \"interval\": \"30m\"",
            $"\"defaults\": {{ \"publicUrl\": \"https://admin:SITE-s3cret@news.example.org/\", \"websubHub\": \"{hubWithCredentials}\", \"interval\": \"10s\"",
            StringComparison.Ordinal));
        await using var worker = await RunningWorker.StartAsync(world);

        const string expected = "https://news.example.org/feeds/bolivia.atom";
        for (var i = 0; i < 300 && !hub.Pings.Any(p => p.Url == expected); i++)
        {
            await Task.Delay(100);
        }

        // The hub is told the feed's URL exactly as the feed names itself, without the site's credentials.
        Assert.Contains(("publish", expected), hub.Pings);
        Assert.All(hub.Pings, p => Assert.DoesNotContain("s3cret", p.Url, StringComparison.Ordinal));
        var body = await worker.Http.GetStringAsync(new Uri("/feeds/bolivia.atom", UriKind.Relative));
        Assert.DoesNotContain("s3cret", body, StringComparison.Ordinal);
        var index = await worker.Http.GetStringAsync(new Uri("/", UriKind.Relative));
        Assert.Contains("href=\"https://news.example.org/feeds/bolivia.atom\"", index, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", index, StringComparison.Ordinal);
        XNamespace a = "http://www.w3.org/2005/Atom";
        var links = XDocument.Parse(body).Root!.Elements(a + "link").ToDictionary(l => (string)l.Attribute("rel")!, l => (string)l.Attribute("href")!);
        Assert.Equal(hub.Url.AbsoluteUri, links["hub"]);
        Assert.Equal(expected, links["self"]);
    }
}
