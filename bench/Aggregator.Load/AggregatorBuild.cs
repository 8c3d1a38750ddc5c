namespace Aggregator.Load;

/// <summary>
/// `dotnet publish -c Release -r RID --self-contained false src/Aggregator` into a temp folder: the program under test
/// as deployed (the Dockerfile and the systemd guide publish for a runtime, which makes it ReadyToRun).
/// </summary>
internal static class AggregatorBuild
{
    public static async Task<string> BuildAsync(string repo, string outputFolder, CancellationToken ct)
    {
        var project = Path.Combine(repo, "src", "Aggregator", "Aggregator.csproj");
        for (var attempt = 1; ; attempt++)
        {
            // The portable identifier (linux-x64, linux-arm64): a distribution-built runtime reports its own, for which no ReadyToRun compiler is published.
            var runtime = "linux-" + System.Runtime.InteropServices.RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant();
            Console.WriteLine($"publishing {project} (Release, {runtime}) into {outputFolder}");
            var (code, output) = await Machine.RunAsync("dotnet",
                ["publish", "-c", "Release", "-r", runtime, "--self-contained", "false", "-p:UseAppHost=false", project, "-o", outputFolder, "-nologo", "-v", "q"], ct);
            var dll = Path.Combine(outputFolder, "aggregator.dll");
            if (code == 0 && File.Exists(dll))
            {
                return dll;
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
