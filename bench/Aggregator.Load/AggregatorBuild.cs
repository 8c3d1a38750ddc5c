namespace Aggregator.Load;

/// <summary>
/// `dotnet publish -c Release -r RID src/Aggregator` into a temp folder: the program under test as deployed (the
/// Dockerfile and the systemd guide publish for a runtime, which makes it a Native AOT executable; see Aggregator.csproj).
/// </summary>
/// <remarks>
/// The ahead-of-time compiler takes minutes (6-50 on the shared 2-core machine) and needs clang; to compare builds,
/// publish each once and pass it with `--aggregator` (an aggregator.dll for a ReadyToRun build).
/// </remarks>
internal static class AggregatorBuild
{
    public static async Task<string> BuildAsync(string repo, string outputFolder, CancellationToken ct)
    {
        var project = Path.Combine(repo, "src", "Aggregator", "Aggregator.csproj");
        for (var attempt = 1; ; attempt++)
        {
            // The portable identifier (linux-x64, linux-arm64): a distribution-built runtime reports its own, for which no ahead-of-time compiler is published.
            var runtime = "linux-" + System.Runtime.InteropServices.RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant();
            Console.WriteLine($"publishing {project} (Release, {runtime}, Native AOT) into {outputFolder}");
            var (code, output) = await Machine.RunAsync("dotnet",
                ["publish", "-c", "Release", "-r", runtime, project, "-o", outputFolder, "-nologo", "-v", "q"], ct);
            var executable = Path.Combine(outputFolder, "aggregator");
            if (code == 0 && File.Exists(executable) && !File.Exists(Path.Combine(outputFolder, "aggregator.dll")))
            {
                return executable;
            }
            if (code == 0)
            {
                // A publish that produced a dll measures the JIT, not what the Dockerfile ships: refuse rather than mislabel.
                throw new InvalidOperationException($"load: the publish into {outputFolder} is not a Native AOT executable (no clang on this machine? Aggregator.csproj then publishes ReadyToRun; install clang and zlib1g-dev, or pass a build with --aggregator)");
            }
            // Others edit src at the same time; a broken moment usually passes within a minute.
            if (attempt == 3)
            {
                throw new InvalidOperationException($"load: building the aggregator failed 3 times:\n{output}");
            }
            Console.WriteLine($"build failed (attempt {attempt}); retrying in 60 s:\n{string.Join('\n', output.Split('\n').Where(l => l.Contains("error", StringComparison.Ordinal)).Distinct().Take(5))}");
            await Task.Delay(TimeSpan.FromSeconds(60), ct);
        }
    }
}
