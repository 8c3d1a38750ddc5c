using System.Diagnostics;
using System.Globalization;
using Aggregator.Model;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aggregator.Publish.Http;

/// <summary>
/// Once the worker listens, asks its own feed endpoint for a topic's feeds a few thousand times over a few loopback
/// connections, so the code every reader runs (Kestrel's connection and request path, routing, the endpoint, the
/// conditional GET and the body writer) is compiled, and recompiled optimized, before the first readers come rather
/// than on their time (issue 23). In the load test the first burst of readers during round 1 compiled about 270
/// methods at tier 0 and recompiled about 750 at tier 1 within its first seconds: its probe connection got 29
/// answers in the first two seconds against 180-230 in each later one (bench/README.md).
/// </summary>
/// <remarks>
/// Tier 1 needs a method called <c>System.Runtime.TieredCompilation.CallCountThreshold</c> times (1,000 in the
/// published build) once call counting has begun, hence thousands of requests, not one; they cost about 30 µs of CPU
/// each. They are ordinary requests and are counted as such in /metrics. AGGREGATOR_SERVING_WARMUP sets how many
/// (0: none).
/// </remarks>
public sealed partial class ServingWarmUp(
    IHttpClientFactory httpClientFactory, IServer server, ISiteCatalog site, IHostApplicationLifetime lifetime, int requests, ILogger<ServingWarmUp> logger)
    : BackgroundService
{
    public const string EnvironmentVariable = "AGGREGATOR_SERVING_WARMUP";

    public const string HttpClientName = "serving-warm-up";

    /// <summary>Requests when AGGREGATOR_SERVING_WARMUP is unset: past the tier-1 threshold with room for the calls made before counting began.</summary>
    public const int DefaultRequests = 3_000;

    /// <summary>Connections at once: several, so the code for concurrent connections is warmed too, few enough to leave a core to the round.</summary>
    public const int Connections = 4;

    /// <summary>The environment's request count, <see cref="DefaultRequests"/> when unset; null with a one-line problem naming the variable.</summary>
    public static int? RequestsFromEnvironment(out string problem)
    {
        var text = Environment.GetEnvironmentVariable(EnvironmentVariable);
        problem = "";
        if (string.IsNullOrWhiteSpace(text))
        {
            return DefaultRequests;
        }
        if (int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var requests))
        {
            return requests;
        }
        problem = $"{EnvironmentVariable}: '{text}' is not a whole number of requests (0 turns the warm-up off)";
        return null;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (requests == 0 || site.Topics.FirstOrDefault() is not { } topic)
        {
            return;
        }
        // Requests before Kestrel listens would be refused; and only then is the port known when it was 0.
        if (!await StartedAsync(stoppingToken)
            || server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() is not { } listening)
        {
            return;
        }
        var listenAddress = SiteAddress.FromListenUrls(listening);
        // Not the readers' own cached feeds but their siblings one item shorter (the same code, a body of nearly the same size):
        // a feed read within the last second is re-rendered at most once a second (FeedCache), so reading the readers' feeds
        // here would hold the first commits after start out of them for up to a second.
        var defaultLimit = FeedWarmer.DefaultLimit(site);
        var limit = (defaultLimit > 1 ? defaultLimit - 1 : defaultLimit + 1).ToString(CultureInfo.InvariantCulture);
        var feeds = FeedFormatKind.All.Select(f => new Uri(listenAddress, $"feeds/{Uri.EscapeDataString(topic.Id)}.{f.Extension}?limit={limit}")).ToList();
        var started = Stopwatch.GetTimestamp();
        // Kestrel stops listening when the application starts stopping, which can be before this service is asked to stop:
        // the requests end then too, as cancelled, not failed.
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lifetime.ApplicationStopping);
        try
        {
            using var client = httpClientFactory.CreateClient(HttpClientName);
            var (answered, failed) = await RunAsync(client, feeds, requests, Connections, stopping.Token);
            var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            LogWarmed(answered, failed, topic.Id, ms);
        }
        catch (Exception) when (stopping.IsCancellationRequested)
        {
            // Stopping: Kestrel cuts the requests in flight, which is no failure of the worker's (and must not set its exit code).
        }
        catch (Exception e)
        {
            // Never fatal (a timeout, a refused connection, a proxy in the way): the first readers compile what is left, as before.
            LogNotWarmed(e.Message);
        }
    }

    /// <summary>
    /// <paramref name="requests"/> GETs of <paramref name="feeds"/> in turn over <paramref name="connections"/> at once, each
    /// response read to its end; the answers with a success status, and the others.
    /// </summary>
    public static async Task<(int Answered, int Failed)> RunAsync(HttpClient client, IReadOnlyList<Uri> feeds, int requests, int connections, CancellationToken ct)
    {
        var next = -1;
        var answered = 0;
        var failed = 0;
        async Task OneConnectionAsync()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < requests)
            {
                using var response = await client.GetAsync(feeds[i % feeds.Count], HttpCompletionOption.ResponseContentRead, ct);
                Interlocked.Increment(ref response.IsSuccessStatusCode ? ref answered : ref failed);
            }
        }
        await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => OneConnectionAsync()));
        return (answered, failed);
    }

    private async Task<bool> StartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using var onStopping = stoppingToken.Register(() => started.TrySetCanceled(stoppingToken));
        try
        {
            await started.Task;
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Serving path warmed: {Answered} requests answered ({Failed} not) for topic {Topic} in {Ms:F0} ms")]
    private partial void LogWarmed(int answered, int failed, string topic, double ms);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Serving path not warmed ahead of readers: {Reason}; the first readers compile it")]
    private partial void LogNotWarmed(string reason);
}
