namespace Aggregator.Tests.Cli;

/// <summary>Run once on SQLite and once on PostgreSQL (<see cref="PollCommandOnPostgresTests"/>).</summary>
public class PollCommandTests
{
    protected virtual bool OnPostgres => false;

    [Fact]
    public async Task Poll_OneOutlet_PrintsOneLineWithItsNewArticles()
    {
        await using var world = await OutletsWorld.StartAsync(OnPostgres);

        var result = await CliRunner.RunAsync(world.Args("poll", "--outlet", "popular-resistance"));

        Assert.Equal(0, result.ExitCode);
        var line = Assert.Single(result.Lines);
        Assert.Matches(@"^popular-resistance  ok  new=6 updated=0  \d+ms$", line);
    }

    [Fact]
    public async Task Poll_EveryFormat_IngestsAndReportsTheDeadOutletWithoutStoppingTheOthers()
    {
        await using var world = await OutletsWorld.StartAsync(OnPostgres);

        var result = await CliRunner.RunAsync(world.Args("poll"));

        Assert.Equal(0, result.ExitCode);
        var lines = result.Lines.ToDictionary(l => l.Split("  ")[0]);
        Assert.Equal(7, lines.Count);
        Assert.StartsWith("popular-resistance  ok  new=6 updated=0", lines["popular-resistance"], StringComparison.Ordinal);
        Assert.StartsWith("marxist-com  ok  new=4 updated=0", lines["marxist-com"], StringComparison.Ordinal);
        Assert.StartsWith("peoples-dispatch  ok  new=3 updated=0", lines["peoples-dispatch"], StringComparison.Ordinal);
        Assert.StartsWith("venezuelanalysis  ok  new=2 updated=0", lines["venezuelanalysis"], StringComparison.Ordinal);
        // Cut off mid-transfer: the items before the break are kept.
        Assert.StartsWith("half-a-feed  ok  new=1 updated=0", lines["half-a-feed"], StringComparison.Ordinal);
        // An HTML page advertising its feed is followed to it.
        Assert.StartsWith("kawsachun-news  ok  new=1 updated=0", lines["kawsachun-news"], StringComparison.Ordinal);
        Assert.Matches(@"^dead-outlet  failed  new=0 updated=0  \d+ms  fetch: .+$", lines["dead-outlet"]);
    }

    [Fact]
    public async Task Poll_Again_SendsConditionalRequestsAndChangesNothing()
    {
        await using var world = await OutletsWorld.StartAsync(OnPostgres);
        await CliRunner.RunAsync(world.Args("poll"));

        var second = await CliRunner.RunAsync(world.Args("poll"));

        Assert.Equal(0, second.ExitCode);
        foreach (var line in second.Lines.Where(l => !l.StartsWith("dead-outlet", StringComparison.Ordinal)))
        {
            Assert.Matches(@"^[a-z-]+  not-modified  new=0 updated=0  \d+ms$", line);
        }
        foreach (var path in new[] { "popular-resistance.rss", "marxist.atom", "peoples-dispatch.rdf", "venezuelanalysis.json", "kawsachun/feed.rss" })
        {
            var requests = world.Server.RequestsTo(path);
            Assert.Equal(2, requests.Count);
            Assert.Equal(string.Empty, requests[0].IfNoneMatch);
            Assert.NotEqual(string.Empty, requests[1].IfNoneMatch);
        }
        // The discovered feed is polled directly from then on; the page is not fetched again.
        Assert.Single(world.Server.RequestsTo("kawsachun.html"));
    }

