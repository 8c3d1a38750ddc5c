using System.Globalization;
using Aggregator.Tests.Cli;
using Aggregator.Tests.Fixtures;

namespace Aggregator.Tests.Publish.Http;

/// <summary>
/// What serving an already rendered feed allocates in the real worker, read from its own /metrics
/// (`dotnet_gc_allocated_bytes_total`). While a round ingests, every collection stops every request thread
/// (issue 23): the fewer bytes a request allocates, the fewer collections land in readers' requests.
/// </summary>
public sealed class FeedRequestAllocationTests
{
    [Fact]
    [Trait("Category", "Slow")]
    public async Task ServingARenderedFeed_AllocatesUnderAKilobytePerRequest()
    {
        await using var world = await OutletsWorld.StartAsync();
        var port = FreePort.Next();
        using var worker = AggregatorProcess.Start(["run", .. world.Args(), "--urls", $"http://127.0.0.1:{port}"]);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        await WaitFor.BodyAsync(http, "/healthz", _ => true, WaitFor.Exited(worker));
        var feed = new Uri("/feeds/all.atom", UriKind.Relative);
        await RequestAsync(http, feed, 500);

        // The worker's first polls run meanwhile (spread over its start window) and allocate too: the least of
        // three windows is the one they left alone, or nearly.
        const int requests = 2_000;
        var perRequest = new List<double>();
        for (var window = 0; window < 3; window++)
        {
            var before = await AllocatedBytesAsync(http);
            await RequestAsync(http, feed, requests);
            perRequest.Add((await AllocatedBytesAsync(http) - before) / requests);
        }

        // It was about 2,000 bytes: a tracing Activity and log scope per request that nothing logged, the request
        // counter's label text built per request, and a LINQ lookup of the topic.
        Assert.True(perRequest.Min() < 1_000, $"bytes allocated per request of {feed}: {string.Join(", ", perRequest.Select(b => b.ToString("F0", CultureInfo.InvariantCulture)))}");
    }

    private static async Task RequestAsync(HttpClient http, Uri feed, int count)
    {
        for (var i = 0; i < count; i++)
        {
            using var response = await http.GetAsync(feed);
            Assert.True(response.IsSuccessStatusCode, $"{feed}: {(int)response.StatusCode}");
            await response.Content.CopyToAsync(Stream.Null);
        }
    }

    private static async Task<double> AllocatedBytesAsync(HttpClient http)
    {
        var exposition = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        var line = exposition.Split('\n').Single(l => l.StartsWith("dotnet_gc_allocated_bytes_total ", StringComparison.Ordinal));
        return double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
    }
}
