using System.Globalization;
using Xunit.Abstractions;

namespace Aggregator.Tests.Parse.Conformance;

/// <summary>
/// Runs the three corpora, prints pass rates per corpus and category, rewrites tests/conformance-report.md,
/// and fails when a category falls below its checked-in floor or a corpus below its target.
/// </summary>
public class ConformanceReportTests(ITestOutputHelper output)
{
    private const double FeedparserWellformedTarget = 0.95;
    private const double GofeedTarget = 0.95;

    [Fact]
    [Trait("Category", "Slow")]
    public void Conformance_EveryCorpusMeetsItsFloorsAndTargets()
    {
        var feedparser = FeedparserConformance.Run();
        var gofeed = GofeedConformance.Run();
        var miniflux = MinifluxConformance.Run();
        var tallies = new[] { feedparser, gofeed, miniflux };

        var (wellPassed, wellCompared) = feedparser.Within("wellformed/");
        var wellRate = ConformanceTally.Rate(wellPassed, wellCompared - wellPassed);
        var (realPassed, realCompared) = miniflux.Within("parser");
        var targets = new[]
        {
            Target($"feedparser wellformed (mappable checks): {wellPassed}/{wellCompared}", wellRate, FeedparserWellformedTarget),
            Target($"gofeed fields compared: {gofeed.Passed}/{gofeed.Passed + gofeed.Failed}", gofeed.PassRate, GofeedTarget),
            Target($"miniflux real-world feeds (parser/): {realPassed}/{realCompared}", ConformanceTally.Rate(realPassed, realCompared - realPassed), 1.0),
        };

        var floors = ConformanceFloors.Load();
        ConformanceReport.WriteMain(ConformanceReport.Render(tallies, floors, targets));
        foreach (var tally in tallies)
        {
            output.WriteLine(tally.Summary());
        }

        output.WriteLine(string.Join(Environment.NewLine, targets));
        var breaches = floors.Breaches(tallies);
        Assert.True(breaches.Count == 0, "below floor: " + string.Join("; ", breaches));
        Assert.True(wellRate >= FeedparserWellformedTarget, targets[0]);
        Assert.True(gofeed.PassRate >= GofeedTarget, targets[1]);
        Assert.True(realPassed == realCompared, targets[2] + Environment.NewLine + string.Join(Environment.NewLine, miniflux.Failures));
    }

    private static string Target(string figure, double rate, double target) =>
        string.Create(CultureInfo.InvariantCulture, $"{figure} = {rate:P1} (target ≥ {target:P0}){(rate >= target ? "" : " — BELOW TARGET")}");
}
