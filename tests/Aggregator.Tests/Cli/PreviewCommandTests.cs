using System.Text.Json;

namespace Aggregator.Tests.Cli;

public sealed class PreviewCommandTests
{
    [Fact]
    public async Task Preview_ScrapeRulesWithATypo_AreRefusedWithFeedsJsonsOwnMessages()
    {
        var file = Path.Combine(TestPaths.TestData("outlets"), "popular-resistance.rss");

        var result = await CliRunner.RunAsync("preview", file, "--scrape", """{ "item": "article", "titel": "h2" }""");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("--scrape:1:22: titel: unknown field 'titel'; did you mean 'title'?", result.Error.Trim());
    }

    [Fact]
    public async Task Preview_FeedFile_PrintsOneJsonLineWithWhatWouldBeStored()
    {
        var file = Path.Combine(TestPaths.TestData("outlets"), "popular-resistance.rss");

        var result = await CliRunner.RunAsync("preview", file);

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(Assert.Single(result.Lines));
        var root = json.RootElement;
        Assert.Equal("rss", root.GetProperty("format").GetString());
        Assert.Equal("Coups Archives - Popular Resistance.Org", root.GetProperty("title").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("error").ValueKind);
        Assert.Equal(file, root.GetProperty("input").GetString());
        var items = root.GetProperty("items");
        Assert.Equal(6, items.GetArrayLength());
        var first = items[0];
        Assert.Equal("https://popularresistance.org/?p=101", first.GetProperty("id").GetString());
        Assert.Equal("Probing US Regime-Change in Pakistan And Bangladesh", first.GetProperty("title").GetString());
        Assert.Equal("2024-12-02T10:00:00Z", first.GetProperty("published").GetString());
        Assert.Equal("Popular Resistance", first.GetProperty("author").GetString());
        Assert.Equal(["Coups"], first.GetProperty("categories").EnumerateArray().Select(c => c.GetString()));
        // The summary as a reader shows it: text, the entity decoded.
        Assert.StartsWith("Two former leaders", first.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("&nbsp;", first.GetProperty("summary").GetString(), StringComparison.Ordinal);
        // Content is sanitized HTML: the script is gone.
        var content = first.GetProperty("content").GetString()!;
        Assert.Contains("<p>", content, StringComparison.Ordinal);
        Assert.DoesNotContain("script", content, StringComparison.OrdinalIgnoreCase);
        // Named time zones are read (EST is UTC-5).
        Assert.Equal("2024-12-01T14:00:00Z", items[1].GetProperty("published").GetString());
    }

    [Fact]
    public async Task Preview_NonHttpLinks_AreNotWhatAnItemLinksTo()
    {
        using var temp = new TempFolder();
        var file = temp.File("hostile.rss");
        await File.WriteAllTextAsync(file, """
            <rss version="2.0"><channel><title>T</title><link>ms-msdt:/id%20PCWDiagnostic</link><description>d</description>
            <item><title>One</title><link>search-ms:query=calc</link><guid isPermaLink="false">g1</guid></item>
            <item><title>Two</title><guid isPermaLink="false">g2</guid></item>
            </channel></rss>
            """);

        var result = await CliRunner.RunAsync("preview", file);

        using var json = JsonDocument.Parse(Assert.Single(result.Lines));
        var items = json.RootElement.GetProperty("items");
        Assert.Equal(2, items.GetArrayLength());
        // Neither the item's own link nor the channel's, in schemes a reader would hand to the system: the file's own address.
        Assert.All(items.EnumerateArray(), i => Assert.Equal(new Uri(file).AbsoluteUri, i.GetProperty("link").GetString()));
    }

    [Fact]
    public async Task Preview_SeveralInputs_PrintsALineEachAndExitsTwoWhenOneIsNotAFeed()
    {
        var folder = TestPaths.TestData("outlets");
        using var temp = new TempFolder();
        var notAFeed = temp.File("image.png");
        await File.WriteAllBytesAsync(notAFeed, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]);

        var result = await CliRunner.RunAsync("preview", Path.Combine(folder, "marxist.atom"), notAFeed, Path.Combine(folder, "venezuelanalysis.json"));

        Assert.Equal(2, result.ExitCode);
        var lines = result.Lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(3, lines.Count);
        Assert.Equal("atom", lines[0].GetProperty("format").GetString());
        Assert.Equal("https://www.marxist.com/coup-higher-phase.htm", lines[0].GetProperty("items")[1].GetProperty("link").GetString());
        Assert.StartsWith("parse:", lines[1].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, lines[1].GetProperty("items").GetArrayLength());
        Assert.Equal("json", lines[2].GetProperty("format").GetString());
    }

    [Fact]
    public async Task Preview_Url_FetchesAndFollowsAutodiscovery()
    {
        await using var world = await OutletsWorld.StartAsync();

        var result = await CliRunner.RunAsync("preview", world.Server.Url("kawsachun.html").AbsoluteUri);

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(Assert.Single(result.Lines));
        Assert.Equal("Evo Morales on the 2019 coup, five years on", json.RootElement.GetProperty("items")[0].GetProperty("title").GetString());
    }

    [Fact]
    public async Task Preview_MissingFile_ReportsTheInputAndExitsTwo()
    {
        var result = await CliRunner.RunAsync("preview", "/nonexistent/feed.xml");

        Assert.Equal(2, result.ExitCode);
        using var json = JsonDocument.Parse(Assert.Single(result.Lines));
        Assert.StartsWith("input:", json.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    private const string RelativeFeed = """
        <rss version="2.0"><channel><title>Relative</title>
        <item><title>One</title><link>posts/one.html</link></item>
        <item><title>No link at all</title><description>Only words.</description></item>
        </channel></rss>
        """;

    [Fact]
    public async Task Preview_FileWithRelativeLinks_ResolvesThemAgainstTheFilesOwnUri()
    {
        using var temp = new TempFolder();
        var file = temp.File("feed.xml");
        await File.WriteAllTextAsync(file, RelativeFeed);

        var result = await CliRunner.RunAsync("preview", file);

        using var json = JsonDocument.Parse(Assert.Single(result.Lines));
        var items = json.RootElement.GetProperty("items");
        Assert.Equal(new Uri(new Uri(file), "posts/one.html").AbsoluteUri, items[0].GetProperty("link").GetString());
        // An entry without a link is shown with the address it was read from, never about:blank.
        Assert.Equal(new Uri(file).AbsoluteUri, items[1].GetProperty("link").GetString());
        Assert.DoesNotContain("about:blank", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preview_WithBase_ResolvesAFilesRelativeLinksAgainstIt()
    {
        using var temp = new TempFolder();
        var file = temp.File("feed.xml");
        await File.WriteAllTextAsync(file, RelativeFeed);

        var result = await CliRunner.RunAsync("preview", file, "--base", "https://news.example/section/");

        using var json = JsonDocument.Parse(Assert.Single(result.Lines));
        var items = json.RootElement.GetProperty("items");
        Assert.Equal("https://news.example/section/posts/one.html", items[0].GetProperty("link").GetString());
        Assert.Equal("https://news.example/section/", items[1].GetProperty("link").GetString());
    }

    [Fact]
    public async Task Preview_BaseThatIsNotAnHttpUrl_IsRefusedWithOneLine()
    {
        var result = await CliRunner.RunAsync("preview", "x.xml", "--base", "ftp:/nowhere");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--base", result.Error, StringComparison.Ordinal);
    }
}
