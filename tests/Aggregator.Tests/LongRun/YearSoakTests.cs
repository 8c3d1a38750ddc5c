using System.Globalization;
using System.Text;
using Aggregator.Tests.Fixtures;
using Xunit.Abstractions;

namespace Aggregator.Tests.LongRun;

/// <summary>
/// A worker left alone: `run` over outlets whose feeds rotate every day, a day per round on a fake clock, retention on.
/// Everything that holds per-article or per-poll state must level off once retention has caught up.
/// It reads the process's threads, descriptors and heap, so it runs alone.
/// </summary>
[Collection(AloneInTheProcess.Name)]
public sealed class YearSoakTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>
    /// Rounds (days); <c>AGGREGATOR_LONGRUN_DAYS=365</c> runs the year. 45 by default, the least this test accepts: retention
    /// (10 days) has caught up by day 12, so the window's first round (day 24) already compares a steady state with the
    /// last; the 15 more rounds the default used to run added no table, file or resource that the window does not see,
    /// and they ran alone at the end of every CI run.
    /// </summary>
    private const int LeastDays = 45;

    private static readonly int Days = int.TryParse(Environment.GetEnvironmentVariable("AGGREGATOR_LONGRUN_DAYS"), out var days) ? Math.Max(days, LeastDays) : LeastDays;

    /// <summary>The last rounds, compared with the round before them: retention (10 days) has long caught up by then.</summary>
    private const int Window = 20;

    private static readonly string[] Outlets = ["daily-one", "daily-two", "daily-three", "daily-four", "full-one", "full-two"];

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    [Trait("Category", "Slow")]
    public async Task DaysOfRotatingFeeds_WithRetention_EveryTableFileAndResourceLevelsOff()
    {
        await using var outlets = await SoakOutlets.StartAsync();
        await using var worker = await SoakWorker.StartAsync(_folder, Config(outlets), SoakOutlets.Epoch.AddHours(12));
        var samples = new List<SoakSample>();
        // The first firings come within the trigger's start window; after that one a day.
        await worker.AdvanceAsync(TimeSpan.FromMinutes(1), Outlets);
        samples.Add(await worker.SampleAsync(0));
        for (var day = 1; day < Days; day++)
        {
            outlets.Day = day;
            await worker.AdvanceAsync(TimeSpan.FromDays(1), Outlets);
            samples.Add(await worker.SampleAsync(day));
        }
        output.WriteLine(Report(samples));

        var before = samples[^(Window + 1)];
        var last = samples[^1];
        Assert.All(last.Rows, table => Assert.True(table.Value <= before.Rows.GetValueOrDefault(table.Key) + Slack(before.Rows.GetValueOrDefault(table.Key)),
            $"table {table.Key} grew from {before.Rows.GetValueOrDefault(table.Key)} to {table.Value} rows in the last {Window} days"));
        Assert.True(last.DatabaseBytes <= before.DatabaseBytes + 16 * 4096, $"the database grew from {before.DatabaseBytes} to {last.DatabaseBytes} bytes in the last {Window} days");
        Assert.True(last.MetricSeries <= before.MetricSeries, $"/metrics grew from {before.MetricSeries} to {last.MetricSeries} series");
        Assert.True(last.FileDescriptors <= before.FileDescriptors + 8, $"open descriptors grew from {before.FileDescriptors} to {last.FileDescriptors}");
        Assert.True(last.Threads <= before.Threads + 8, $"threads grew from {before.Threads} to {last.Threads}");
        Assert.True(last.ManagedBytes <= before.ManagedBytes * 1.10 + 4 * 1024 * 1024, $"the managed heap grew from {before.ManagedBytes} to {last.ManagedBytes} bytes");
        Assert.Equal(before.Jobs, last.Jobs);
    }

    private static long Slack(long rows) => Math.Max(8, rows / 50);

    internal static string Report(IReadOnlyList<SoakSample> samples)
    {
        var text = new StringBuilder();
        var tables = samples[^1].Rows.Keys.ToList();
        text.AppendLine(CultureInfo.InvariantCulture, $"round db wal fds threads heap series jobs loglines logbytes | {string.Join(' ', tables)}");
        foreach (var s in samples)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"{s.Round} {s.DatabaseBytes} {s.WalBytes} {s.FileDescriptors} {s.Threads} {s.ManagedBytes} {s.MetricSeries} {s.Jobs} {s.LogLines} {s.LogBytes} | {string.Join(' ', tables.Select(t => s.Rows.GetValueOrDefault(t)))}");
        }
        return text.ToString();
    }

    private static string Config(SoakOutlets outlets)
    {
        var entries = string.Join(",\n", Outlets.Select(id =>
            $$"""    { "id": "{{id}}", "url": "{{outlets.FeedUrl(id)}}"{{(id.StartsWith("full", StringComparison.Ordinal) ? ", \"fullText\": true" : "")}} }"""));
        return $$"""
            {
              "defaults": { "interval": "1d", "retention": "10d", "keepPerOutlet": 2 },
              "outlets": [
            {{entries}}
              ],
              "topics": [ { "id": "news", "title": "News", "include": ["news"] } ]
            }
            """;
    }
}
