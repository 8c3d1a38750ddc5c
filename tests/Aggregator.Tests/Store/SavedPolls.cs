using Aggregator.Dedup;
using Aggregator.Normalize;
using Aggregator.Store;
using Aggregator.Store.Sqlite;

namespace Aggregator.Tests.Store;

/// <summary>
/// A successful poll saved the way the pipeline saves one, and articles whose texts share no words, for the SQLite
/// layout tests that plant rows through the store and then read what is on disk.
/// </summary>
internal static class SavedPolls
{
    public static Task<IngestSummary> SaveAsync(SqliteStore store, string outlet, DateTimeOffset at, params ArticleCandidate[] articles) =>
        store.SavePollAsync(new PollRecord
        {
            OutletId = outlet,
            AttemptedAt = at,
            Succeeded = true,
            StatusCode = 200,
            Articles = articles,
            Duplicates = DuplicatePolicy.Default,
        }, CancellationToken.None);

    public static ArticleCandidate Candidate(string outlet, string url, string title, DateTimeOffset published, params string[] topics) => new()
    {
        OutletId = outlet,
        CanonicalUrl = url,
        Link = new Uri(url),
        Title = title,
        // Words of its own, so no two articles are near-duplicates of each other.
        Content = $"<p>{string.Join(' ', Enumerable.Range(0, 40).Select(i => $"{url[^1]}{title.Length}w{i}"))}</p>",
        Published = published,
        Topics = topics,
    };
}
