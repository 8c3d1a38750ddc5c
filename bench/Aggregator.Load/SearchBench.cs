using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Aggregator.Bench.Shared;
using Aggregator.Configuration;
using Aggregator.Hosting;
using Aggregator.Model;
using Aggregator.Store;
using Aggregator.Store.Sqlite;
using Aggregator.Topics;

namespace Aggregator.Load;

/// <summary>
/// How long a search takes on a store of a million articles (issue 25): the store is pre-filled as
/// for the start-up measure (which builds the FTS5 index through its trigger), then each kind of query
/// the syntax allows is run for its first page and for a page deep in its results, words chosen by how
/// many articles hold them (the commonest, a middling one, the rarest). Writes bench/results/search.json.
/// </summary>
internal static class SearchBench
{
    private const int Runs = 3;
    private const int Limit = 50;
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static async Task<int> RunAsync(int articles, CancellationToken ct)
    {
        var folder = Path.Combine(Path.GetTempPath(), "aggregator-search-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var content = new SyntheticContent(SampleText.Load());
            var outlets = Enumerable.Range(0, 200)
                .Select(i => new SyntheticOutlet(content, i, new Uri("http://127.0.0.1:9/"), OutletBehaviour.Normal, 50))
                .ToList();
            var config = Path.Combine(folder, "feeds.json");
            await FeedsFile.WriteAsync(config, outlets, ct);
            var loaded = ConfigLoader.Load(config);
            var snapshot = ConfigSnapshot.From(loaded.Config!, config);
            var data = Path.Combine(folder, "data");
            Console.WriteLine($"search bench: pre-filling {articles:N0} articles (FTS5 index kept by its trigger)");
            var fill = await StorePrefill.FillAsync(data, snapshot, outlets, articles, content, ct);
            var bytes = new DirectoryInfo(data).GetFiles().Sum(f => f.Length);
            Console.WriteLine($"  filled in {fill.TotalSeconds:F0} s, {bytes / 1024 / 1024} MB");

            // The same pool the prefill cycles through: how many of its items hold each word.
            var pool = Enumerable.Range(0, 512)
                .Select(i => BenchInputs.ToArticle(content.Item(new Uri($"https://pool-{i % 64}.example/"), i, i, 3 + (i % 5)), "outlet-0000"))
                .Select(a => (Article: a, Words: SqliteSearchIndex.Fold(a.Title, a.Summary, a.Content).Split(' ').ToHashSet(StringComparer.Ordinal)))
                .ToList();
            var df = pool.SelectMany(p => p.Words).Where(w => w.Length >= 4 && !w.Any(char.IsAsciiDigit))
                .GroupBy(w => w, StringComparer.Ordinal).Select(g => (Word: g.Key, Count: g.Count())).OrderByDescending(g => g.Count).ToList();
            var common = df[0].Word;
            var middle = df[df.Count / 2].Word;
            var rare = df[^1].Word;
            var titleWords = TextFoldingWords(pool.First(p => p.Words.Contains(rare)).Article.Title);
            var phrase = titleWords.Length >= 2 ? $"\"{titleWords[0]} {titleWords[1]}\"" : titleWords[0];

            var queries = new (string Kind, string Text)[]
            {
                ("commonest word", common),
                ("middling word", middle),
                ("rarest word", rare),
                ("phrase", phrase),
                ("prefix of the commonest", common[..3] + "*"),
                ("word minus the commonest", $"{middle} -{common}"),
                ("outlet only", "outlet:outlet-0007"),
                ("word in one outlet", $"{common} outlet:outlet-0007"),
                ("eight terms", string.Join(' ', df.Take(8).Select(d => d.Word))),
                ("nothing matches", "zzzyqx"),
            };

            using var store = SqliteStore.InDataFolder(data);
            await store.MigrateAsync(ct);
            var results = new List<Dictionary<string, object>>();
            foreach (var (kind, text) in queries)
            {
                var query = (SearchQuery.TryParse(text, out var problem) ?? throw new InvalidOperationException(problem)).Criteria;
                // Once to warm the page cache; then timed.
                var first = await store.SearchAsync(TopicDefinition.AllId, query, new TopicPageRequest(Limit), ct);
                var firstMs = await TimeAsync(() => store.SearchAsync(TopicDefinition.AllId, query, new TopicPageRequest(Limit), ct));
                // Ten pages in, by the cursors readers follow.
                var request = new TopicPageRequest(Limit);
                var page = first;
                for (var i = 0; i < 10 && page.Older is { } older; i++)
                {
                    request = new TopicPageRequest(Limit, Before: older);
                    page = await store.SearchAsync(TopicDefinition.AllId, query, request, ct);
                }
                var deepRequest = request;
                var deepMs = await TimeAsync(() => store.SearchAsync(TopicDefinition.AllId, query, deepRequest, ct));
                var topicMs = await TimeAsync(() => store.SearchAsync(snapshot.Config.Topics.Count > 0 ? snapshot.Config.Topics[0].Id : TopicDefinition.AllId, query, new TopicPageRequest(Limit), ct));
                var matchingPoolItems = query.HasText ? pool.Count(p => query.Include.All(t => t.Words.All(p.Words.Contains))) : -1;
                results.Add(new Dictionary<string, object>
                {
                    ["kind"] = kind,
                    ["q"] = text,
                    ["approx_matches"] = matchingPoolItems < 0 ? -1 : (long)matchingPoolItems * articles / pool.Count,
                    ["first_page_items"] = first.Items.Count,
                    ["first_page_ms_median"] = firstMs.Median,
                    ["first_page_ms_max"] = firstMs.Max,
                    ["page_11_ms_median"] = deepMs.Median,
                    ["topic_narrowed_ms_median"] = topicMs.Median,
                });
                Console.WriteLine($"  {kind,-26} {text,-40} first page {firstMs.Median,8:F1} ms (max {firstMs.Max:F1}), page 11 {deepMs.Median,8:F1} ms, in topic {topicMs.Median,8:F1} ms");
            }

            var report = new Dictionary<string, object>
            {
                ["articles"] = articles,
                ["store_mb"] = bytes / 1024 / 1024,
                ["prefill_s"] = Math.Round(fill.TotalSeconds, 1),
                ["page_limit"] = Limit,
                ["runs_per_figure"] = Runs,
                ["worst_first_page_ms"] = results.Max(r => (double)r["first_page_ms_max"]),
                ["queries"] = results,
                ["machine"] = new Dictionary<string, object> { ["cores"] = Environment.ProcessorCount, ["loadavg_1m"] = Machine.LoadAverage() },
            };
            var path = Path.Combine(Machine.FindRepo(null), "bench", "results", "search.json");
            await File.WriteAllTextAsync(path, JsonSerializer.Serialize(report, Indented) + "\n", ct);
            Console.WriteLine($"search bench: written to {path}");
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string[] TextFoldingWords(string text) => Aggregator.Normalize.TextFolding.Words(Aggregator.Normalize.TextFolding.Fold(text)).ToArray();

    private static async Task<(double Median, double Max)> TimeAsync(Func<Task<TopicPage>> run)
    {
        var times = new List<double>();
        for (var i = 0; i < Runs; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await run();
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        times.Sort();
        return (Math.Round(times[times.Count / 2], 2), Math.Round(times[^1], 2));
    }
}
