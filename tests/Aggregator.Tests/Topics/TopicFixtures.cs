using System.Text.Json;
using Aggregator.Model;

namespace Aggregator.Tests.Topics;

/// <summary>Articles for topic tests, by hand or from testdata/topics/articles.json (built from ../shared/samples).</summary>
internal static class TopicFixtures
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    public static Article Article(
        string title,
        string? summary = null,
        string? content = null,
        string outlet = "popular-resistance",
        IReadOnlyList<string>? categories = null) => new()
        {
            Id = Guid.NewGuid().ToString("N"),
            OutletId = outlet,
            CanonicalUrl = "https://popularresistance.org/story/",
            Link = new Uri("https://popularresistance.org/story/"),
            Title = title,
            Summary = summary,
            Content = content,
            Categories = categories ?? [],
            FirstSeen = new DateTimeOffset(2024, 8, 9, 12, 0, 0, TimeSpan.Zero),
            ClusterId = "c",
        };

    public static TopicDefinition Topic(string id, string[]? include = null, string[]? exclude = null, string[]? outlets = null) => new()
    {
        Id = id,
        Title = id,
        Include = include ?? [],
        Exclude = exclude ?? [],
        Outlets = outlets ?? [],
    };

    /// <summary>Popular Resistance "Coups" listing entries (title + teaser) and In Defence of Marxism teasers (no title).</summary>
    public static IReadOnlyList<Article> SampleArticles()
    {
        var path = Path.Combine(TestPaths.TestData("topics"), "articles.json");
        var rows = JsonSerializer.Deserialize<List<SampleRow>>(File.ReadAllText(path), Json)!;
        return [.. rows.Select(r => Article(r.Title, r.Summary, null, r.OutletId, r.Categories) with
        {
            Id = r.Id,
            Link = new Uri(r.Link),
            CanonicalUrl = r.Link,
        })];
    }

    private sealed record SampleRow(string Id, string OutletId, string Title, string Link, string Summary, List<string> Categories);
}
