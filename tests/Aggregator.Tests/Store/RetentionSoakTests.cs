using Aggregator.Normalize;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Aggregator.Configuration;
using Aggregator.Dedup;
using Aggregator.Hosting;
using Aggregator.Pipeline;
using Aggregator.Store;
using Aggregator.Store.Sqlite;
using Aggregator.Tests.Fixtures;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Aggregator.Tests.Store;

/// <summary>
/// A year unattended, in virtual time: every day 25 outlets each publish 20 new articles and keep listing
/// the same 10 old ones; the store prunes daily with `"retention": "30d"`. The figures go to
/// tests/retention-report.md. It reads the process's managed heap, so it runs alone.
/// </summary>
[Collection(AloneInTheProcess.Name)]
public sealed class RetentionSoakTests : IDisposable
{
    /// <summary>
    /// 25, not the 50 it once was: every figure asserted below is exact per outlet or relative to the plateau, so the
    /// outlet count only sets how much each day costs (and this test runs alone, every second of it a second of CI's run).
    /// </summary>
    private const int Outlets = 25;
    private const int NewPerDay = 20;
    private const int Backlog = 10;
    /// <summary>
    /// Three retention periods and a day by default, the least the plateau comparison accepts: articles level off by day 30,
    /// tombstones by day 60 (tests/retention-report.md), and day 60 is compared with the last day, a whole retention period
    /// later. The year would take minutes of CI's budget; <c>AGGREGATOR_SOAK_DAYS=365</c> runs it.
    /// </summary>
    private static readonly int Days = int.TryParse(Environment.GetEnvironmentVariable("AGGREGATOR_SOAK_DAYS"), out var days) ? Math.Max(days, 91) : 91;
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 6, 0, 0, TimeSpan.Zero);
    private static readonly int[] SampleDays = [.. new[] { 30, 60, 90, 180, 270 }.Where(d => d < Days - 1), Days - 1];

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    [Trait("Category", "Slow")]
    public async Task AYearOfPolls_WithThirtyDaysRetention_PlateausAndServesNoArticleTwice()
    {
        var configPath = _folder.File("feeds.json");
        await File.WriteAllTextAsync(configPath, Config());
        var loaded = ConfigLoader.Load(configPath);
        Assert.True(loaded.IsValid, string.Join("\n", loaded.Problems));
        var time = new FakeTimeProvider(Start);
        using var store = SqliteStore.InDataFolder(_folder.File("data"));
        await store.MigrateAsync(CancellationToken.None);
        var pruner = new Pruner(store, () => RetentionPolicy.From(loaded.Config!), time, NullLogger<Pruner>.Instance);

        var watch = Stopwatch.StartNew();
        var samples = new List<Sample>();
        var lastServed = new Dictionary<string, int>(StringComparer.Ordinal);
        var servedAgain = new List<string>();
        var addedPerDay = new int[Days];
        for (var day = 0; day < Days; day++)
        {
            var now = time.GetUtcNow();
            var summaries = new IngestSummary[Outlets];
            await Parallel.ForEachAsync(Enumerable.Range(0, Outlets), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (o, ct) =>
                summaries[o] = await store.SavePollAsync(new PollRecord
                {
                    OutletId = OutletId(o), AttemptedAt = now, Succeeded = true, StatusCode = 200,
                    Duplicates = DuplicatePolicy.Default, Articles = Feed(o, day, now),
                }, ct));
            addedPerDay[day] = summaries.Sum(s => s.New);
            await pruner.PruneAsync(CancellationToken.None);

            // A reader polling the topic feed daily: an article may stay in it for days, but once it has
            // left, it must never be shown again (a pruned article ingested anew would be).
            foreach (var item in await store.GetTopicItemsAsync("all", 200, CancellationToken.None))
            {
                if (lastServed.TryGetValue(item.Article.Id, out var last) && last < day - 1)
                {
                    servedAgain.Add(item.Article.Title);
                }
                lastServed[item.Article.Id] = day;
            }
            if (SampleDays.Contains(day))
            {
                var stats = await store.GetStatsAsync(CancellationToken.None);
                samples.Add(new Sample(day, stats.Articles, stats.Tombstones, stats.SizeBytes, GC.GetTotalMemory(forceFullCollection: true)));
            }
            time.Advance(TimeSpan.FromDays(1));
        }
        watch.Stop();
        WriteReport(samples, addedPerDay, watch.Elapsed);

        Assert.Empty(servedAgain);
        // Day 0: each outlet's backlog and its news; after that only the news, though the backlog is listed (and pruned) all year.
        Assert.Equal(Outlets * (NewPerDay + Backlog), addedPerDay[0]);
        Assert.All(addedPerDay.Skip(1), n => Assert.Equal(Outlets * NewPerDay, n));
        // Day 60, not 90: at the default 91 days day 90 is the last day, and comparing it with itself proved nothing.
        var plateau = samples.Single(s => s.Day == 60);
        var end = samples[^1];
        // The last 30 days of news, plus each outlet's newest of the day 30 days back: dated exactly at the
        // cutoff, which is strict (its older siblings, published half-hours earlier, are gone).
        Assert.Equal(30L * Outlets * NewPerDay + Outlets, end.Articles);
        Assert.Equal(plateau.Articles, end.Articles);
        Assert.InRange(end.Tombstones, plateau.Tombstones - Outlets * NewPerDay, plateau.Tombstones + Outlets * NewPerDay);
        Assert.True(end.Bytes <= plateau.Bytes * 1.10, $"store grew from {plateau.Bytes} to {end.Bytes} bytes");
        // Half the outlets, so a tighter slack: a leak of a kilobyte per article ingested in the last 30 days still fails (it did at 50).
        Assert.True(end.ManagedBytes <= plateau.ManagedBytes * 1.10 + 8 * 1024 * 1024, $"memory grew from {plateau.ManagedBytes} to {end.ManagedBytes} bytes");
    }

    private static string OutletId(int o) => string.Create(CultureInfo.InvariantCulture, $"outlet-{o:00}");

    private static string Config()
    {
        var outlets = string.Join(",\n", Enumerable.Range(0, Outlets).Select(o =>
            $$"""    { "id": "{{OutletId(o)}}", "url": "https://{{OutletId(o)}}.example/feed.xml" }"""));
        return $$"""
            {
              "defaults": { "retention": "30d" },
              "outlets": [
            {{outlets}}
              ]
            }
            """;
    }

    /// <summary>What outlet <paramref name="o"/> lists on <paramref name="day"/>: that day's news, then its unchanged backlog.</summary>
    private static ArticleCandidate[] Feed(int o, int day, DateTimeOffset now) =>
    [
        .. Enumerable.Range(0, NewPerDay).Select(k => Article(o, $"d{day}-{k}", now.AddMinutes(-k * 30))),
        .. Enumerable.Range(0, Backlog).Select(k => Article(o, $"backlog-{k}", Start.AddDays(-400 - k))),
    ];

    private static ArticleCandidate Article(int o, string key, DateTimeOffset published)
    {
        var outlet = OutletId(o);
        var url = $"https://{outlet}.example/{key}/";
        return new ArticleCandidate
        {
            OutletId = outlet,
            SourceId = $"{outlet}:{key}",
            CanonicalUrl = url,
            Link = new Uri(url),
            Title = $"{outlet} {key}: {Words(o, key, 8)}",
            Summary = $"<p>{Words(o, key + "/body", 40)}</p>",
            Published = published,
            Topics = ["all"],
        };
    }

    private static readonly string[] Vocabulary = [.. Enumerable.Range(0, 600).Select(i => string.Create(CultureInfo.InvariantCulture, $"w{i:x3}{(char)('a' + i % 26)}"))];

    /// <summary>Words that differ from article to article, so no two are one story by their text.</summary>
    private static string Words(int o, string key, int count)
    {
        var random = new Random(unchecked((int)(StableHash.Of(key) ^ (ulong)o)));
        var text = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            text.Append(Vocabulary[random.Next(Vocabulary.Length)]).Append(' ');
        }
        return text.ToString().TrimEnd();
    }

    private static void WriteReport(IReadOnlyList<Sample> samples, int[] addedPerDay, TimeSpan took)
    {
        var text = new StringBuilder()
            .AppendLine("# Retention report")
            .AppendLine()
            .AppendLine("Written by `RetentionSoakTests` (tests/Aggregator.Tests/Store/) on every run:")
            .AppendLine("`dotnet test Aggregator.sln --filter \"FullyQualifiedName~RetentionSoakTests\"` (91 days; the year with")
            .AppendLine("`AGGREGATOR_SOAK_DAYS=365` before it: 11 minutes here, too long for every CI run).")
            .AppendLine()
            .AppendLine("## A year unattended")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"{Days} days in virtual time (FakeTimeProvider), SQLite store: every day {Outlets} outlets each list")
            .AppendLine(CultureInfo.InvariantCulture, $"{NewPerDay} new articles and the same {Backlog} old ones; `\"retention\": \"30d\"`, keepPerOutlet 50, a prune after each day's polls.")
            .AppendLine(CultureInfo.InvariantCulture, $"Articles ingested as new: {addedPerDay.Sum()} (day 0: {addedPerDay[0]}, every later day: {addedPerDay[^1]}); no article was served twice.")
            .AppendLine()
            .AppendLine("| day | articles | tombstones | store bytes | managed heap bytes |")
            .AppendLine("| ---: | ---: | ---: | ---: | ---: |");
        foreach (var s in samples)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {s.Day} | {s.Articles} | {s.Tombstones} | {s.Bytes} | {s.ManagedBytes} |");
        }
        var end = samples[^1];
        text.AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Plateau: **{end.Articles} articles, {end.Bytes / (1024 * 1024)} MB** ({end.Bytes} bytes, {end.Tombstones} tombstones).")
            .AppendLine(CultureInfo.InvariantCulture, $"The run took {took.TotalSeconds:F0} s on this machine (not asserted).");
        File.WriteAllText(Path.Combine(TestPaths.RepoRoot, "tests", "retention-report.md"), text.ToString());
    }

    private sealed record Sample(int Day, long Articles, long Tombstones, long Bytes, long ManagedBytes);
}
