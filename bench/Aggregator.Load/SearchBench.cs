using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aggregator.Bench.Shared;
using Aggregator.Configuration;
using Aggregator.Hosting;
using Aggregator.Model;
using Aggregator.Store;
using Aggregator.Store.Sqlite;
using Aggregator.Topics;

namespace Aggregator.Load;

/// <summary>
/// How long a search takes on a store of up to a million articles (issue 25): the store is pre-filled as
/// for the start-up measure (which builds the FTS5 index through its trigger), then each kind of query
/// the syntax allows is run for its first page, for a page deep in its results and inside a topic, words
/// chosen by how many articles hold them (the commonest, a middling one, the rarest, one with accents
/// typed with and without them). `--explain` prints SQLite's plan of each. Writes bench/results/search.json
/// with one entry per store size.
/// </summary>
internal static class SearchBench
{
    private const int Runs = 9;
    private const int Limit = 50;
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    // Generous: the bench measures; a query this slow is reported as stopped, not waited for.
    private static readonly SearchBudget Budget = new(TimeSpan.FromSeconds(30), TimeProvider.System);

    /// <param name="postgres">An admin connection string to a PostgreSQL server: each size gets a fresh database there instead of SQLite.</param>
    /// <param name="database">A database on that server to fill once and keep: a later run with the same name and size measures it again without filling.</param>
    public static async Task<int> RunAsync(IReadOnlyList<int> sizes, bool explain, string? postgres, string? database, CancellationToken ct)
    {
        var runs = new List<Dictionary<string, object>>();
        foreach (var articles in sizes)
        {
            runs.Add(await RunSizeAsync(articles, explain, postgres, database is null ? null : $"{database}_{articles}", ct));
        }
        var provider = postgres is null ? "sqlite" : "postgres";
        var report = new Dictionary<string, object>
        {
            ["provider"] = provider,
            ["page_limit"] = Limit,
            ["runs_per_query"] = Runs,
            ["max_candidates"] = 10_000,
            ["budget_s"] = Budget.Limit.TotalSeconds,
            ["sizes"] = runs,
            ["machine"] = new Dictionary<string, object> { ["cores"] = Environment.ProcessorCount, ["loadavg_1m_at_end"] = Machine.LoadAverage(), ["cpu"] = Machine.Cpu() },
        };
        // One file for both providers: SQLite's report at the top level (as before), PostgreSQL's beside it under "postgres".
        var path = Path.Combine(Machine.FindRepo(null), "bench", "results", "search.json");
        var file = File.Exists(path) ? JsonNode.Parse(await File.ReadAllTextAsync(path, ct))!.AsObject() : new JsonObject();
        var written = JsonSerializer.SerializeToNode(report)!.AsObject();
        if (postgres is null)
        {
            if (file["postgres"] is { } kept)
            {
                written["postgres"] = kept.DeepClone();
            }
            file = written;
        }
        else
        {
            file["postgres"] = written;
        }
        await File.WriteAllTextAsync(path, file.ToJsonString(Indented) + "\n", ct);
        Console.WriteLine($"search bench: written to {path}");
        return 0;
    }

