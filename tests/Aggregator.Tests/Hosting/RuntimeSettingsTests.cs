using System.Text.Json;
using Aggregator.Tests.Cli;
using Aggregator.Tests.Fixtures;

namespace Aggregator.Tests.Hosting;

/// <summary>
/// The runtime settings the program starts with, read from the runtimeconfig.json that `dotnet aggregator.dll`
/// (and a ReadyToRun publish) is launched with: they are build settings, and no code path would notice them change.
/// </summary>
/// <remarks>
/// Against a Native AOT executable (<c>AGGREGATOR_TEST_EXECUTABLE</c>) there is no runtimeconfig.json and no JIT: the two
/// JIT settings exist to limit how much the JIT recompiles, so what must hold there is that nothing is compiled at run
/// time at all, shown by the running worker mapping no JIT library.
/// </remarks>
public sealed class RuntimeSettingsTests
{
    [Fact]
    public async Task TieredPgoIsOffBecauseItsRecompilationCostsEveryColdPollAThird()
    {
        if (AggregatorProcess.NativeExecutable is not null)
        {
            await AssertTheRunningWorkerHasNoJitAsync();
            return;
        }
        // Issue 23 (bench/cpu-profile.md): with tiered PGO, each hot precompiled method is compiled with probes and
        // then again with the profile; a cold poll of 400 outlets spent 33% of its CPU in the JIT.
        var properties = ConfigProperties();

        Assert.True(properties.TryGetProperty("System.Runtime.TieredPGO", out var pgo), "aggregator.runtimeconfig.json states no System.Runtime.TieredPGO");
        Assert.Equal(JsonValueKind.False, pgo.ValueKind);
    }

    [Fact]
    public async Task PrecompiledMethodsAreRecompiledOnlyOnceCalledAThousandTimes()
    {
        if (AggregatorProcess.NativeExecutable is not null)
        {
            await AssertTheRunningWorkerHasNoJitAsync();
            return;
        }
        // Issue 23 (bench/cpu-profile.md): at the runtime's default of 30 calls, start-up and per-poll code was
        // recompiled at tier 1 too; a threshold of 1,000 halved the tier-1 compilations of a cold poll and of round 1.
        var properties = ConfigProperties();

        Assert.True(
            properties.TryGetProperty("System.Runtime.TieredCompilation.CallCountThreshold", out var threshold),
            "aggregator.runtimeconfig.json states no System.Runtime.TieredCompilation.CallCountThreshold");
        Assert.Equal(1000, threshold.GetInt32());
    }

    private static JsonElement ConfigProperties()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "aggregator.runtimeconfig.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties").Clone();
    }

    /// <summary>
    /// `run` up and answering, then its memory map: a JIT-compiled runtime maps libclrjit.so (and libcoreclr.so) from
    /// start-up on, a Native AOT executable neither.
    /// </summary>
    private static async Task AssertTheRunningWorkerHasNoJitAsync()
    {
        await using var world = await OutletsWorld.StartAsync();
        var port = FreePort.Next();
        using var worker = AggregatorProcess.Start(["run", .. world.Args(), "--urls", $"http://127.0.0.1:{port}"]);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        await WaitFor.BodyAsync(http, "/healthz", _ => true, WaitFor.Exited(worker));

        var mapped = (await File.ReadAllLinesAsync($"/proc/{worker.Id}/maps"))
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length > 5)
            .Select(fields => Path.GetFileName(fields[5]))
            .ToHashSet(StringComparer.Ordinal);
        worker.Signal("TERM");
        var (exit, _, _) = await worker.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Contains("libe_sqlite3.so", mapped);
        Assert.DoesNotContain("libclrjit.so", mapped);
        Assert.DoesNotContain("libcoreclr.so", mapped);
        Assert.Equal(0, exit);
    }
}
