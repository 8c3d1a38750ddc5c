namespace Aggregator.Tests.Cli;

public sealed class OnboardingCommandTests
{
    [Fact]
    public async Task ImportOpml_AddsNewFeedsSkippingKnownOnes_AndKeepsTheFileValid()
    {
        await using var world = await OutletsWorld.StartAsync();
        var opml = Path.Combine(world.Folder, "export.opml");
        await File.WriteAllTextAsync(opml, $$"""
            <?xml version="1.0" encoding="UTF-8"?>
            <opml version="2.0">
              <head><title>My subscriptions</title></head>
              <body>
                <outline text="Latin America">
                  <outline type="rss" text="Orinoco Tribune" xmlUrl="https://orinocotribune.com/feed/" htmlUrl="https://orinocotribune.com/"/>
                  <outline type="rss" text="Venezuelanalysis again" xmlUrl="{{world.Server.Url("venezuelanalysis.json")}}"/>
                </outline>
                <outline type="rss" title="Black Agenda Report" text="BAR" xmlUrl="https://blackagendareport.com/rss.xml"/>
                <outline text="not a feed"/>
              </body>
            </opml>
            """);

        var result = await CliRunner.RunAsync(world.Args("import-opml", opml));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("added 2 outlets (1 already present)", result.Lines[0], StringComparison.Ordinal);
        var validate = await CliRunner.RunAsync(world.Args("validate"));
        Assert.Equal(0, validate.ExitCode);
        var text = await File.ReadAllTextAsync(world.ConfigPath);
        Assert.Contains("// The fixture outlets", text, StringComparison.Ordinal);
        Assert.Contains("\"id\": \"orinoco-tribune\"", text, StringComparison.Ordinal);
        Assert.Contains("\"id\": \"black-agenda-report\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportOpml_NotOpml_ExitsOneAndLeavesTheConfigAlone()
    {
        await using var world = await OutletsWorld.StartAsync();
        var before = await File.ReadAllTextAsync(world.ConfigPath);
        var notOpml = Path.Combine(world.Folder, "feed.xml");
        await File.WriteAllTextAsync(notOpml, "<rss version=\"2.0\"><channel/></rss>");

        var result = await CliRunner.RunAsync(world.Args("import-opml", notOpml));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("not an OPML file", result.Error, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllTextAsync(world.ConfigPath));
    }

    [Fact]
    public async Task Add_PageAdvertisingAFeed_AddsTheDiscoveredFeedNamedByItsTitle()
    {
        await using var world = await OutletsWorld.StartAsync();
        var config = await File.ReadAllTextAsync(world.ConfigPath);
        await File.WriteAllTextAsync(world.ConfigPath, config.Replace(
            $$"""{ "id": "kawsachun-news", "name": "Kawsachun News", "url": "{{world.Server.Url("kawsachun.html")}}" },""", "", StringComparison.Ordinal));

        var result = await CliRunner.RunAsync(world.Args("add", world.Server.Url("kawsachun.html").AbsoluteUri));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("added kawsachun-news", result.Output, StringComparison.Ordinal);
        var text = await File.ReadAllTextAsync(world.ConfigPath);
        Assert.Contains($"\"url\": \"{world.Server.Url("kawsachun/feed.rss")}\"", text, StringComparison.Ordinal);
        Assert.Equal(0, (await CliRunner.RunAsync(world.Args("validate"))).ExitCode);
    }

    [Fact]
    public async Task Add_AlreadyConfigured_ExitsOne()
    {
        await using var world = await OutletsWorld.StartAsync();

        var result = await CliRunner.RunAsync(world.Args("add", world.Server.Url("marxist.atom").AbsoluteUri));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("already in", result.Error, StringComparison.Ordinal);
    }
}
