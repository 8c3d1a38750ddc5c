namespace Aggregator.FullText;

/// <summary>What the page says about itself in meta tags, JSON-LD and its title.</summary>
internal sealed record ArticleMetadata(
    string? Title,
    string? Byline,
    string? Excerpt,
    string? SiteName,
    DateTimeOffset? Published);
