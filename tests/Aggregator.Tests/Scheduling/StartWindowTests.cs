using Aggregator.Hosting;
using Aggregator.Scheduling;
using Aggregator.Tests.Cli;
using Aggregator.Tests.Fixtures;
using Aggregator.Tests.LongRun;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Quartz;

namespace Aggregator.Tests.Scheduling;

public sealed class StartWindowTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 8, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("0", 0)]
    [InlineData("0s", 0)]
    [InlineData(" 90s ", 90)]
    [InlineData("2m", 120)]
    [InlineData("1d", 86_400)]
    public void TryParse_ZeroOrADurationUpToADay(string text, int seconds)
    {
        var window = StartWindow.TryParse(text, out var problem);

        Assert.Equal(TimeSpan.FromSeconds(seconds), window?.Length);
        Assert.Equal("", problem);
    }

    [Theory]
    [InlineData("soon", "'soon' is not a start window: expected a number")]
    [InlineData("30", "'30' is not a start window: '30' has no unit")]
    [InlineData("-5s", "'-5s' is not a start window: a duration must be positive")]
    [InlineData("1d1s", "'1d1s' is longer than the longest start window, 1d")]
    public void TryParse_AnythingElse_IsOneLineSayingWhy(string text, string expected)
    {
        Assert.Null(StartWindow.TryParse(text, out var problem));
        Assert.StartsWith(expected, problem, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', problem);
    }

    [Fact]
    public async Task Run_WithAStartWindowThatIsNotOne_StopsWithOneLineNamingTheVariable()
    {
        await using var world = await OutletsWorld.StartAsync();

        var line = await world.RunRefusingAsync(StartWindow.EnvironmentVariable, "soon");

        Assert.StartsWith("AGGREGATOR_START_WINDOW: 'soon' is not a start window", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Worker_PlacesEachDueOutletsFirstFiringInsideItsStartWindow()
    {
        var ids = Enumerable.Range(0, 40).Select(i => $"outlet-{i}").ToList();

        var none = await FirstFiringsAsync(ids, StartWindow.None);
        var unset = await FirstFiringsAsync(ids, window: null);

        Assert.All(none, f => Assert.Equal(Start, f));
        Assert.All(unset, f => Assert.InRange(f, Start, Start + StartWindow.Default.Length));
        Assert.True(unset.Distinct().Count() > 1, "the default window started every outlet at the same moment");
    }

    /// <summary>The worker as `run` composes it on a clock that stands still: each outlet's trigger as scheduled at start.</summary>
    private static async Task<List<DateTimeOffset>> FirstFiringsAsync(IReadOnlyList<string> ids, StartWindow? window)
    {
        using var folder = new TempFolder();
        var outlets = string.Join(",\n", ids.Select(id => $$"""{ "id": "{{id}}", "url": "http://127.0.0.1:9/{{id}}.rss" }"""));
        var (configPath, snapshot) = await WrittenConfig.WriteAsync(folder, $$"""
            { "defaults": { "interval": "1h" }, "outlets": [ {{outlets}} ], "topics": [] }
            """);
        var log = new CountingLog();
        var time = new FakeTimeProvider(Start);
        await using var app = await InProcessWorker.StartAsync(new AggregatorPaths(configPath, folder.File("data")), snapshot, FreePort.Next(), log,
            services =>
            {
                services.AddSingleton<TimeProvider>(time);
                if (window is not null)
                {
                    services.AddSingleton(window);
                }
            });
        await WaitFor.UntilAsync("the outlets scheduled", () => Task.FromResult(log.Count("Scheduled ") > 0));
        var scheduler = await app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var firings = new List<DateTimeOffset>();
        foreach (var id in ids)
        {
            firings.Add((await scheduler.GetTrigger(new TriggerKey(id, OutletTriggers.Group)))!.StartTimeUtc);
        }
        await app.StopAsync();
        return firings;
    }
}
