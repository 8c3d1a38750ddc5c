using System.Collections.Concurrent;
using System.Xml.Linq;
using Aggregator.Tests.Cli;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aggregator.Tests.Publish;

/// <summary>With defaults.websubHub set, feeds advertise the hub and a changed topic feed is announced to it.</summary>
public sealed class WebSubPublisherTests
{
    /// <summary>A tiny hub on 127.0.0.1 that records the publish pings it receives.</summary>
    private sealed class LocalHub : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private LocalHub(WebApplication app) => _app = app;

        public ConcurrentQueue<(string Mode, string Url)> Pings { get; } = new();

        public Uri Url { get; private set; } = null!;

        public static async Task<LocalHub> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var hub = new LocalHub(app);
            app.MapPost("/hub", async (HttpRequest request) =>
            {
                var form = await request.ReadFormAsync();
                hub.Pings.Enqueue((form["hub.mode"].ToString(), form["hub.url"].ToString()));
                return Results.NoContent();
            });
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            hub.Url = new Uri(address.TrimEnd('/') + "/hub");
            return hub;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }

    [Fact]
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
}
