using System.Diagnostics;
using System.Net;
using Aggregator.Tests.Fixtures;

namespace Aggregator.Tests.Hostile;

/// <summary>The real `run` as a child process on a free loopback port, healthy before the test goes on.</summary>
public sealed class HostWorker : IDisposable
{
    private HostWorker(AggregatorProcess process, Uri baseUrl)
    {
        Process = process;
        BaseUrl = baseUrl;
        Http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
    }

    public AggregatorProcess Process { get; }

    public Uri BaseUrl { get; }

    public HttpClient Http { get; }

    /// <param name="environment">Variables for the child beside the fixture's own (a start window a test depends on).</param>
    public static async Task<HostWorker> StartAsync(string configPath, string dataPath, IReadOnlyDictionary<string, string>? environment = null)
    {
        var baseUrl = new Uri($"http://127.0.0.1:{FreePort.Next()}/");
        var worker = new HostWorker(
            AggregatorProcess.Start(environment ?? new Dictionary<string, string>(),
                "run", "--config", configPath, "--data", dataPath, "--urls", baseUrl.AbsoluteUri.TrimEnd('/')), baseUrl);
        try
        {
            // Probed until healthy, not for a fixed time: a loaded 2-core machine took over 30 s to answer a first
            // /healthz (WaitFor), which failed this start with "run did not become healthy" while nothing was wrong.
            _ = await WaitFor.StateAsync("run's /healthz", async () =>
            {
                using var response = await worker.Http.GetAsync(new Uri("/healthz", UriKind.Relative));
                return response.StatusCode == HttpStatusCode.OK ? "healthy" : null;
            }, WaitFor.Exited(worker.Process));
        }
        catch
        {
            worker.Dispose();
            throw;
        }
        return worker;
    }

    /// <summary>The body of a GET, or null when it is not 200.</summary>
    public async Task<string?> GetAsync(string path)
    {
        using var response = await Http.GetAsync(new Uri(path, UriKind.Relative));
        return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadAsStringAsync() : null;
    }

    /// <summary>SIGTERM as Docker or systemd sends it; how long the process took to exit, and how.</summary>
    public async Task<(TimeSpan Took, int ExitCode, string Output)> TerminateAsync()
    {
        var watch = Stopwatch.StartNew();
        Process.Signal("TERM");
        var (exit, output, error) = await Process.WaitAsync(TimeSpan.FromSeconds(60));
        return (watch.Elapsed, exit, output + error);
    }

    /// <summary>
    /// Waits until <paramref name="condition"/> holds for this worker; its exit ends the wait at once with its output,
    /// and only <see cref="WaitFor.Hang"/> otherwise. Was a 20-60 s budget per caller, which a loaded machine outran.
    /// </summary>
    public Task UntilAsync(string what, Func<Task<bool>> condition) => WaitFor.UntilAsync(what, condition, WaitFor.Exited(Process));

    public void Dispose()
    {
        Http.Dispose();
        Process.Dispose();
    }
}