    [Fact]
    public async Task Poll_ChangedEntry_IsUpdatedInPlace()
    {
        await using var world = await OutletsWorld.StartAsync(OnPostgres);
        await CliRunner.RunAsync(world.Args("poll", "--outlet", "half-a-feed"));
        world.Server.Set("broken.rss", """
            <rss version="2.0"><channel><title>Half a feed</title><link>https://broken.example/</link>
            <item><title>Honduras: fifteen years after the coup (updated)</title><link>https://broken.example/honduras-fifteen-years</link></item>
            <item><title>A new one</title><link>https://broken.example/new</link></item>
            </channel></rss>
            """);

        var result = await CliRunner.RunAsync(world.Args("poll", "--outlet", "half-a-feed"));

        Assert.StartsWith("half-a-feed  ok  new=1 updated=1", Assert.Single(result.Lines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Poll_UnknownOutlet_ExitsOneNamingIt()
    {
        await using var world = await OutletsWorld.StartAsync(OnPostgres);

        var result = await CliRunner.RunAsync(world.Args("poll", "--outlet", "no-such-outlet"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no-such-outlet", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Poll_InvalidConfig_ExitsOneWithTheProblems()
    {
        await using var world = await OutletsWorld.StartAsync(OnPostgres);
        await File.WriteAllTextAsync(world.ConfigPath, """{ "outlets": [ { "id": "Bad Id", "url": "ftp://x" } ] }""");

        var result = await CliRunner.RunAsync(world.Args("poll"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("outlets[0].id", result.Error, StringComparison.Ordinal);
        Assert.Contains("outlets[0].url", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Poll_GoneOutlet_IsMarkedGoneInStatus()
    {
        await using var world = await OutletsWorld.StartAsync(OnPostgres);
        world.Server.SetStatus("marxist.atom", 410);

        var result = await CliRunner.RunAsync(world.Args("poll", "--outlet", "marxist-com"));

        Assert.Matches(@"^marxist-com  failed  new=0 updated=0  \d+ms  fetch: .*410.*$", Assert.Single(result.Lines));
        var status = await CliRunner.RunAsync(world.Args("status"));
        Assert.Contains("410", status.Lines.Single(l => l.StartsWith("marxist-com", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Poll_PermanentlyMovedFeed_IsReadAndTheNewUrlIsReportedInStatus()
    {
        await using var world = await OutletsWorld.StartAsync(OnPostgres);
        world.Server.SetStatus("marxist.atom", 301, world.Server.Url("kawsachun/feed.rss").AbsoluteUri);

        var result = await CliRunner.RunAsync(world.Args("poll", "--outlet", "marxist-com"));

        Assert.StartsWith("marxist-com  ok  new=1", Assert.Single(result.Lines), StringComparison.Ordinal);
        var status = await CliRunner.RunAsync(world.Args("status"));
        Assert.Contains($"note: moved permanently to {world.Server.Url("kawsachun/feed.rss")}; update feeds.json",
            status.Lines.Single(l => l.StartsWith("marxist-com", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Poll_AutoIntervalOutlet_ChoosesItsIntervalFromItsRate_AndStatusSaysWhy()
    {
        await using var world = await OutletsWorld.StartAsync(OnPostgres);
        var now = DateTimeOffset.UtcNow;
        world.Server.Set("busy.rss", "<rss version=\"2.0\"><channel><title>Busy</title><sy:updatePeriod xmlns:sy=\"http://purl.org/rss/1.0/modules/syndication/\">hourly</sy:updatePeriod>"
            + string.Concat(Enumerable.Range(0, 24).Select(i =>
                $"<item><title>Report {i}</title><link>https://busy.example/{i}</link><pubDate>{(now - TimeSpan.FromHours(7 * i) - TimeSpan.FromMinutes(5)).ToString("R", System.Globalization.CultureInfo.InvariantCulture)}</pubDate></item>"))
            + "</channel></rss>");
        var config = await File.ReadAllTextAsync(world.ConfigPath);
        await File.WriteAllTextAsync(world.ConfigPath, config.Replace("\"outlets\": [",
            $$"""
            "outlets": [ { "id": "busy", "name": "Busy", "url": "{{world.Server.Url("busy.rss")}}", "interval": "auto" },
            """, StringComparison.Ordinal));

        var poll = await CliRunner.RunAsync(world.Args("poll", "--outlet", "busy"));
        var status = await CliRunner.RunAsync(world.Args("status"));

        Assert.StartsWith("busy  ok  new=24", Assert.Single(poll.Lines), StringComparison.Ordinal);
        var row = status.Lines.Single(l => l.StartsWith("busy ", StringComparison.Ordinal));
        Assert.Contains("every 3.5h (auto: 24 articles in 7 days, one every 7h)", row, StringComparison.Ordinal);
    }
}

/// <summary>The same commands against a shared PostgreSQL store (`--store`).</summary>
[Trait("Category", "Slow")]
public sealed class PollCommandOnPostgresTests : PollCommandTests
{
    protected override bool OnPostgres => true;
}

public class PollOrderTests
{
    private static Aggregator.Model.Outlet Outlet(string id) => new() { Id = id, Name = id, Url = new Uri($"https://{id}.example/feed") };

    [Fact]
    public void FailingFirst_StartsOutletsWhoseLastPollFailed_OtherwiseKeepsFeedsJsonOrder()
    {
        var outlets = new[] { Outlet("a"), Outlet("b"), Outlet("c"), Outlet("d"), Outlet("e") };
        var states = new[]
        {
            new Aggregator.Model.OutletHealth { OutletId = "a" },
            new Aggregator.Model.OutletHealth { OutletId = "d", ConsecutiveFailures = 3 },
            new Aggregator.Model.OutletHealth { OutletId = "b", ConsecutiveFailures = 1 },
            new Aggregator.Model.OutletHealth { OutletId = "gone", ConsecutiveFailures = 9 },
        };

        var order = Aggregator.Cli.PollCommand.FailingFirst(outlets, states);

        Assert.Equal(["b", "d", "a", "c", "e"], order.Select(i => outlets[i].Id));
    }

    [Fact]
    public void FailingFirst_OnAnEmptyStore_IsFeedsJsonOrder()
    {
        var outlets = new[] { Outlet("x"), Outlet("y") };

        Assert.Equal([0, 1], Aggregator.Cli.PollCommand.FailingFirst(outlets, []));
    }
}
