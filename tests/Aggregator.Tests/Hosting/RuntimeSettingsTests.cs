using System.Text.Json;

namespace Aggregator.Tests.Hosting;

/// <summary>
/// The runtime settings the program starts with, read from the runtimeconfig.json that `dotnet aggregator.dll`
/// (and every published build) is launched with: they are build settings, and no code path would notice them change.
/// </summary>
public sealed class RuntimeSettingsTests
{
    [Fact]
    public void TieredPgoIsOffBecauseItsRecompilationCostsEveryColdPollAThird()
    {
        // Issue 23 (bench/cpu-profile.md): with tiered PGO, each hot precompiled method is compiled with probes and
        // then again with the profile; a cold poll of 400 outlets spent 33% of its CPU in the JIT.
        var properties = ConfigProperties();

        Assert.True(properties.TryGetProperty("System.Runtime.TieredPGO", out var pgo), "aggregator.runtimeconfig.json states no System.Runtime.TieredPGO");
        Assert.Equal(JsonValueKind.False, pgo.ValueKind);
    }

    [Fact]
    public void PrecompiledMethodsAreRecompiledOnlyOnceCalledAThousandTimes()
    {
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
}
