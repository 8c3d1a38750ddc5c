using Aggregator.Bench.Shared;
using Aggregator.Dedup;
using Aggregator.Model;
using Aggregator.Normalize;
using Aggregator.Store;
using Aggregator.Store.Sqlite;
using BenchmarkDotNet.Attributes;

namespace Aggregator.Benchmarks;

/// <summary>
/// SavePollAsync of one outlet's poll: 50 new articles (as in round 1), and the same 50 unchanged
/// (a re-poll whose feed answered 200 with nothing new). Per-article cost is Mean / 50. The store
/// grows by 50 articles per invocation of the first, as a real one does.
/// </summary>
[MemoryDiagnoser]
public class StoreBenchmarks
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);
    private string _folder = "";
    private SqliteStore? _store;
    private List<ArticleCandidate> _fifty = [];
    private int _poll;

    [GlobalSetup]
    public void Setup()
    {
        _folder = Directory.CreateTempSubdirectory("aggregator-bench-store-").FullName;
        _store = SqliteStore.InDataFolder(_folder);
        _store.MigrateAsync(CancellationToken.None).GetAwaiter().GetResult();
        var content = BenchInputs.Instance.Content;
        var site = new Uri("https://outlet-0001.example/");
        _fifty = [.. SyntheticFeeds.Newest(content, site, 1, 10_000, 50, 2).Select(item => new ArticleCandidate
        {
            OutletId = "outlet-0001",
            SourceId = item.SourceId,
            CanonicalUrl = UrlCanonicalizer.Canonicalize(item.Link),
            Link = item.Link,
            Title = item.Title,
            Summary = HtmlSanitizer.Sanitize(item.Summary, item.Link),
            Content = HtmlSanitizer.Sanitize(item.ContentHtml, item.Link),
            Author = item.Author,
            Published = item.Published,
            Categories = item.Categories,
            Topics = ["all", "venezuela"],
        })];
        SaveAsync("outlet-0001", _fifty).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store?.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = 50)]
    public Task<IngestSummary> Save50New()
    {
        var poll = Interlocked.Increment(ref _poll);
        var outlet = "outlet-" + poll.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return SaveAsync(outlet, [.. _fifty.Select(c => c with
        {
            OutletId = outlet,
            SourceId = c.SourceId + "-" + outlet,
            CanonicalUrl = c.CanonicalUrl + outlet + "/",
        })]);
    }

    [Benchmark(OperationsPerInvoke = 50)]
    public Task<IngestSummary> Save50Unchanged() => SaveAsync("outlet-0001", _fifty);

    private Task<IngestSummary> SaveAsync(string outlet, IReadOnlyList<ArticleCandidate> articles) => _store!.SavePollAsync(new PollRecord
    {
        OutletId = outlet,
        AttemptedAt = Now,
        Succeeded = true,
        StatusCode = 200,
        ETag = "\"e\"",
        Articles = articles,
        Duplicates = DuplicatePolicy.Default,
    }, CancellationToken.None);
}
