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

    private static JsonElement ConfigProperties()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "aggregator.runtimeconfig.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties").Clone();
    }
}
