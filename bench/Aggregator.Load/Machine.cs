using System.Diagnostics;
using System.Globalization;

namespace Aggregator.Load;

/// <summary>Facts about the machine and the checkout the figures belong to.</summary>
internal static class Machine
{
    public static double MemoryGb()
    {
        var line = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0 / 1024.0;
    }

    /// <summary>The 1-minute load average: figures taken while other work ran on the machine are inflated.</summary>
    public static double LoadAverage() => double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);

    public static string Cpu() =>
        File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "";

    public static async Task<string> CommitAsync(string repo, CancellationToken ct)
    {
        var (code, output) = await RunAsync("git", ["-C", repo, "rev-parse", "HEAD"], ct);
        return code == 0 ? output.Trim() : "";
    }

    /// <summary>Runs a short command to completion; returns its exit code and its stdout and stderr together.</summary>
    public static async Task<(int Code, string Output)> RunAsync(string fileName, IEnumerable<string> arguments, CancellationToken ct)
    {
        var info = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>The checkout: the first folder up from here holding src/Aggregator/Aggregator.csproj.</summary>
    public static string FindRepo(string? given)
    {
        if (given is not null)
        {
            return given;
        }
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "src", "Aggregator", "Aggregator.csproj")))
                {
                    return dir.FullName;
                }
            }
        }
        throw new InvalidOperationException("load: cannot find the repository (src/Aggregator/Aggregator.csproj); pass --repo");
    }
}
