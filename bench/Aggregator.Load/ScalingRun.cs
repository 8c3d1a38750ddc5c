using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Aggregator.Load;

/// <summary>
/// The scale-out figure: outlets per second that 1, 2 and 3 `run` workers sharing one PostgreSQL
/// database (clustered Quartz) get through, against outlets that each take 200 ms to answer. Each
/// worker count starts on a fresh database, so every outlet is new and comes due inside the worker's
/// 30 s start window: 6,000 outlets make 200 outlets/s of demand, more than three workers' scheduler
/// threads (10 each, so about 50 polls/s per worker at 200 ms) can meet, so the figure is what the
/// workers manage, not what the outlets ask for. The interval (1 h) keeps every outlet to one firing
/// while the round lasts, so no firing is late enough to count as missed. The figure is outlets ÷ the
/// time from the first request until every outlet has been answered once; that round also stores
/// each outlet's one article, which the cluster decides one poll at a time (duplicate detection
/// needs that order).
/// </summary>
internal sealed class ScalingRun(string dll, string temp, Action<string> log)
{
    public const int Outlets = 6000;
    public const int Ports = 200;
    public static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(200);
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);
    private static readonly TimeSpan RoundLimit = TimeSpan.FromMinutes(4);
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
        };
        foreach (var workers in new[] { 1, 2, 3 })
        {
            var store = await postgres.CreateDatabaseAsync(pooled: true);
            var children = new List<ChildProcess>();
            var polls = new System.Collections.Concurrent.ConcurrentBag<long>();
            try
            {
                outlets.NewRound();
                for (var i = 0; i < workers; i++)
                {
                    children.Add(AggregatorChild.Start(dll, "run", config, Path.Combine(temp, $"scaling-data-{workers}-{i}"),
                        new Uri($"http://127.0.0.1:{FreePort.Next()}"), line =>
                        {
                            if (PollLine.FromLog(line, 0) is { } poll)
                            {
                                polls.Add(poll.ElapsedMs);
                            }
                        }, new Dictionary<string, string> { ["AGGREGATOR_STORE"] = store }));
                }
                var seconds = await outlets.RoundSecondsAsync(children, RoundLimit, log, ct);
                var elapsed = polls.Select(ms => (double)ms).ToList();
                var cpu = children.Sum(c => c.CpuSeconds());
                var peak = outlets.PeakRate(TimeSpan.FromSeconds(10));
                figures[$"outlets_per_s_{workers}_workers"] = LoadReport.Round(Outlets / seconds, 1);
                figures[$"peak_10s_outlets_per_s_{workers}_workers"] = LoadReport.Round(peak, 1);
                figures[$"poll_ms_p50_{workers}_workers"] = LoadReport.Round(Percentiles.Of(elapsed, 50));
                figures[$"worker_cpu_s_{workers}_workers"] = LoadReport.Round(cpu, 1);
                log(string.Create(CultureInfo.InvariantCulture,
                    $"  {workers} worker(s): every outlet polled once in {seconds:F1} s, {Outlets / seconds:F1} outlets/s (best 10 s: {peak:F1}/s); poll p50/p99 {Percentiles.Of(elapsed, 50):F0}/{Percentiles.Of(elapsed, 99):F0} ms; workers' CPU {cpu:F1} s"));
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

    /// <summary>One-item RSS feeds (ETag, 304 when unchanged) answered after <see cref="Latency"/>, spread over <see cref="Ports"/> ports.</summary>
    private sealed class SlowOutlets : IAsyncDisposable
    {
        private WebApplication _app = null!;
        private readonly System.Collections.Concurrent.ConcurrentDictionary<int, long> _firstAnswer = new();
        private long _firstRequest;


        public IReadOnlyList<string> Urls { get; private set; } = [];

        public void NewRound()
        {
            _firstAnswer.Clear();
            Interlocked.Exchange(ref _firstRequest, 0);
        }

        /// <summary>Seconds from the round's first request until every outlet has been answered once.</summary>
        public async Task<double> RoundSecondsAsync(IReadOnlyList<ChildProcess> workers, TimeSpan limit, Action<string> log, CancellationToken ct)
        {
            var waited = Stopwatch.StartNew();
            var nextReport = TimeSpan.FromSeconds(10);
            while (_firstAnswer.Count < Outlets)
            {
                if (waited.Elapsed > nextReport)
                {
                    log($"    {_firstAnswer.Count} outlets answered after {nextReport.TotalSeconds} s");
                    nextReport += TimeSpan.FromSeconds(10);
                }
                if (workers.FirstOrDefault(w => w.HasExited) is { } dead)
                {
                    throw new InvalidOperationException(
                        $"load: a worker exited with {dead.ExitCode} ({_firstAnswer.Count}/{Outlets} outlets polled):\n{string.Join('\n', dead.Tail.TakeLast(20))}");
                }
                if (waited.Elapsed > limit)
                {
                    throw new InvalidOperationException($"load: scaling round incomplete after {limit} ({_firstAnswer.Count}/{Outlets} outlets)");
                }
                await Task.Delay(50, ct);
            }
            return Stopwatch.GetElapsedTime(Interlocked.Read(ref _firstRequest), _firstAnswer.Values.Max()).TotalSeconds;
        }

        /// <summary>
        /// The most outlets first answered within any <paramref name="window"/> of the round, per second: the
        /// workers' pace once all of them run, without the round's start (workers starting, the start window
        /// filling) and its tail.
        /// </summary>
        public double PeakRate(TimeSpan window)
        {
            var times = _firstAnswer.Values.Order().ToArray();
            var ticks = (long)(window.TotalSeconds * Stopwatch.Frequency);
            var best = 0;
            for (int first = 0, last = 0; last < times.Length; last++)
            {
                while (times[last] - times[first] > ticks)
                {
                    first++;
                }
                best = Math.Max(best, last - first + 1);
            }
            return best / window.TotalSeconds;
        }

        public static async Task<SlowOutlets> StartAsync(CancellationToken ct)
        {
            var server = new SlowOutlets();
            (server._app, var ports) = await LoopbackPorts.StartAsync(Ports, app => app.MapGet("/s/{id:int}.rss", server.ServeAsync), ct);
            server.Urls = Enumerable.Range(0, Outlets).Select(i => new Uri(ports[i % ports.Count], $"/s/{i}.rss").AbsoluteUri).ToList();
            return server;
        }

        private async Task ServeAsync(HttpContext context, int id)
        {
            Interlocked.CompareExchange(ref _firstRequest, Stopwatch.GetTimestamp(), 0);
            await Task.Delay(Latency, context.RequestAborted);
            _firstAnswer.TryAdd(id, Stopwatch.GetTimestamp());
            var etag = $"\"s{id}\"";
            context.Response.Headers.ETag = etag;
            if (context.Request.Headers.IfNoneMatch == etag)
            {
                context.Response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }
            context.Response.ContentType = "application/rss+xml";
            await context.Response.WriteAsync($"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>S{id}</title><link>https://s{id}.example/</link>" +
                $"<item><title>Report of outlet {id}</title><link>https://s{id}.example/report</link><guid>s{id}-report</guid></item></channel></rss>");
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
