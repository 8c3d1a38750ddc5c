using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace Aggregator.Hosting;

/// <summary>
/// Says so when a stop outlasts <see cref="HostOptions.ShutdownTimeout"/>, naming what was still running: the host itself
/// says nothing when it gives up waiting, so a part that ignores its stop token (and a SIGTERM that waits the whole timeout,
/// or past it) would otherwise look like a clean stop. Tests assert the line is absent.
/// </summary>
public sealed partial class ShutdownWatch(IServiceProvider services, IOptions<HostOptions> options, ILogger<ShutdownWatch> logger)
    : IHostedLifecycleService
{
    /// <summary>The start of the line, for whoever greps a log for it.</summary>
    public const string OverranText = "Stopping took longer than the shutdown timeout";

    private CancellationToken _stopping;
    private CancellationTokenRegistration _overran;
    private int _reported;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Called before any part is asked to stop, with the token the host cancels once its shutdown timeout has passed.</summary>
    public Task StoppingAsync(CancellationToken cancellationToken)
    {
        _stopping = cancellationToken;
        _overran = cancellationToken.Register(() => _ = ReportAsync());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Called once every part's stop has returned. A background service's stop returns when the timeout passes, even if
    /// the service runs on, and it may return before the timeout's callback above has run: so the token is checked here too.
    /// </summary>
    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        // Not Dispose: this may run inside the token's cancellation, before the callback, which Dispose would wait for.
        _overran.Unregister();
        if (_stopping.IsCancellationRequested)
        {
            await ReportAsync();
        }
    }

    private async Task ReportAsync()
    {
        if (Interlocked.Exchange(ref _reported, 1) == 1)
        {
            return;
        }
        var running = services.GetServices<IHostedService>().OfType<BackgroundService>()
            .Where(s => s.ExecuteTask is { IsCompleted: false })
            .Select(s => s.GetType().Name)
            .ToList();
        try
        {
            if (services.GetService<ISchedulerFactory>() is { } factory)
            {
                foreach (var scheduler in await factory.GetAllSchedulers())
                {
                    if ((await scheduler.GetMetadata()).LocalExecutingJobs is > 0 and var jobs)
                    {
                        running.Add($"{jobs} job(s) of scheduler {scheduler.SchedulerName}");
                    }
                }
            }
        }
        catch (SchedulerException e)
        {
            running.Add($"(the scheduler's jobs unknown: {e.Message})");
        }
        LogOverran(options.Value.ShutdownTimeout.TotalSeconds, running.Count == 0 ? "no background service or job; a part's stop ignores its token" : string.Join(", ", running));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = OverranText + " ({Seconds} s); still running: {Running}")]
    private partial void LogOverran(double seconds, string running);
}
