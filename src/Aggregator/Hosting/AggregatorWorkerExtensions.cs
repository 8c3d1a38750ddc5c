using Aggregator.Configuration;
using Aggregator.Observability;
using Aggregator.Pipeline;
using Aggregator.Publish;
using Aggregator.Publish.Http;
using Aggregator.Scheduling;
using Aggregator.Store;
using Aggregator.Topics;
using Aggregator.WebSub;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Aggregator.Hosting;

/// <summary>The worker's composition: what `run` adds to its builder, maps on its app, and prepares before it listens.</summary>
public static class AggregatorWorkerExtensions
{
    /// <summary>Open connections served at once; more are refused until some close.</summary>
    public const int MaxConnections = 10_000;

    /// <summary>How long SIGTERM waits for the worker's parts to stop before cutting them off.</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(4);

    /// <summary>Kestrel, logging, the pipeline, publishing, the scheduler, config reload and WebSub.</summary>
    /// <param name="urls">The listen address(es), as ASPNETCORE_URLS takes them.</param>
    /// <param name="jsonLogs">One JSON object per log line instead of one plain line.</param>
    public static WebApplicationBuilder AddAggregatorWorker(
        this WebApplicationBuilder builder, AggregatorPaths paths, ConfigSnapshot snapshot, string urls, bool jsonLogs)
    {
        builder.WebHost.UseUrls(urls);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Every endpoint is a small GET: anything larger is not a reader, so refuse it early.
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 16 * 1024;
            kestrel.Limits.MaxRequestLineSize = 8 * 1024;
            kestrel.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            kestrel.Limits.MaxRequestHeaderCount = 64;
            // Sockets that say nothing cost a reader nothing: a connection that sends no request (or
            // no next one) is closed after KeepAliveTimeout, headers must arrive within
            // RequestHeadersTimeout, and the cap sits far above what idle sockets from one host can
            // reach before those timeouts reclaim them (2,100 of them once locked readers out for 63 s
            // under a 2,048 cap and a 60 s keep-alive). Each connection is a file descriptor: .NET raises
            // the soft RLIMIT_NOFILE to the hard one, which must stay above the cap (README).
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(5);
            kestrel.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(10);
            kestrel.Limits.MaxConcurrentConnections = MaxConnections;
            kestrel.Limits.MaxConcurrentUpgradedConnections = 0;
        });
        builder.Services.AddHeapConnectionBuffers();
        builder.Services.AddInlineConnectionScheduling();
        builder.Logging.ClearProviders();
        // Five framework lines per request cost a third of the serving throughput (bench/README.md);
        // the worker's own poll lines and the framework's warnings stay.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        // Hosting starts an Activity and a log scope for every request whenever its category logs at any level, and
        // at Warning it writes nothing per request: the Activity, its async-local context and the scope were 40% of
        // what a served feed allocated (issue 23, bench/README.md). A failed start still surfaces as the exception
        // it throws, and a request's unhandled exception is Kestrel's line, not this category's.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        if (jsonLogs)
        {
            builder.Logging.AddJsonConsole(o => o.UseUtcTimestamp = true);
        }
        else
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss'Z' ";
            });
        }
        builder.Services.AddAggregatorPipeline(paths, snapshot);
        builder.Services.AddPublishing(SiteAddress.FromListenUrls(urls));
        builder.Services.AddServingWarmUp();
        builder.Services.AddQuartz(quartz => SchedulerSetup.Configure(quartz, paths.Store));
        // On SIGTERM the scheduler stops firing and waits for in-flight polls, which the stopping
        // application has already cancelled (PollOutletJob), so each ends with its store write
        // committed or not begun. Whatever still lingers is cut at the shutdown timeout, well inside
        // Docker's 10 s and systemd's 90 s before SIGKILL.
        builder.Services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        // Checked by `run` before it builds the host; a host built elsewhere (tests) fails here with the same line.
        builder.Services.AddSingleton(services => new IngestTaskScheduler(IngestTaskScheduler.ThreadsForThisMachine,
            IngestPriority.FromEnvironment(out var problem) ?? throw new InvalidOperationException(problem),
            services.GetRequiredService<ILogger<IngestTaskScheduler>>(),
            IngestWhileServing.FromEnvironment(out var whileServingProblem) ?? throw new InvalidOperationException(whileServingProblem)));
        // Checked by `run` too; a window registered before (a test's) is kept.
        builder.Services.TryAddSingleton(_ => StartWindow.FromEnvironment(out var problem) ?? throw new InvalidOperationException(problem));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
        builder.Services.AddHostedService<ShutdownWatch>();
        builder.Services.AddHostedService<OutletScheduleService>();
        builder.Services.AddHostedService<PruneScheduleService>();
        builder.Services.AddSingleton<StoreStatsSampler>();
        builder.Services.AddSingleton<ConfigStatus>();
        builder.Services.AddHostedService<ConfigReloader>();
        builder.Services.AddHostedService<StoreChangeListener>();
        builder.Services.AddWebSubSubscriber();
        return builder;
    }

    /// <summary>
    /// Kestrel's connection buffers from <see cref="HeapBlockMemoryPool"/>: a burst of readers must not set off a full
    /// collection by growing the pinned heap. Call it after Kestrel is added (WebApplication.CreateBuilder does), so
    /// this registration is the one its transport resolves.
    /// </summary>
    public static IServiceCollection AddHeapConnectionBuffers(this IServiceCollection services) =>
        services.AddSingleton<IMemoryPoolFactory<byte>, HeapBlockMemoryPoolFactory>();

    /// <summary>
    /// Kestrel runs a connection's request, and sends its response, on the thread that completed the socket operation
    /// instead of queueing each step to another thread: under wrk that was one hand-off fewer per request and a fifth less
    /// of the worker's CPU per request (issue 23, bench/README.md). The runtime still completes socket operations on pool
    /// threads, not on its epoll thread (DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS stays unset), so a handler that
    /// blocks, as a store read does, holds up its own connection only, as before; the option's "unsafe" is about that
    /// variable (<c>InlineConnectionSchedulingTests</c>).
    /// </summary>
    public static IServiceCollection AddInlineConnectionScheduling(this IServiceCollection services) =>
        services.Configure<SocketTransportOptions>(o => o.UnsafePreferInlineScheduling = true);

    /// <summary>
    /// Before the worker listens: the schema up to date, topic memberships in step with the rules, and
    /// the gauges the metrics endpoint reads on each scrape.
    /// </summary>
    public static async Task PrepareAggregatorAsync(this WebApplication app, AggregatorPaths paths, ConfigSnapshot snapshot, CancellationToken ct)
    {
        var store = app.Services.GetRequiredService<IAggregatorStore>();
        await store.MigrateAsync(ct);
        await TopicMemberships.SyncAsync(store, snapshot.Matcher, snapshot.TopicsHash, ct);

        var metrics = app.Services.GetRequiredService<AggregatorMetrics>();
        var active = app.Services.GetRequiredService<ActiveConfig>();
        metrics.RememberOutlets(await store.GetOutletsAsync(ct));
        // The store remembers outlets feeds.json no longer names; their series stay out of /metrics.
        metrics.KeepOutlets(snapshot.Config.Outlets.Select(o => o.Id).ToHashSet(StringComparer.Ordinal));
        // Pages of outlets removed or turned off while the worker was stopped go before the gauge is seeded.
        await app.Services.GetRequiredService<BacklogCleanup>().CleanAsync(ct);
        metrics.RememberBacklogs((await store.GetBacklogAsync(ct)).Select(b => (b.OutletId, b.Waiting, b.GivenUp)));
        metrics.ObserveEnabledOutlets(() => active.Current.Config.Outlets.Where(o => o.Enabled).Select(o => o.Id));
        var sampler = app.Services.GetRequiredService<StoreStatsSampler>();
        // SQLite's files as they are on disk (WAL included); a shared database's size as PostgreSQL reports it.
        metrics.ObserveStoreSize(paths.Store.IsShared ? () => sampler.Latest?.SizeBytes : () => StoreFiles.SizeOf(paths.DatabasePath));
        metrics.ObserveStoreStats(() => sampler.Latest);
        metrics.ObserveUnreadableTexts(() => Store.Sqlite.SqliteSearchIndex.UnreadableTexts);
        var scheduler = await app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(ct);
        // Metadata is the scheduler's own counters, not a job store query (in memory or in PostgreSQL), so blocking inside the scrape callback costs nothing.
        metrics.ObserveSchedulerQueueDepth(() => scheduler.GetMetadata(CancellationToken.None).AsTask().GetAwaiter().GetResult().LocalExecutingJobs);
    }

    /// <summary>Requests in flight counted for the ingest's limit while serving, readers' threads at the worker's priority, request metrics, then the feeds and pages, /metrics and the WebSub callbacks.</summary>
    public static WebApplication MapAggregator(this WebApplication app)
    {
        app.UseReadersInFlight();
        app.UseReaderThreadPriority();
        app.UseRequestMetrics();
        app.MapAggregatorEndpoints();
        app.MapMetrics();
        app.MapWebSubCallbacks();
        return app;
    }
}