    private static async Task<Dictionary<string, object>> RunSizeAsync(int articles, bool explain, string? postgres, string? keep, CancellationToken ct)
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
            Console.WriteLine($"search bench: pre-filling {articles:N0} articles (FTS5 index kept by its trigger), load {Machine.LoadAverage():F1}");
            var (database, filled) = postgres is null ? (null, null) : await CreateDatabaseAsync(postgres, keep, ct);
            var fill = filled ?? (database is null
                ? await StorePrefill.FillAsync(data, snapshot, outlets, articles, content, ct)
                : await PostgresPrefill.FillAsync(database, snapshot, outlets, articles, content, ct));
            if (database is not null && keep is not null && filled is null)
            {
                await MarkFilledAsync(database, keep, fill, ct);
            }
            var bytes = database is null ? new DirectoryInfo(data).GetFiles().Sum(f => f.Length) : await DatabaseBytesAsync(database, ct);
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
            // Two of the rarer words that meet in about 4 of the 512 items (1 article in 130): on PostgreSQL too rare for the
            // first walk to fill a page, too common for the GIN index to be cheap.
            var rarer = df.Where(d => d.Count >= 8 && d.Word.All(char.IsAsciiLetterLower)).TakeLast(40).Select(d => d.Word).ToList();
            var together = rarer.SelectMany(a => rarer.Where(b => string.CompareOrdinal(a, b) < 0).Select(b => (Q: $"{a} {b}", N: pool.Count(p => p.Words.Contains(a) && p.Words.Contains(b)))))
                .OrderBy(x => Math.Abs(x.N - 4)).ThenBy(x => x.Q, StringComparer.Ordinal).First().Q;
            var titleWords = TextFoldingWords(pool.First(p => p.Words.Contains(rare)).Article.Title);
            var phrase = titleWords.Length >= 2 ? $"\"{titleWords[0]} {titleWords[1]}\"" : titleWords[0];
            // A word the outlets wrote with accents, typed as they wrote it and as a reader without the keys would.
            var accented = pool.SelectMany(p => (p.Article.Title + " " + p.Article.Summary).Split([' ', ',', '.', ':', ';', '"', '(', ')', '\u2019', '\u201c', '\u201d', '\''], StringSplitOptions.RemoveEmptyEntries))
                .Where(w => w.Length >= 5 && w.Any(c => c > 127 && char.IsLetter(c)) && w.All(char.IsLetter))
                .GroupBy(w => w, StringComparer.Ordinal).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefault() ?? "Guaidó";
            var unaccented = TextFoldingWords(accented)[0];
            var topic = snapshot.Config.Topics.Count > 0 ? snapshot.Config.Topics[0].Id : TopicDefinition.AllId;

            var queries = new (string Kind, string Text, string Topic)[]
            {
                ("commonest word", common, TopicDefinition.AllId),
                ("middling word", middle, TopicDefinition.AllId),
                ("rarest word", rare, TopicDefinition.AllId),
                ("two words, 1 in 130 together", together, TopicDefinition.AllId),
                ("accented", accented, TopicDefinition.AllId),
                ("unaccented", unaccented, TopicDefinition.AllId),
                ("prefix of the commonest", common[..3] + "*", TopicDefinition.AllId),
                ("phrase", phrase, TopicDefinition.AllId),
                ("word minus the commonest", $"{middle} -{common}", TopicDefinition.AllId),
                ("outlet only", "outlet:outlet-0007", TopicDefinition.AllId),
                ("word in one outlet", $"{common} outlet:outlet-0007", TopicDefinition.AllId),
                ("topic ?q= commonest", common, topic),
                ("topic ?q= middling", middle, topic),
                ("eight terms", string.Join(' ', df.Take(8).Select(d => d.Word)), TopicDefinition.AllId),
                ("nothing matches", "zzzyqx", TopicDefinition.AllId),
                // Made-up words planted by RareWords: rarer than anything generated, where PostgreSQL reads its GIN index.
                ("rare word, 1 in 1,000", Rare(1_000), TopicDefinition.AllId),
                ("rare word, 1 in 20,000", Rare(20_000), TopicDefinition.AllId),
                ("rare word, 1 in 500,000", Rare(500_000), TopicDefinition.AllId),
                ("rare 1 in 1,000 and the commonest", $"{Rare(1_000)} {common}", TopicDefinition.AllId),
                ("rare 1 in 1,000 in one outlet", $"{Rare(1_000)} outlet:outlet-0007", TopicDefinition.AllId),
                ("topic ?q= rare 1 in 20,000", Rare(20_000), topic),
            };

