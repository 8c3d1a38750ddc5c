using System.CommandLine;
using Aggregator.Hosting;
using Aggregator.Observability;
using Aggregator.Publish;
using Aggregator.Publish.Http;
using Aggregator.Scheduling;
using Aggregator.Store;
using Aggregator.WebSub;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Aggregator.Cli;

/// <summary>`run` (the default): the worker: scheduled polling plus the HTTP surface, until SIGTERM or Ctrl-C.</summary>
public static partial class RunCommand
{
    public const string DefaultUrls = "http://127.0.0.1:8080";

    /// <summary>Open connections served at once; more are refused until some close.</summary>
    public const int MaxConnections = 10_000;

    /// <summary>How long SIGTERM waits for the worker's parts to stop before cutting them off.</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(4);

    public static readonly Option<string?> Urls = new("--urls")
    {
        Description = $"HTTP listen address (default {DefaultUrls}, or $ASPNETCORE_URLS)",
        Recursive = true,
    };

    public static Command Create()
    {
        var command = new Command("run", "Run the worker: poll outlets on schedule and serve topic feeds");
        command.SetAction(RunAsync);
        return command;
    }

    public static async Task<int> RunAsync(ParseResult parse, CancellationToken ct)
    {
        var paths = CommonOptions.Paths(parse);
        if (ConfigGate.Load(paths.ConfigPath, parse.InvocationConfiguration.Error) is not { } snapshot)
        {
            return 1;
        }
        var urls = parse.GetValue(Urls)
            ?? (Environment.GetEnvironmentVariable("ASPNETCORE_URLS") is { Length: > 0 } env ? env : DefaultUrls);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
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
        builder.Logging.ClearProviders();
        // Five framework lines per request cost a third of the serving throughput (bench/README.md);
        // the worker's own poll lines and the framework's warnings stay.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        if (parse.GetValue(AggregatorCli.LogFormat) == "json")
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
        builder.Services.AddQuartz(quartz => SchedulerSetup.Configure(quartz, paths.Store));
        // On SIGTERM the scheduler stops firing and waits for in-flight polls, which the stopping
        // application has already cancelled (PollOutletJob), so each ends with its store write
        // committed or not begun. Whatever still lingers is cut at the shutdown timeout, well inside
        // Docker's 10 s and systemd's 90 s before SIGKILL.
        builder.Services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
        builder.Services.AddHostedService<OutletScheduleService>();
        builder.Services.AddHostedService<PruneScheduleService>();
        builder.Services.AddSingleton<StoreStatsSampler>();
        builder.Services.AddSingleton<ConfigStatus>();
        builder.Services.AddHostedService<ConfigReloader>();
        builder.Services.AddHostedService<StoreChangeListener>();
        builder.Services.AddWebSubSubscriber();

        await using var app = builder.Build();
        var store = app.Services.GetRequiredService<IAggregatorStore>();
        await store.MigrateAsync(ct);
        await TopicMemberships.SyncAsync(store, snapshot, ct);

        var metrics = app.Services.GetRequiredService<AggregatorMetrics>();
        var active = app.Services.GetRequiredService<ActiveConfig>();
        metrics.RememberOutlets(await store.GetOutletsAsync(ct));
        metrics.ObserveEnabledOutlets(() => active.Current.Config.Outlets.Where(o => o.Enabled).Select(o => o.Id));
        var sampler = app.Services.GetRequiredService<StoreStatsSampler>();
        // SQLite's files as they are on disk (WAL included); a shared database's size as PostgreSQL reports it.
        metrics.ObserveStoreSize(paths.Store.IsShared ? () => sampler.Latest?.SizeBytes : () => StoreFiles.SizeOf(paths.DatabasePath));
        metrics.ObserveStoreStats(() => sampler.Latest);
        var scheduler = await app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(ct);
        // Metadata is the scheduler's own counters, not a job store query (in memory or in PostgreSQL), so blocking inside the scrape callback costs nothing.
        metrics.ObserveSchedulerQueueDepth(() => scheduler.GetMetadata(CancellationToken.None).AsTask().GetAwaiter().GetResult().LocalExecutingJobs);
        app.UseRequestMetrics();
        app.MapAggregatorEndpoints();
        app.MapMetrics();
        app.MapWebSubCallbacks();
        // Type=notify under systemd: READY once listening, STOPPING on shutdown, watchdog pings while alive.
        using var systemd = SystemdNotifier.FromEnvironment().AttachTo(app.Lifetime);
        // Taken before the run: RunAsync disposes the host, and its services with it.
        var background = app.Services.GetServices<IHostedService>().OfType<BackgroundService>().ToList();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RunCommand));
        await app.RunAsync(ct);
        return ExitCode(background, logger);
    }

    /// <summary>
    /// 1 when a background service ended in an exception. The host stops when one does, and so does the process; exiting 0
    /// then would read as a clean shutdown, and systemd's Restart=on-failure (or a container's restart policy) would
    /// leave the worker down.
    /// </summary>
    private static int ExitCode(IEnumerable<BackgroundService> services, ILogger logger)
    {
        var exit = 0;
        foreach (var service in services.Where(s => s.ExecuteTask is { IsFaulted: true }))
        {
            var cause = service.ExecuteTask!.Exception?.InnerException;
            var error = cause is null ? "unknown" : $"{cause.GetType().Name}: {cause.Message.ReplaceLineEndings(" ")}";
            try
            {
                LogServiceFaulted(logger, service.GetType().Name, error);
            }
            catch (ObjectDisposedException)
            {
                // The host disposed its logging with itself; the supervisor still gets the reason.
                Console.Error.WriteLine($"{service.GetType().Name} failed ({error}); the worker stops with exit code 1");
            }
            exit = 1;
        }
        return exit;
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "{Service} failed ({Error}); the worker stops with exit code 1 so that its supervisor restarts it")]
    private static partial void LogServiceFaulted(ILogger logger, string service, string error);
}
