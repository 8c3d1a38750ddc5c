using System.Text.Json;
using System.Xml.Linq;

namespace Aggregator.Tests.Cli;

public sealed class PublishCommandTests
{
    [Fact]
    public async Task Publish_WritesEveryTopicInEveryFormat_TheIndexAndTheOpml()
    {
        await using var world = await OutletsWorld.StartAsync();
        await CliRunner.RunAsync(world.Args("poll"));
        var outDir = Path.Combine(world.Folder, "site");

        var result = await CliRunner.RunAsync(world.Args("publish", "--out", outDir, "--base-url", "https://feeds.example.org/news"));

        Assert.Equal(0, result.ExitCode);
        foreach (var topic in new[] { "all", "venezuela", "bolivia", "coups" })
        {
            var atom = XDocument.Load(Path.Combine(outDir, $"{topic}.atom"));
            XNamespace a = "http://www.w3.org/2005/Atom";
            var self = atom.Root!.Elements(a + "link").Single(l => (string?)l.Attribute("rel") == "self");
            Assert.Equal($"https://feeds.example.org/news/{topic}.atom", (string)self.Attribute("href")!);
            Assert.NotEmpty(atom.Root.Elements(a + "entry"));
            Assert.NotEmpty(XDocument.Load(Path.Combine(outDir, $"{topic}.rss")).Descendants("item"));
            using var json = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(outDir, $"{topic}.json")));
            Assert.Equal($"https://feeds.example.org/news/{topic}.json", json.RootElement.GetProperty("feed_url").GetString());
        }
        var index = await File.ReadAllTextAsync(Path.Combine(outDir, "index.html"));
        Assert.Contains("href=\"venezuela.atom\"", index, StringComparison.Ordinal);
        var opml = XDocument.Load(Path.Combine(outDir, "outlets.opml"));
        Assert.Equal(7, opml.Descendants("outline").Count());
        Assert.Empty(Directory.GetFiles(outDir, "*.tmp"));
    }

    [Fact]
    public async Task Publish_BadBaseUrl_ExitsOne()
    {
        await using var world = await OutletsWorld.StartAsync();

        var result = await CliRunner.RunAsync(world.Args("publish", "--out", Path.Combine(world.Folder, "site"), "--base-url", "not a url"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--base-url", result.Error, StringComparison.Ordinal);
    }
}
