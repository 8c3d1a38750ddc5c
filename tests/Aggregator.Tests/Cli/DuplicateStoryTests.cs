using System.Xml.Linq;
using Aggregator.Dedup;
using Aggregator.Tests.Fixtures;

namespace Aggregator.Tests.Cli;

/// <summary>
/// One story from three outlets: the original, a syndicated copy (new URL, shouted title, straight
/// quotes, "The post … appeared first on" tail) and a teaser; plus another outlet's own report of
/// the same event, which is a different article and stays.
/// </summary>
public sealed class DuplicateStoryTests
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    private static async Task<(OutletServer Server, TempFolder Folder, string[] Args)> WorldAsync()
    {
        var server = await OutletServer.StartAsync(Path.Combine(TestPaths.TestData("outlets"), "dedup"));
        var folder = new TempFolder();
        await File.WriteAllTextAsync(folder.File("feeds.json"), $$"""
            {
              "outlets": [
                { "id": "popular-resistance", "name": "Popular Resistance", "url": "{{server.Url("original.rss")}}" },
                { "id": "orinoco-tribune", "name": "Orinoco Tribune", "url": "{{server.Url("syndicated.rss")}}" },
                { "id": "telesur-english", "name": "teleSUR English", "url": "{{server.Url("independent.rss")}}" }
              ],
              "topics": [ { "id": "venezuela", "title": "Venezuela", "include": ["venezuela"] } ]
            }
            """);
        return (server, folder, ["--config", folder.File("feeds.json"), "--data", folder.File("data")]);
    }

    [Fact]
    public async Task SyndicatedCopies_AreShownOnce_AsTheFirstSeen_NamingTheOtherPublisher_WhileOtherReportsStay()
    {
        var (server, folder, args) = await WorldAsync();
        await using var _ = server;
        using var __ = folder;
        Assert.Equal(0, (await CliRunner.RunAsync([.. args, "poll", "--outlet", "popular-resistance"])).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync([.. args, "poll"])).ExitCode);
        var site = Path.Combine(folder.Path, "site");

        Assert.Equal(0, (await CliRunner.RunAsync([.. args, "publish", "--out", site])).ExitCode);

        var entries = XDocument.Load(Path.Combine(site, "venezuela.atom")).Root!.Elements(Atom + "entry").ToList();
        Assert.Equal(
            ["Venezuela: Maduro Denounces US-Backed Coup Attempt After July 28 Vote", "Venezuela: It Was A US-Led Coup All Along",
             "US-Based Activists Mobilize To Say Hands Off Venezuela!"],
            entries.Select(e => e.Element(Atom + "title")!.Value));
        foreach (var original in entries.Where(e => e.Element(Atom + "source")!.Element(Atom + "title")!.Value == "Popular Resistance"))
        {
            Assert.Contains(original.Elements(Atom + "link"), l => (string?)l.Attribute("rel") == "related"
                && ((string)l.Attribute("href")!).StartsWith("https://orinocotribune.com/", StringComparison.Ordinal));
            Assert.Contains("Also published by", original.Element(Atom + "summary")!.Value, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Explain_SaysWhyACopyWasClusteredAndWhichCopyIsShown()
    {
        var (server, folder, args) = await WorldAsync();
        await using var _ = server;
        using var __ = folder;
        await CliRunner.RunAsync([.. args, "poll", "--outlet", "popular-resistance"]);
        await CliRunner.RunAsync([.. args, "poll"]);

        var copy = ArticleIds.For("orinoco-tribune", "ot-9001");
        var result = await CliRunner.RunAsync([.. args, "explain", "urn:aggregator:article:" + copy]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("one story, 2 copies", result.Lines[0], StringComparison.Ordinal);
        var shown = result.Lines.Single(l => l.Contains("popular-resistance", StringComparison.Ordinal) && l.Contains("shown", StringComparison.Ordinal));
        Assert.Contains("first seen", shown, StringComparison.Ordinal);
        var mine = result.Lines.Single(l => l.StartsWith("* " + copy, StringComparison.Ordinal));
        Assert.Matches(@"copy  (exact-text|near-text) \(\d\.\d\d\) with [a-z2-7]{20}: .+", mine);

        var teaser = await CliRunner.RunAsync([.. args, "explain", ArticleIds.For("orinoco-tribune", "ot-9002")]);
        Assert.Contains("one story, 2 copies", teaser.Lines[0], StringComparison.Ordinal);
        var alone = await CliRunner.RunAsync([.. args, "explain", ArticleIds.For("telesur-english", "ts-77")]);
        Assert.Contains("one copy", alone.Lines[0], StringComparison.Ordinal);
        Assert.Equal(1, (await CliRunner.RunAsync([.. args, "explain", "nonexistent"])).ExitCode);
    }

    [Fact]
    public async Task TextMatching_CanBeSwitchedOff_InFeedsJson()
    {
        var (server, folder, args) = await WorldAsync();
        await using var _ = server;
        using var __ = folder;
        var config = await File.ReadAllTextAsync(folder.File("feeds.json"));
        await File.WriteAllTextAsync(folder.File("feeds.json"), config.Replace("\"outlets\": [", "\"defaults\": { \"duplicates\": { \"enabled\": false } },\n  \"outlets\": [", StringComparison.Ordinal));
        await CliRunner.RunAsync([.. args, "poll"]);
        var site = Path.Combine(folder.Path, "site");

        await CliRunner.RunAsync([.. args, "publish", "--out", site]);

        Assert.Equal(5, XDocument.Load(Path.Combine(site, "venezuela.atom")).Root!.Elements(Atom + "entry").Count());
    }
}
