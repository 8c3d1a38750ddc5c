using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aggregator.Load;

/// <summary>
/// The scale-out figure: polls per second completed by 1, 2 and 3 `run` workers sharing one
/// PostgreSQL database (clustered Quartz), against outlets that each take 200 ms to answer and
/// are due more often than one worker can poll them. Each worker count gets a fresh database; the
/// figure is the outlet server's count of answered feed requests per second over a steady window
/// after the first polls have spread out.
/// </summary>
internal sealed class ScalingRun(string dll, string temp, Action<string> log)
{
    public const int Outlets = 2000;
    public const int Ports = 200;
    public static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(200);
    /// <summary>Demand: 2,000 outlets every 10 s is 200 polls/s, above what three workers manage at 200 ms a poll.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(20);
    private static readonly string[] TopicWords = ["report"];

    public async Task<SortedDictionary<string, object?>> RunAsync(CancellationToken ct)
    {
        var postgres = await Aggregator.Tests.Fixtures.PostgresServer.Shared;
        await using var outlets = await SlowOutlets.StartAsync(ct);
        var config = Path.Combine(temp, "scaling-feeds.json");
        await File.WriteAllTextAsync(config, JsonSerializer.Serialize(new
        {
            defaults = new { interval = $"{Interval.TotalSeconds}s", allowPrivateNetworks = true, timeout = "10s" },
            topics = new[] { new { id = "reports", title = "Reports", include = TopicWords } },
            outlets = outlets.Urls.Select((url, i) => new { id = $"s{i}", url }),
        }), ct);

        var figures = new SortedDictionary<string, object?>(StringComparer.Ordinal)
        {
            ["outlets"] = Outlets,
            ["latency_ms"] = Latency.TotalMilliseconds,
            ["interval_s"] = Interval.TotalSeconds,
            ["window_s"] = Window.TotalSeconds,
        };
        foreach (var workers in new[] { 1, 2, 3 })
        {
            var store = await postgres.CreateDatabaseAsync();
            var children = new List<ChildProcess>();
            try
            {
                for (var i = 0; i < workers; i++)
                {
                    var url = new Uri($"http://127.0.0.1:{FreePort.Next()}");
                    var child = AggregatorChild.Start(dll, "run", config, Path.Combine(temp, $"scaling-data-{workers}-{i}"), url, null,
                        new Dictionary<string, string> { ["AGGREGATOR_STORE"] = store });
                    children.Add(child);
                    await AggregatorChild.WaitHealthyAsync(url, child, Stopwatch.GetTimestamp(), TimeSpan.FromSeconds(60), ct);
                }
                await Task.Delay(WarmUp, ct);
                var before = outlets.Answered;
                var started = Stopwatch.GetTimestamp();
                await Task.Delay(Window, ct);
                var perSecond = (outlets.Answered - before) / Stopwatch.GetElapsedTime(started).TotalSeconds;
                figures[$"polls_per_s_{workers}_workers"] = LoadReport.Round(perSecond, 1);
                log(string.Create(CultureInfo.InvariantCulture, $"  {workers} worker(s): {perSecond:F1} polls/s"));
            }
            finally
            {
                foreach (var child in children)
                {
                    await child.StopAsync(TimeSpan.FromSeconds(20));
                }
            }
        }
        return figures;
    }

    /// <summary>Small RSS feeds (10 items, ETag, 304 when unchanged) answered after <see cref="Latency"/>, spread over <see cref="Ports"/> ports.</summary>
    private sealed class SlowOutlets : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private long _answered;

        private SlowOutlets(WebApplication app) => _app = app;

        public IReadOnlyList<string> Urls { get; private set; } = [];

        public long Answered => Interlocked.Read(ref _answered);

        public static async Task<SlowOutlets> StartAsync(CancellationToken ct)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(kestrel =>
            {
                for (var i = 0; i < Ports; i++)
                {
                    kestrel.Listen(IPAddress.Loopback, 0);
                }
            });
            var app = builder.Build();
            var server = new SlowOutlets(app);
            app.MapGet("/s/{id:int}.rss", server.ServeAsync);
            await app.StartAsync(ct);
            var ports = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.ToList();
            server.Urls = Enumerable.Range(0, Outlets).Select(i => $"{ports[i % ports.Count].TrimEnd('/')}/s/{i}.rss").ToList();
            return server;
        }

        private async Task ServeAsync(HttpContext context, int id)
        {
            await Task.Delay(Latency, context.RequestAborted);
            Interlocked.Increment(ref _answered);
            var etag = $"\"s{id}\"";
            context.Response.Headers.ETag = etag;
            if (context.Request.Headers.IfNoneMatch == etag)
            {
                context.Response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }
            context.Response.ContentType = "application/rss+xml";
            var items = string.Concat(Enumerable.Range(0, 10).Select(k =>
                $"<item><title>Report {k} of outlet {id}</title><link>https://s{id}.example/{k}</link><guid>s{id}-{k}</guid></item>"));
            await context.Response.WriteAsync($"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>S{id}</title><link>https://s{id}.example/</link>{items}</channel></rss>");
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
