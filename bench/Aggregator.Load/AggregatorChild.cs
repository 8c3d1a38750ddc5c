using System.Diagnostics;

namespace Aggregator.Load;

/// <summary>
/// Starts the built aggregator as `dotnet aggregator.dll COMMAND --config … --data … [--urls …]`, or a native (AOT)
/// executable the same way without `dotnet`, and waits for its /healthz.
/// </summary>
internal static class AggregatorChild
{
    /// <param name="program">aggregator.dll, run by the dotnet host; anything else is an executable started as it is.</param>
    public static ChildProcess Start(string program, string command, string config, string data, Uri? urls, Action<string>? onLine,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var hosted = program.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
        List<string> arguments = hosted ? [program] : [];
        arguments.AddRange([command, "--config", config, "--data", data]);
        if (urls is not null)
        {
            arguments.AddRange(["--urls", urls.GetLeftPart(UriPartial.Authority)]);
        }
        return ChildProcess.Start(hosted ? "dotnet" : program, arguments, Path.GetDirectoryName(config)!, onLine, AsDeployed(environment));
    }

    /// <summary>
    /// The runtime settings the Dockerfile and deploy/aggregator.service give the worker and that only the environment can
    /// set, under the caller's (`--child-env DOTNET_GCgen0size=0` measures the runtime's default, `--child-env
    /// MALLOC_ARENA_MAX=16` glibc's on 2 cores).
    /// </summary>
    private static Dictionary<string, string> AsDeployed(IReadOnlyDictionary<string, string>? environment)
    {
        var deployed = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["DOTNET_GCgen0size"] = DeployedGen0Size,
            ["MALLOC_ARENA_MAX"] = DeployedMallocArenas,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            deployed[name] = value;
        }
        return deployed;
    }

    /// <summary>The young generation's smallest budget, 16 MB, as deployed (bench/alloc-profile.md, 2026-12-06).</summary>
    /// <remarks>
    /// Hex without "0x": a native (AOT) runtime reads the GC's settings as bare hex digits and silently ignores a value
    /// written with "0x"; the runtime under `dotnet` reads bare digits as hex too (bench/cpu-profile.md, h54a).
    /// </remarks>
    internal const string DeployedGen0Size = "1000000";

    /// <summary>glibc's malloc arenas, 2 as deployed (bench/alloc-profile.md, h40m).</summary>
    internal const string DeployedMallocArenas = "2";

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
