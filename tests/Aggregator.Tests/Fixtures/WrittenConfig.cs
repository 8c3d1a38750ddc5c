using Aggregator.Configuration;

namespace Aggregator.Tests.Fixtures;

/// <summary>A feeds.json written into a test's folder and loaded as `run` loads it; one that does not load fails the test with its problems.</summary>
public static class WrittenConfig
{
    public static async Task<(string Path, ConfigSnapshot Snapshot)> WriteAsync(TempFolder folder, string feedsJson)
    {
        var path = folder.File("feeds.json");
        await File.WriteAllTextAsync(path, feedsJson);
        var loaded = ConfigLoader.Load(path);
        Assert.True(loaded.IsValid, string.Join("; ", loaded.Problems));
        return (path, ConfigSnapshot.From(loaded.Config!, path));
    }
}
