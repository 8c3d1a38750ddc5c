using Aggregator.Bench.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Aggregator.Load;

/// <summary>
/// Kestrel on 127.0.0.1 serving every synthetic outlet. Outlets are spread over <c>hosts</c> ports
/// because the fetcher limits concurrency per host:port (2), as it would per real site; one port
/// for 2,000 outlets would measure that politeness limit, not the pipeline.
/// </summary>
internal sealed class OutletServer : IAsyncDisposable
{
    private readonly Dictionary<string, SyntheticOutlet> _byId = new(StringComparer.Ordinal);
    private WebApplication _app = null!;
    private OutletStats _stats = new();

    public IReadOnlyList<SyntheticOutlet> Outlets { get; private set; } = [];

    public OutletStats Stats => _stats;

    /// <summary>
    /// Answer every request in full, as a site without validators does: the re-poll's unchanged round then parses every
    /// entry again and finds it seen, instead of stopping at a 304.
    /// </summary>
    public bool IgnoreValidators { get; set; }

    public static async Task<OutletServer> StartAsync(SyntheticContent content, int outlets, int itemsPerFeed, int hosts, bool hanging, CancellationToken ct)
    {
        var server = new OutletServer();
        (server._app, var ports) = await LoopbackPorts.StartAsync(hosts, app => app.MapGet("/{id}/feed/", server.ServeAsync), ct);
        // Hosts shuffled (seeded) so slow, failing and hanging outlets are spread over hosts as on the web,
        // not stacked ten to a host behind its 2-request limit.
        var hostOf = Enumerable.Range(0, outlets).Select(i => i % ports.Count).ToArray();
        new Random(7).Shuffle(hostOf);
        var list = new List<SyntheticOutlet>(outlets);
        for (var i = 0; i < outlets; i++)
        {
            list.Add(new SyntheticOutlet(content, i, ports[hostOf[i]], BehaviourOf(i, hanging), itemsPerFeed));
        }
        foreach (var outlet in list)
        {
            server._byId[outlet.Id] = outlet;
        }
        server.Outlets = list;
        return server;
    }

    /// <summary>Starts a new round: fresh counters, and <paramref name="share"/> of the outlets publish new items.</summary>
    public void NextRound(double share)
    {
        _stats = new OutletStats();
        var every = (int)Math.Round(1 / share);
        Parallel.ForEach(Outlets.Where(o => o.Index % every == 0), o => o.Change());
    }

    public void ResetStats() => _stats = new OutletStats();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>10% slow, 2% server errors, 1% hanging past the fetch timeout; the rest answer at once.</summary>
    private static OutletBehaviour BehaviourOf(int index, bool hanging) => (index % 100) switch
    {
        >= 10 and < 20 => OutletBehaviour.Slow,
        97 or 98 => OutletBehaviour.ServerError,
        99 when hanging => OutletBehaviour.Hang,
        _ => OutletBehaviour.Normal,
    };

    private async Task ServeAsync(HttpContext context, string id)
    {
        var stats = _stats;
        Interlocked.Increment(ref stats.Requests);
        Interlocked.CompareExchange(ref stats.FirstRequestAt, System.Diagnostics.Stopwatch.GetTimestamp(), 0);
        if (!_byId.TryGetValue(id, out var outlet))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        var conditional = context.Request.Headers.IfNoneMatch.Count > 0;
        if (conditional)
        {
            Interlocked.Increment(ref stats.Conditional);
        }
        switch (outlet.Behaviour)
        {
            case OutletBehaviour.Hang:
                Interlocked.Increment(ref stats.Hung);
                try
                {
                    await Task.Delay(TimeSpan.FromMinutes(2), context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                context.Response.StatusCode = StatusCodes.Status504GatewayTimeout;
                return;
            case OutletBehaviour.ServerError:
                Interlocked.Increment(ref stats.Errors);
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                await context.Response.WriteAsync("<html><body><h1>500 Internal Server Error</h1></body></html>", context.RequestAborted);
                return;
            case OutletBehaviour.Slow:
                await Task.Delay(outlet.Delay, context.RequestAborted);
                break;
        }
        var (body, etag) = outlet.Current;
        context.Response.Headers.ETag = etag;
        context.Response.Headers.LastModified = "Sat, 21 Nov 2026 10:00:00 GMT";
        if (conditional && !IgnoreValidators && context.Request.Headers.IfNoneMatch.ToString().Contains(etag, StringComparison.Ordinal))
        {
            Interlocked.Increment(ref stats.NotModified);
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        Interlocked.Increment(ref stats.Full);
        Interlocked.Add(ref stats.BytesSent, body.Length);
        Interlocked.Add(ref stats.EntriesSent, outlet.ItemsPerFeed);
        context.Response.ContentType = outlet.ContentType;
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }
}
