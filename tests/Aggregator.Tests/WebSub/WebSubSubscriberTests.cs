using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Aggregator.Tests.Cli;
using Aggregator.Tests.Fixtures;
using Aggregator.WebSub;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Aggregator.Tests.WebSub;

/// <summary>Subscribing at a local hub, verifying intent, and ingesting pushed content at once (W3C WebSub).</summary>
public sealed class WebSubSubscriberTests
{
    /// <summary>A small hub: accepts subscriptions, verifies intent at the callback, and pushes signed content.</summary>
    private sealed class LocalHub : IAsyncDisposable
    {
        private readonly HttpClient _http = new();
        private LoopbackApp _app = null!;

        public ConcurrentDictionary<string, (Uri Callback, string Secret)> Verified { get; } = new(StringComparer.Ordinal);

        public Uri Url => new(_app.Address, "/hub");

        public static async Task<LocalHub> StartAsync()
        {
            var hub = new LocalHub();
            hub._app = await LoopbackApp.StartAsync(app => app.MapPost("/hub", async (HttpRequest request) =>
            {
                var form = await request.ReadFormAsync();
                var topic = form["hub.topic"].ToString();
                var callback = new Uri(form["hub.callback"].ToString());
                var secret = form["hub.secret"].ToString();
                _ = Task.Run(() => hub.VerifyAsync(topic, callback, secret));
                return Results.Accepted();
            }));
            return hub;
        }

        private async Task VerifyAsync(string topic, Uri callback, string secret)
        {
            var challenge = Convert.ToHexString(RandomNumberGenerator.GetBytes(8));
            var url = $"{callback}?hub.mode=subscribe&hub.topic={Uri.EscapeDataString(topic)}&hub.challenge={challenge}&hub.lease_seconds=3600";
            using var response = await _http.GetAsync(new Uri(url));
            if (response.IsSuccessStatusCode && await response.Content.ReadAsStringAsync() == challenge)
            {
                Verified[topic] = (callback, secret);
            }
        }

        public async Task PushAsync(string topic, string body, string? secretOverride = null)
        {
            var (callback, secret) = Verified[topic];
            var bytes = Encoding.UTF8.GetBytes(body);
            using var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/rss+xml");
            using var request = new HttpRequestMessage(HttpMethod.Post, callback) { Content = content };
            request.Headers.Add("X-Hub-Signature", "sha256=" + Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secretOverride ?? secret), bytes)).ToLowerInvariant());
            using var response = await _http.SendAsync(request);
            Assert.True(response.IsSuccessStatusCode, $"push answered {(int)response.StatusCode}");
        }

        public async ValueTask DisposeAsync()
        {
            _http.Dispose();
            await _app.DisposeAsync();
        }
    }

    private static string Feed(Uri hub, Uri self, params string[] titles) =>
        $"""<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>Pushed</title><link>https://kawsachunnews.com/</link><atom:link rel="hub" href="{hub}"/><atom:link rel="self" href="{self}"/>"""
        + string.Concat(titles.Select((t, i) => $"<item><title>{t}</title><link>https://kawsachunnews.com/{Uri.EscapeDataString(t)}</link><guid isPermaLink=\"false\">{t}</guid></item>"))
        + "</channel></rss>";

    [Fact]
    [Trait("Category", "Slow")]
    public async Task AdvertisedHub_IsSubscribedWithIntentVerified_AndPushedArticlesAppearAtOnce_SignedOnesOnly()
    {
        await using var hub = await LocalHub.StartAsync();
        await using var world = await OutletsWorld.StartAsync();
        var self = world.Server.Url("pushed.rss");
        world.Server.Set("pushed.rss", Feed(hub.Url, self, "Evo Morales speaks in Cochabamba"));
        var port = FreePort.Next();
        var config = await File.ReadAllTextAsync(world.ConfigPath);
        await File.WriteAllTextAsync(world.ConfigPath, config
            .Replace("\"defaults\": { \"interval\": \"30m\"", $"\"defaults\": {{ \"publicUrl\": \"http://127.0.0.1:{port}/\", \"allowPrivateNetworks\": true, \"interval\": \"1d\"", StringComparison.Ordinal)
            .Replace("\"outlets\": [", $$"""
                "outlets": [ { "id": "pushed", "name": "Pushed", "url": "{{self}}" },
                """, StringComparison.Ordinal));
        await using var worker = await RunningWorker.StartAsync(world, port);

        await WaitFor.UntilAsync("the worker subscribing and confirming its intent at the hub", () => Task.FromResult(hub.Verified.ContainsKey(self.AbsoluteUri)));
        // The callback ends in the subscription's own token: only the hub it was given to can answer there.
        var callback = hub.Verified[self.AbsoluteUri].Callback.AbsoluteUri;
        Assert.Equal($"http://127.0.0.1:{port}/websub/pushed/{CallbackToken.For(hub.Verified[self.AbsoluteUri].Secret)}", callback);

        var polls = world.Server.RequestsTo("pushed.rss").Count;
        await hub.PushAsync(self.AbsoluteUri, Feed(hub.Url, self, "Forged: not from the hub"), secretOverride: "wrong secret");
        await hub.PushAsync(self.AbsoluteUri, Feed(hub.Url, self, "Pushed: troops withdraw from Plaza Murillo", "Evo Morales speaks in Cochabamba"));
        // Freshness without a clock: the next scheduled poll is a day away (interval 1d; the first ran at start), so the
        // item can only come from the push, and the outlet is not fetched again for it. The polled feed never carries it.
        var all = await WaitFor.BodyAsync(worker.Http, "/feeds/all.json", body => body.Contains("troops withdraw", StringComparison.Ordinal),
            awaited: "the pushed item");
        Assert.Equal(polls, world.Server.RequestsTo("pushed.rss").Count);

        Assert.Contains("Pushed: troops withdraw from Plaza Murillo", all, StringComparison.Ordinal);
        Assert.DoesNotContain("Forged", all, StringComparison.Ordinal);
        Assert.Equal(new Uri($"http://example.org/websub/a%20b/{CallbackToken.For("s")}"), WebSubSubscriber.CallbackFor(new Uri("http://example.org/"), "a b", "s"));
    }

    [Fact]
    public void HubSignature_AcceptsOnlyTheRightHmac()
    {
        var body = Encoding.UTF8.GetBytes("<rss/>");
        var good = "sha256=" + Convert.ToHexString(HMACSHA256.HashData("s3cret"u8.ToArray(), body)).ToLowerInvariant();

        Assert.True(HubSignature.IsValid(good, body, "s3cret"));
        Assert.False(HubSignature.IsValid(good, body, "other"));
        Assert.False(HubSignature.IsValid(good, Encoding.UTF8.GetBytes("<rss />"), "s3cret"));
        foreach (var bad in new[] { null, "", "sha256", "=abc", "md5=00", "sha256=zz" })
        {
            Assert.False(HubSignature.IsValid(bad, body, "s3cret"), bad);
        }
    }
}
