namespace Aggregator.Tests.Cli;

public sealed class ValidateCommandTests
{
    [Fact]
    public async Task Validate_ShippedFeedsJson_IsValid()
    {
        var result = await CliRunner.RunAsync("validate", "--config", Path.Combine(TestPaths.RepoRoot, "feeds.json"));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("valid", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_BrokenConfig_PrintsEveryProblemWithLineAndColumnAndExitsOne()
    {
        using var folder = new TempFolder();
        var path = folder.File("feeds.json");
        await File.WriteAllTextAsync(path, """
            {
              "outlets": [
                { "id": "ok-outlet", "url": "https://example.org/feed" },
                { "id": "Bad_Id", "url": "not a url" },
                { "id": "ok-outlet", "url": "https://example.org/other", "intervall": "5m" },
                { "id": "both", "url": "https://example.org/x", "interval": "15m", "cron": "0 0/15 * * * ?" },
                { "id": "bad-cron", "url": "https://example.org/y", "cron": "every tuesday" },
              ],
              "topics": [ { "id": "t", "outlets": ["nowhere"] } ],
            }
            """);

        var result = await CliRunner.RunAsync("validate", "--config", path);

        Assert.Equal(1, result.ExitCode);
        var lines = result.Lines;
        Assert.All(lines, l => Assert.Matches(@"^.+feeds\.json:\d+:\d+: \S+: .+$", l));
        Assert.Contains(lines, l => l.Contains(":4:", StringComparison.Ordinal) && l.Contains("outlets[1].id", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(":4:", StringComparison.Ordinal) && l.Contains("outlets[1].url", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(":5:", StringComparison.Ordinal) && l.Contains("outlets[2].id", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(":5:", StringComparison.Ordinal) && l.Contains("intervall", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(":6:", StringComparison.Ordinal) && l.Contains("outlets[3]", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(":7:", StringComparison.Ordinal) && l.Contains("outlets[4].cron", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(":9:", StringComparison.Ordinal) && l.Contains("topics[0].outlets[0]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Validate_MissingFile_ExitsOneNamingIt()
    {
        using var folder = new TempFolder();

        var result = await CliRunner.RunAsync("validate", "--config", folder.File("nope.json"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("nope.json", result.Output, StringComparison.Ordinal);
    }
}
