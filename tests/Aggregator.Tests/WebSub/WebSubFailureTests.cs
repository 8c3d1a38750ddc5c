using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Aggregator.Tests.Cli;
using Aggregator.Tests.Fixtures;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Aggregator.Tests.WebSub;

/// <summary>A hub that refuses the subscription: seen in /healthz (a warning, health intact), /metrics (by reason) and `status`.</summary>
public sealed class WebSubFailureTests
{
    [Fact]
    [Trait("Category", "Slow")]
    public async Task ARefusedSubscription_IsAWarningInHealthz_ACountByReasonInMetrics_AndANoteInStatus()
    {
        var started = DateTimeOffset.UtcNow;
        LoopbackApp? site = null;
        site = await LoopbackApp.StartAsync(app =>
        {
            app.MapGet("/feed.rss", () => Results.Text(
                $"""<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>Hubbed</title><link>https://example.org/</link><atom:link rel="hub" href="{site!.Address}hub"/><atom:link rel="self" href="{site.Address}feed.rss"/><item><title>One</title><link>https://example.org/1</link><guid isPermaLink="false">one</guid></item></channel></rss>""",
                "application/rss+xml"));
            app.MapPost("/hub", () => Results.StatusCode(StatusCodes.Status500InternalServerError));
        });
        await using var _ = site;
        await using var world = await OutletsWorld.StartAsync();
        var port = FreePort.Next();
        await File.WriteAllTextAsync(world.ConfigPath, $$"""
            { "defaults": { "publicUrl": "http://127.0.0.1:{{port}}/", "interval": "10s" },
              "outlets": [ { "id": "hubbed", "url": "{{site.Address}}feed.rss" } ] }
            """);
        string health = "";
        string metrics;
        await using (var worker = await RunningWorker.StartAsync(world, port))
        {
            HttpStatusCode status = 0;
            for (var i = 0; i < 300 && !health.Contains("hub_refused", StringComparison.Ordinal); i++)
            {
                await Task.Delay(100);
                using var response = await worker.Http.GetAsync(new Uri("/healthz", UriKind.Relative));
                (status, health) = (response.StatusCode, await response.Content.ReadAsStringAsync());
            }
            metrics = await worker.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative));

            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Contains("\"webSub\":[{\"id\":\"hubbed\",\"reason\":\"hub_refused\"", health, StringComparison.Ordinal);
            Assert.Contains("\"status\":\"ok\"", health, StringComparison.Ordinal);
        }
        Assert.Contains("aggregator_websub_subscription_failures_total{outlet=\"hubbed\",reason=\"hub_refused\"} ", metrics, StringComparison.Ordinal);

        var result = await CliRunner.RunAsync(world.Args("status"));
        var line = Assert.Single(result.Lines, l => l.StartsWith("hubbed ", StringComparison.Ordinal));
        Assert.Contains("websub: subscribing at " + site.Address + "hub failed", line, StringComparison.Ordinal);
        Assert.Contains("hub_refused", line, StringComparison.Ordinal);
        // The back-off shows: a first failure waits 5 minutes from its request (WebSubSubscriber.RetryDelay), the time to the second.
        var next = Regex.Match(line, @"; next try after (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)");
        Assert.True(next.Success, line);
        var nextTry = DateTimeOffset.Parse(next.Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.InRange(nextTry, started.AddMinutes(5).AddSeconds(-1), DateTimeOffset.UtcNow.AddMinutes(5));
    }
}
