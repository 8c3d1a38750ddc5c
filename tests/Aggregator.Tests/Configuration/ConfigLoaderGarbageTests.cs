using System.Text;
using Aggregator.Configuration;

namespace Aggregator.Tests.Configuration;

/// <summary>
/// feeds.json with something else saved over it: each is refused with problems that name the file, bounded in what is read,
/// so a reload keeps the running configuration. The garbage comes from a seed: cut points, bytes and sizes vary.
/// </summary>
public sealed class ConfigLoaderGarbageTests
{
    private const string Valid = """
        { "defaults": { "interval": "30m" },
          "outlets": [ { "id": "one", "url": "https://one.example/feed" }, { "id": "two", "url": "https://two.example/feed" } ],
          "topics": [ { "id": "strikes", "include": ["strike*"] } ] }
        """;

    public static TheoryData<string, int> Garbage()
    {
        var data = new TheoryData<string, int>();
        foreach (var seed in new[] { 3, 31, 313 })
        {
            data.Add("truncated", seed);
            data.Add("binary", seed);
        }
        data.Add("empty", 0);
        data.Add("oversized", 0);
        return data;
    }

    [Theory]
    [MemberData(nameof(Garbage))]
    public void Load_GarbageSavedOverFeedsJson_IsRefused_WithProblemsNamingTheFile(string kind, int seed)
    {
        using var folder = new TempFolder();
        var path = folder.File("feeds.json");
        var random = new Random(seed);
        switch (kind)
        {
            case "truncated":
                File.WriteAllText(path, Valid[..random.Next(1, Valid.Length - 3)]);
                break;
            case "binary":
                var bytes = new byte[random.Next(1, 200_000)];
                random.NextBytes(bytes);
                File.WriteAllBytes(path, bytes);
                break;
            case "empty":
                File.WriteAllBytes(path, []);
                break;
            case "oversized":
                // Valid JSON, 50 MB of outlets: read only up to the bound.
                using (var writer = new StreamWriter(path, false, new UTF8Encoding(false)))
                {
                    writer.Write("{ \"outlets\": [");
                    var outlet = "{ \"id\": \"x\", \"url\": \"https://x.example/feed\" },\n";
                    for (long written = 0; written < 50L * 1024 * 1024; written += outlet.Length)
                    {
                        writer.Write(outlet);
                    }
                    writer.Write("{ \"id\": \"y\", \"url\": \"https://y.example/feed\" } ] }");
                }
                break;
        }

        var result = ConfigLoader.Load(path);

        Assert.False(result.IsValid, $"{kind} {seed}");
        Assert.NotEmpty(result.Problems);
        Assert.All(result.Problems, p => Assert.StartsWith(path + ":", p.ToString(), StringComparison.Ordinal));
        if (kind == "oversized")
        {
            Assert.Contains("over 16 MB", Assert.Single(result.Problems).ToString(), StringComparison.Ordinal);
        }
        else
        {
            // Unreadable JSON is one problem where the reading stopped, not one per byte.
            Assert.Single(result.Problems);
        }
    }

    [Fact]
    public void Load_ASymlinkToADeviceThatNeverEnds_IsRefusedAtTheBound()
    {
        using var folder = new TempFolder();
        var path = folder.File("feeds.json");
        File.CreateSymbolicLink(path, "/dev/zero");

        var result = ConfigLoader.Load(path);

        Assert.Contains("over 16 MB", Assert.Single(result.Problems).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_AFileJustUnderTheBound_IsStillRead()
    {
        using var folder = new TempFolder();
        var path = folder.File("feeds.json");
        // The valid config padded with a comment to just under the bound: size alone never refuses a real config.
        File.WriteAllText(path, Valid + "\n// " + new string('x', ConfigLoader.MaxBytes - Valid.Length - 16));

        var result = ConfigLoader.Load(path);

        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        Assert.Equal(2, result.Config!.Outlets.Count);
    }
}
