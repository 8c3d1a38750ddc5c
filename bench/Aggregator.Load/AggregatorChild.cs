using System.Diagnostics;

namespace Aggregator.Load;

/// <summary>Starts the built aggregator as `dotnet aggregator.dll COMMAND --config … --data … [--urls …]` and waits for its /healthz.</summary>
internal static class AggregatorChild
{
    public static ChildProcess Start(string dll, string command, string config, string data, Uri? urls, Action<string>? onLine,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        List<string> arguments = [dll, command, "--config", config, "--data", data];
        if (urls is not null)
        {
            arguments.AddRange(["--urls", urls.GetLeftPart(UriPartial.Authority)]);
        }
        return ChildProcess.Start("dotnet", arguments, Path.GetDirectoryName(config)!, onLine, environment);
    }

    /// <summary>Polls /healthz every 10 ms until it answers 200.</summary>
    /// <returns>Seconds from <paramref name="startedAt"/> (a Stopwatch timestamp) to the first 200.</returns>
    public static async Task<double> WaitHealthyAsync(Uri baseUrl, ChildProcess child, long startedAt, TimeSpan limit, CancellationToken ct)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var healthz = new Uri(baseUrl, "/healthz");
        while (Stopwatch.GetElapsedTime(startedAt) < limit)
        {
            if (child.HasExited)
            {
                throw new InvalidOperationException($"load: the aggregator exited with {child.ExitCode}:\n{string.Join('\n', child.Tail.TakeLast(30))}");
            }
            try
            {
                using var response = await client.GetAsync(healthz, ct);
                if (response.IsSuccessStatusCode)
                {
                    return Stopwatch.GetElapsedTime(startedAt).TotalSeconds;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
            }
            await Task.Delay(10, ct);
        }
        throw new TimeoutException($"load: /healthz not healthy within {limit}:\n{string.Join('\n', child.Tail.TakeLast(30))}");
    }
}
