using System.Net;
using Aggregator.Tests.Fixtures;

namespace Aggregator.Tests.Cli;

/// <summary>The real `run` command in-process on a free loopback port, stopped (as by SIGTERM) on dispose.</summary>
public sealed class RunningWorker : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly Task<CliResult> _run;

    private RunningWorker(Uri baseUrl, Task<CliResult> run, CancellationTokenSource stop)
    {
        BaseUrl = baseUrl;
        _run = run;
        _stop = stop;
        Http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseUrl { get; }

    public HttpClient Http { get; }

    public static async Task<RunningWorker> StartAsync(OutletsWorld world, int? port = null)
    {
        var baseUrl = new Uri($"http://127.0.0.1:{port ?? FreePort.Next()}/");
        var stop = new CancellationTokenSource();
        var run = Task.Run(async () =>
        {
            using var output = new StringWriter();
            using var error = new StringWriter();
            var exit = await Aggregator.Cli.AggregatorCli.InvokeAsync(
                world.Args("run", "--urls", baseUrl.AbsoluteUri.TrimEnd('/')), output, error, stop.Token);
            return new CliResult(exit, output.ToString(), error.ToString());
        });
        var worker = new RunningWorker(baseUrl, run, stop);
        await worker.WaitHealthyAsync();
        return worker;
    }

    /// <summary>
    /// Runs the worker until <paramref name="outletId"/>'s first poll is counted, stops it, and returns /metrics as they
    /// were then. The poll's own count of new items comes last, after normalization and fetch counted what they dropped.
    /// </summary>
    public static async Task<string> MetricsAfterFirstPollAsync(OutletsWorld world, string outletId)
    {
        await using var worker = await StartAsync(world);
        return await WaitFor.BodyAsync(worker.Http, "/metrics",
            body => body.Contains($"aggregator_items_total{{kind=\"new\",outlet=\"{outletId}\"}}", StringComparison.Ordinal),
            awaited: $"{outletId}'s first poll");
    }

    private async Task WaitHealthyAsync()
    {
        _ = await WaitFor.StateAsync("run's /healthz", async () =>
            {
                using var response = await Http.GetAsync(new Uri("/healthz", UriKind.Relative));
                return response.StatusCode == HttpStatusCode.OK ? response : null;
            }, async () => _run.IsCompleted ? $"run exited early with {(await _run).ExitCode}: {(await _run).Error}" : null);
    }

    /// <summary>Stops the worker as SIGTERM would and returns how it exited.</summary>
    public async Task<CliResult> StopAsync()
    {
        await _stop.CancelAsync();
        return await _run.WaitAsync(WaitFor.Hang);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_run.IsCompleted)
        {
            await StopAsync();
        }
        Http.Dispose();
        _stop.Dispose();
    }
}
