namespace Aggregator.Load;

/// <summary>`dotnet build -c Release src/Aggregator` into a temp folder: the program under test, optimized as deployed.</summary>
internal static class AggregatorBuild
{
    public static async Task<string> BuildAsync(string repo, string outputFolder, CancellationToken ct)
    {
        var project = Path.Combine(repo, "src", "Aggregator", "Aggregator.csproj");
        for (var attempt = 1; ; attempt++)
        {
            Console.WriteLine($"building {project} (Release) into {outputFolder}");
            var (code, output) = await Machine.RunAsync("dotnet", ["build", "-c", "Release", project, "-o", outputFolder, "-nologo", "-v", "q"], ct);
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