            IAggregatorStore store = database is null ? SqliteStore.InDataFolder(data) : new Aggregator.Store.Postgres.PostgresStore(database);
            using var release = store as IDisposable;
            await store.MigrateAsync(ct);
            var results = new List<Dictionary<string, object>>();
            var all = new List<double>();
            foreach (var (kind, text, topicId) in queries)
            {
                var query = (SearchQuery.TryParse(text, out var problem) ?? throw new InvalidOperationException(problem)).Criteria with { Budget = Budget };
                if (explain && store is SqliteStore sqlite)
                {
                    Console.WriteLine($"  plan of {kind} ({text}):");
                    foreach (var line in await sqlite.ExplainSearchAsync(topicId, query, new TopicPageRequest(Limit), ct))
                    {
                        Console.WriteLine("    " + line);
                    }
                }
                try
                {
                    // Once to warm the page cache; then timed.
                    var first = await store.SearchAsync(topicId, query, new TopicPageRequest(Limit), ct);
                    var firstMs = await TimeAsync(() => store.SearchAsync(topicId, query, new TopicPageRequest(Limit), ct));
                    all.AddRange(firstMs);
                    // Ten pages in, by the cursors readers follow.
                    var request = new TopicPageRequest(Limit);
                    var page = first;
                    var pages = 1;
                    for (var i = 0; i < 10 && page.Older is { } older; i++, pages++)
                    {
                        request = new TopicPageRequest(Limit, Before: older);
                        page = await store.SearchAsync(topicId, query, request, ct);
                    }
                    var deepRequest = request;
                    var deepMs = await TimeAsync(() => store.SearchAsync(topicId, query, deepRequest, ct));
                    all.AddRange(deepMs);
                    var plantedMatches = PlantedMatches(text, articles, pool.Select(p => p.Words).ToList());
                    var matchingPoolItems = query.HasText ? pool.Count(p => query.Include.All(t => t.Words.All(p.Words.Contains))) : -1;
                    results.Add(new Dictionary<string, object>
                    {
                        ["kind"] = kind,
                        ["q"] = text,
                        ["topic"] = topicId,
                        ["approx_matches"] = plantedMatches ?? (matchingPoolItems < 0 ? -1 : (long)matchingPoolItems * articles / pool.Count),
                        ["first_page_items"] = first.Items.Count,
                        ["first_page_ms_median"] = Median(firstMs),
                        ["first_page_ms_max"] = firstMs.Max(),
                        ["deep_page"] = pages,
                        ["deep_page_ms_median"] = Median(deepMs),
                        ["deep_page_ms_max"] = deepMs.Max(),
                    });
                    Console.WriteLine($"  {kind,-26} {text,-40} {first.Items.Count,3} items, first page {Median(firstMs),8:F1} ms (max {firstMs.Max():F1}), page {pages} {Median(deepMs),8:F1} ms");
                }
                catch (StoreException e) when (SearchBudget.IsExceeded(e))
                {
                    results.Add(new Dictionary<string, object> { ["kind"] = kind, ["q"] = text, ["topic"] = topicId, ["stopped_after_s"] = Budget.Limit.TotalSeconds });
                    Console.WriteLine($"  {kind,-26} {text,-40} STOPPED after {Budget.Limit.TotalSeconds} s");
                }
            }

