using Aggregator.Tests.Fixtures;
using System.Net;
using Aggregator.Observability;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Observability;

/// <summary>GET /metrics over real HTTP from a Kestrel app wired as the worker wires it.</summary>
public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task Metrics_AfterPolls_ServesExpositionWithPrometheusContentType()
    {
        await using var server = await StartAsync();
        var metrics = server.App.Services.GetRequiredService<AggregatorMetrics>();
        metrics.RecordPoll("popular-resistance", "ok", 4, 0, 51_200, 0.8);
        metrics.RecordPoll("marxist-com", "failed", 0, 0, 0, 5.5);
        using var http = new HttpClient { BaseAddress = server.Address };

        using var response = await http.GetAsync(new Uri("/metrics", UriKind.Relative));
        var samples = Samples(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Equal(1, samples["aggregator_polls_total{outcome=\"ok\",outlet=\"popular-resistance\"}"]);
        Assert.Equal(1, samples["aggregator_polls_total{outcome=\"failed\",outlet=\"marxist-com\"}"]);
        Assert.Equal(4, samples["aggregator_items_total{kind=\"new\",outlet=\"popular-resistance\"}"]);
        Assert.Equal(51_200, samples["aggregator_fetch_bytes_total{outlet=\"popular-resistance\"}"]);
        Assert.Equal(0, samples["aggregator_fetch_duration_seconds_bucket{outlet=\"marxist-com\",le=\"5\"}"]);
        Assert.Equal(1, samples["aggregator_fetch_duration_seconds_bucket{outlet=\"marxist-com\",le=\"10\"}"]);
        Assert.Equal(5.5, samples["aggregator_fetch_duration_seconds_sum{outlet=\"marxist-com\"}"]);
    }

    [Fact]
    public async Task RequestMetrics_CountByRouteTemplateAndStatus()
    {
        await using var server = await StartAsync();
        using var http = new HttpClient { BaseAddress = server.Address };

        (await http.GetAsync(new Uri("/feeds/venezuela.atom", UriKind.Relative))).Dispose();
        (await http.GetAsync(new Uri("/feeds/coups.atom", UriKind.Relative))).Dispose();
        (await http.GetAsync(new Uri("/no/such/page", UriKind.Relative))).Dispose();
        (await http.GetAsync(new Uri("/metrics", UriKind.Relative))).Dispose();
        var samples = Samples(await http.GetStringAsync(new Uri("/metrics", UriKind.Relative)));

        Assert.Equal(2, samples["aggregator_http_requests_total{route=\"/feeds/{topic}.atom\",status=\"200\"}"]);
        Assert.Equal(1, samples["aggregator_http_requests_total{route=\"unmatched\",status=\"404\"}"]);
        // The scrape in flight is counted after its own answer is written.
        Assert.Equal(1, samples["aggregator_http_requests_total{route=\"/metrics\",status=\"200\"}"]);
    }

    [Fact]
    public async Task Metrics_ManyOutletsWithNonAsciiIds_ServesTheExporterTextByteForByte()
    {
        // A scrape of thousands of series is written chunk by chunk, never as one large string (issue 23); an id with
        // characters outside the BMP puts surrogate pairs across those chunk boundaries somewhere in the text.
        await using var server = await StartAsync();
        var metrics = server.App.Services.GetRequiredService<AggregatorMetrics>();
        for (var i = 0; i < 600; i++)
        {
            metrics.RecordPoll($"outlet-{i}-\U0001F4F0-é", "ok", i, 0, 1_000 + i, 0.5);
        }
        using var http = new HttpClient { BaseAddress = server.Address };

        var served = await http.GetByteArrayAsync(new Uri("/metrics", UriKind.Relative));
        var expected = server.App.Services.GetRequiredService<PrometheusExporter>().Scrape();

        Assert.True(served.Length > 100_000, $"a scrape of {served.Length} bytes does not cross many chunks");
        // The served text carries one more count of the /metrics route than this later scrape: compare the polls.
        Assert.Equal(Polls(expected), Polls(System.Text.Encoding.UTF8.GetString(served)));
        Assert.Contains("outlet=\"outlet-599-\U0001F4F0-é\"", System.Text.Encoding.UTF8.GetString(served), StringComparison.Ordinal);

        static string[] Polls(string exposition) => exposition.Split('\n').Where(l => l.StartsWith("aggregator_", StringComparison.Ordinal) && !l.StartsWith("aggregator_http_", StringComparison.Ordinal)).ToArray();
    }

    private static Task<LoopbackApp> StartAsync() => LoopbackApp.StartAsync(
        services => services.AddObservability(),
        app =>
        {
            app.UseRequestMetrics();
            app.MapGet("/feeds/{topic}.atom", (string topic) => Results.Text(topic));
            app.MapMetrics();
        });

    /// <summary>Every sample line as series → value; comment lines must be HELP or TYPE.</summary>
    private static Dictionary<string, double> Samples(string exposition)
    {
        Assert.EndsWith("\n", exposition, StringComparison.Ordinal);
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in exposition.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith('#'))
            {
                Assert.Matches(@"^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* \S", line);
                continue;
            }
            var split = line.LastIndexOf(' ');
            Assert.True(samples.TryAdd(line[..split], double.Parse(line[(split + 1)..], System.Globalization.CultureInfo.InvariantCulture)), $"duplicate series {line}");
        }
        return samples;
    }
}
