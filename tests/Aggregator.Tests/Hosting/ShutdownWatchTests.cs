using Aggregator.Hosting;
using Aggregator.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aggregator.Tests.Hosting;

/// <summary>
/// The witness the SIGTERM tests rely on: a stop that outlasts the shutdown timeout says so, and names what still ran.
/// Each part here ignores its stop token until the test has seen the line, so the line cannot depend on timing.
/// </summary>
/// <remarks>
/// A background service is stopped only once its <c>ExecuteAsync</c> has begun. Since .NET 10 the host starts it on the
/// thread pool with the service's stopping token, so a stop that comes before a pool thread picks it up cancels it unrun:
/// its <c>ExecuteTask</c> ends Canceled, the stop is clean, and no line can come. That was why this test once waited
/// out its four minutes in 2 of 4 runs of the class, and never alone on a quiet machine (a stand-alone repro with the
/// same host stopped right after start did so in every run under load, the service's <c>ExecuteAsync</c> never entered).
/// </remarks>
public sealed class ShutdownWatchTests
{
    /// <summary>Short, so the test does not sit through the worker's 4 s; the watch reads whatever the host is given.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(200);

    [Fact]
    public async Task ABackgroundServiceThatIgnoresItsToken_IsNamed_WhenTheShutdownTimeoutPasses()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stubborn = new Stubborn(release.Task);
        var (host, log) = Build(services => services.AddHostedService(_ => stubborn), Timeout);
        await host.StartAsync();
        await stubborn.Running.WaitAsync(WaitFor.Hang);

        var stopping = host.StopAsync();
        var line = await WaitFor.StateAsync("the watch's line", () => Task.FromResult(WatchLine(log)), StoppedWithoutLine(stopping, log));
        release.SetResult();
        await stopping;
        host.Dispose();

        Assert.StartsWith("Warning: ", line, StringComparison.Ordinal);
        Assert.Contains("still running: Stubborn", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AHostedServiceWhoseStopIgnoresItsToken_IsReported_ThoughItIsNoBackgroundService()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var (host, log) = Build(services => services.AddHostedService(_ => new DeafToStop(release.Task)), Timeout);
        await host.StartAsync();

        var stopping = host.StopAsync();
        var line = await WaitFor.StateAsync("the watch's line", () => Task.FromResult(WatchLine(log)), StoppedWithoutLine(stopping, log));
        // The host waits for this stop past its own timeout: only the watch's line shows it.
        Assert.False(stopping.IsCompleted);
        release.SetResult();
        await stopping;
        host.Dispose();

        Assert.Contains("a part's stop ignores its token", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AStopWithinTheTimeout_SaysNothing()
    {
        var quick = new Stubborn(Task.CompletedTask);
        var (host, log) = Build(services => services.AddHostedService(_ => quick), shutdownTimeout: null);
        await host.StartAsync();
        await quick.Running.WaitAsync(WaitFor.Hang);
        // The host's timeout is left at its default (30 s), and every part stops at once, so this is no race.
        await host.StopAsync();
        host.Dispose();

        Assert.DoesNotContain(log.Lines, l => l.Contains(ShutdownWatch.OverranText, StringComparison.Ordinal));
    }

    private static string? WatchLine(CapturedLog log) => log.Lines.FirstOrDefault(l => l.Contains(ShutdownWatch.OverranText, StringComparison.Ordinal));

    /// <summary>Ends the wait at once if the host stopped and the line never came, instead of at <see cref="WaitFor.Hang"/>.</summary>
    private static Func<Task<string?>> StoppedWithoutLine(Task stopping, CapturedLog log) => () =>
        Task.FromResult(stopping.IsCompleted && WatchLine(log) is null ? $"the host stopped ({stopping.Status}) without the line: {string.Join(" | ", log.Lines)}" : null);

    private static (IHost Host, CapturedLog Log) Build(Action<IServiceCollection> services, TimeSpan? shutdownTimeout = null)
    {
        var log = new CapturedLog();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(log);
        builder.Services.AddHostedService<ShutdownWatch>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = shutdownTimeout ?? o.ShutdownTimeout);
        services(builder.Services);
        return (builder.Build(), log);
    }

    /// <summary>Ends only when released, whatever its token says.</summary>
    private sealed class Stubborn(Task release) : BackgroundService
    {
        private readonly TaskCompletionSource _running = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Done once <c>ExecuteAsync</c> has begun: only from then on can it ignore a stop (see the remarks).</summary>
        public Task Running => _running.Task;

        protected override Task ExecuteAsync(CancellationToken stoppingToken)
        {
            _running.TrySetResult();
            return release;
        }
    }

    /// <summary>A stop that returns only when released.</summary>
    private sealed class DeafToStop(Task release) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => release;
    }
}
