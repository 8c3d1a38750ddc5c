using Aggregator.Tests.Fixtures;
using Xunit.Abstractions;

namespace Aggregator.Tests.LongRun;

/// <summary>
/// An operator who keeps editing feeds.json: every few days an outlet is added, renamed a day later (same feed, new id)
/// and removed after that, while the worker runs a day per round. What the worker keeps per outlet must follow the
/// configured outlets, and a removed outlet's articles follow retention (README, "Retention").
/// </summary>
[Collection(AloneInTheProcess.Name)]
public sealed class OutletChurnSoakTests(ITestOutputHelper output) : IDisposable
{
    private const int Days = 45;
    private const int RetentionDays = 10;
    private const int Window = 15;
    private static readonly string[] Stable = ["steady-one", "steady-two"];

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    [Trait("Category", "Slow")]
    public async Task OutletsAddedRenamedAndRemovedByReloads_LeaveNothingPerOutletBehind()
    {
        await using var outlets = await SoakOutlets.StartAsync();
        await using var worker = await SoakWorker.StartAsync(_folder, Config(outlets, 0), SoakOutlets.Epoch.AddHours(12));
        var samples = new List<SoakSample>();
        await worker.AdvanceAsync(TimeSpan.FromMinutes(1), Configured(0));
        samples.Add(await worker.SampleAsync(0));
        for (var day = 1; day < Days; day++)
        {
            outlets.Day = day;
            await worker.ReloadAsync(Config(outlets, day));
            await worker.AdvanceAsync(TimeSpan.FromDays(1), Configured(day));
            samples.Add(await worker.SampleAsync(day));
        }
        output.WriteLine(YearSoakTests.Report(samples));

        var last = samples[^1];
        var before = samples[^(Window + 1)];
        var configured = Configured(Days - 1).ToHashSet(StringComparer.Ordinal);
        // Metric series of outlets gone from feeds.json go with them.
        Assert.Subset(configured, last.OutletsInMetrics.ToHashSet(StringComparer.Ordinal));
        Assert.True(last.MetricSeries <= before.MetricSeries + 40, $"/metrics grew from {before.MetricSeries} to {last.MetricSeries} series");
        // One Quartz job per configured outlet, and retention's.
        Assert.Equal(configured.Count + 1, last.Jobs);
        // A removed outlet's articles go once they are older than the default retention; none is kept by keepPerOutlet.
        var expired = last.ArticlesByOutlet.Where(a => !configured.Contains(a.Key) && RemovedOn(a.Key) < Days - 1 - RetentionDays - 1).ToList();
        Assert.True(expired.Count == 0, $"articles of outlets removed over {RetentionDays} days ago: {string.Join(", ", expired)}");
        Assert.All(last.Rows, table => Assert.True(table.Value <= before.Rows.GetValueOrDefault(table.Key) + Math.Max(16, before.Rows.GetValueOrDefault(table.Key) / 10),
            $"table {table.Key} grew from {before.Rows.GetValueOrDefault(table.Key)} to {table.Value} rows in the last {Window} days"));
        Assert.True(last.ManagedBytes <= before.ManagedBytes * 1.10 + 4 * 1024 * 1024, $"the managed heap grew from {before.ManagedBytes} to {last.ManagedBytes} bytes");
    }

    /// <summary>Churned outlet k is "churn-k" on days 3k and 3k+1, "renamed-k" (the same feed) on day 3k+2, then gone.</summary>
    private static IReadOnlyList<string> Configured(int day) => [.. Stable, day % 3 == 2 ? $"renamed-{day / 3}" : $"churn-{day / 3}"];

    /// <summary>The day an outlet id left feeds.json.</summary>
    private static int RemovedOn(string id)
    {
        var k = int.Parse(id[(id.IndexOf('-', StringComparison.Ordinal) + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        return id.StartsWith("churn-", StringComparison.Ordinal) ? 3 * k + 2 : 3 * k + 3;
    }

    private static string Config(SoakOutlets outlets, int day)
    {
        var entries = Configured(day).Select(id =>
        {
            // A renamed outlet keeps its feed: the publisher is the same, only its id in feeds.json changed.
            var feed = id.StartsWith("renamed-", StringComparison.Ordinal) ? "churn-" + id["renamed-".Length..] : id;
            var fullText = id.StartsWith("steady", StringComparison.Ordinal) ? "" : ", \"fullText\": true";
            return $$"""    { "id": "{{id}}", "url": "{{outlets.FeedUrl(feed)}}"{{fullText}} }""";
        });
        return $$"""
            {
              "defaults": { "interval": "1d", "retention": "{{RetentionDays}}d", "keepPerOutlet": 2 },
              "outlets": [
            {{string.Join(",\n", entries)}}
              ],
              "topics": [ { "id": "news", "title": "News", "include": ["news"] } ]
            }
            """;
    }
}