            return new Dictionary<string, object>
            {
                ["articles"] = articles,
                ["store_mb"] = bytes / 1024 / 1024,
                ["prefill_s"] = Math.Round(fill.TotalSeconds, 1),
                ["all_pages_ms_median"] = Math.Round(Percentiles.Of(all, 50), 2),
                ["all_pages_ms_p99"] = Math.Round(Percentiles.Of(all, 99), 2),
                ["all_pages_ms_max"] = all.Count == 0 ? double.NaN : Math.Round(all.Max(), 2),
                ["loadavg_1m"] = Machine.LoadAverage(),
                ["queries"] = results,
            };
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A fresh database, or the kept one named <paramref name="keep"/> with how long its fill took if a run completed it.</summary>
    private static async Task<(string Database, TimeSpan? Filled)> CreateDatabaseAsync(string admin, string? keep, CancellationToken ct)
    {
        var name = keep ?? "search_bench_" + Guid.NewGuid().ToString("N")[..12];
        await using var connection = new Npgsql.NpgsqlConnection(admin);
        await connection.OpenAsync(ct);
        var database = new Npgsql.NpgsqlConnectionStringBuilder(admin) { Database = name }.ToString();
        if (keep is not null)
        {
            // The fill's seconds are the database's comment, written only once the fill completed.
            await using var find = new Npgsql.NpgsqlCommand(
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = @name;", connection);
            find.Parameters.AddWithValue("name", name);
            switch (await find.ExecuteScalarAsync(ct))
            {
                case string seconds when seconds.StartsWith("filled_s=", StringComparison.Ordinal):
                    Console.WriteLine($"  reusing the filled database {name}");
                    return (database, TimeSpan.FromSeconds(double.Parse(seconds["filled_s=".Length..], System.Globalization.CultureInfo.InvariantCulture)));
                case null or DBNull:
                    break;
                default:
                    throw new InvalidOperationException($"database {name} exists but its fill never completed: drop it first");
            }
        }
        await using var command = new Npgsql.NpgsqlCommand($"CREATE DATABASE {name};", connection);
        await command.ExecuteNonQueryAsync(ct);
        return (database, null);
    }

    private static async Task MarkFilledAsync(string database, string name, TimeSpan fill, CancellationToken ct)
    {
        await using var connection = new Npgsql.NpgsqlConnection(database);
        await connection.OpenAsync(ct);
        var seconds = fill.TotalSeconds.ToString("F1", System.Globalization.CultureInfo.InvariantCulture);
        await using var command = new Npgsql.NpgsqlCommand($"COMMENT ON DATABASE {name} IS 'filled_s={seconds}';", connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<long> DatabaseBytesAsync(string database, CancellationToken ct)
    {
        await using var connection = new Npgsql.NpgsqlConnection(database);
        await connection.OpenAsync(ct);
        await using var command = new Npgsql.NpgsqlCommand("SELECT pg_database_size(current_database());", connection);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    private static string Rare(int every) => RareWords.Planted.Single(p => p.Every == every).Word;

    /// <summary>
    /// For a query with a planted word, the exact count of articles it matches outside any topic: the planted
    /// articles that hold every planted word of it, whose pool item holds its other words, in its outlet if it names one.
    /// </summary>
    private static long? PlantedMatches(string text, int articles, List<HashSet<string>> poolWords)
    {
        var terms = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var planted = terms.Where(t => RareWords.Planted.Any(p => p.Word == t)).ToList();
        if (planted.Count == 0)
        {
            return null;
        }
        var outlet = terms.FirstOrDefault(t => t.StartsWith("outlet:", StringComparison.Ordinal))?["outlet:".Length..];
        var others = terms.Where(t => !planted.Contains(t) && !t.StartsWith("outlet:", StringComparison.Ordinal)).ToList();
        return planted.Select(w => RareWords.Indexes(w, articles).ToHashSet()).Aggregate((a, b) => { a.IntersectWith(b); return a; })
            .Count(i => others.All(poolWords[(int)(i % poolWords.Count)].Contains)
                && (outlet is null || outlet == string.Create(CultureInfo.InvariantCulture, $"outlet-{i % 200:D4}")));
    }

    private static string[] TextFoldingWords(string text) => Aggregator.Normalize.TextFolding.Words(Aggregator.Normalize.TextFolding.Fold(text)).ToArray();

    private static double Median(List<double> times) => Math.Round(Percentiles.Of(times, 50), 2);

    private static async Task<List<double>> TimeAsync(Func<Task<TopicPage>> run)
    {
        var times = new List<double>();
        for (var i = 0; i < Runs; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await run();
            times.Add(Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 2));
        }
        return times;
    }
}
