using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Aggregator.Load;

/// <summary>Drives a URL with wrk (Debian package `wrk`) and reads its summary.</summary>
internal static partial class Wrk
{
    /// <param name="timeout">A request slower than this is counted as a timeout, not a latency (wrk's default: 2 s).</param>
    public static async Task<WrkResult> RunAsync(Uri url, int connections, TimeSpan duration, CancellationToken ct, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo("wrk")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "-t", "2", "-c", connections.ToString(CultureInfo.InvariantCulture),
            "-d", ((int)duration.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s",
            "--latency", url.ToString(),
        })
        {
            info.ArgumentList.Add(argument);
        }
        if (timeout is { } limit)
        {
            info.ArgumentList.Add("--timeout");
            info.ArgumentList.Add(((int)limit.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s");
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException("load: wrk did not start");
        var output = await process.StandardOutput.ReadToEndAsync(ct);
        var error = await process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"load: wrk exited with {process.ExitCode}: {error}{output}");
        }
        return Parse(output);
    }

    public static WrkResult Parse(string output)
    {
        var rps = RequestsPerSecond().Match(output) is { Success: true } m ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var requests = Completed().Match(output) is { Success: true } c ? long.Parse(c.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var nonSuccess = NonSuccess().Match(output) is { Success: true } n ? long.Parse(n.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        return new WrkResult(rps, Percentile(output, "50%"), Percentile(output, "99%"), requests, nonSuccess, output);
    }

    private static double Percentile(string output, string label)
    {
        foreach (var line in output.Split('\n'))
        {
            var parts = line.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2 && parts[0] == label)
            {
                return ToMs(parts[1]);
            }
        }
        return double.NaN;
    }

    private static double ToMs(string value)
    {
        var unit = value.TrimStart("0123456789.".ToCharArray());
        var number = double.Parse(value[..^unit.Length], CultureInfo.InvariantCulture);
        return unit switch
        {
            "us" => number / 1000,
            "ms" => number,
            "s" => number * 1000,
            "m" => number * 60_000,
            _ => double.NaN,
        };
    }

    [GeneratedRegex(@"Requests/sec:\s+([0-9.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex Completed();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex NonSuccess();
}
