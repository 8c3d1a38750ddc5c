using System.Text.Json;
using Aggregator.Dedup;
using Aggregator.Normalize;
using Aggregator.Store;
using Aggregator.Store.Sqlite;

namespace Aggregator.Tests.Store;

/// <summary>
/// A successful poll saved the way the pipeline saves one, articles whose texts share no words, and every topic page as
/// a reader walks them, for the SQLite layout tests that plant rows through the store and then read what it holds.
/// </summary>
internal static class SavedPolls
{
    public static Task<IngestSummary> SaveAsync(SqliteStore store, string outlet, DateTimeOffset at, params ArticleCandidate[] articles) =>
        store.SavePollAsync(Poll(outlet, at, articles), CancellationToken.None);

    /// <summary>A successful poll of <paramref name="outlet"/> at <paramref name="at"/> that brought <paramref name="articles"/>.</summary>
    public static PollRecord Poll(string outlet, DateTimeOffset at, params ArticleCandidate[] articles) => new()
    {
        OutletId = outlet,
        AttemptedAt = at,
        Succeeded = true,
        StatusCode = 200,
        Articles = articles,
        Duplicates = DuplicatePolicy.Default,
    };

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

    /// <summary>Every page of each topic, <paramref name="size"/> items at a time, walked to the oldest and back, as JSON.</summary>
    public static async Task<List<string>> PagesAsync(SqliteStore store, IEnumerable<string> topics, int size)
    {
        var pages = new List<string>();
        foreach (var topic in topics)
        {
            var page = await store.GetTopicPageAsync(topic, new TopicPageRequest(size), CancellationToken.None);
            pages.Add(JsonSerializer.Serialize(page));
            while (page.Older is { } older)
            {
                page = await store.GetTopicPageAsync(topic, new TopicPageRequest(size, Before: older), CancellationToken.None);
                pages.Add(JsonSerializer.Serialize(page));
            }
            while (page.Newer is { } newer)
            {
                page = await store.GetTopicPageAsync(topic, new TopicPageRequest(size, After: newer), CancellationToken.None);
                pages.Add(JsonSerializer.Serialize(page));
            }
        }
        return pages;
    }
}
