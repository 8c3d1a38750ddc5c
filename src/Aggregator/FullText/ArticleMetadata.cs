namespace Aggregator.FullText;

/// <summary>What the page says about itself in meta tags, JSON-LD and its title.</summary>
internal sealed record ArticleMetadata(
    string? Title,
    string? Byline,
    string? Excerpt,
    string? SiteName,
    DateTimeOffset? Published)
{
    /// <summary>Every distinct summary the page states (JSON-LD, Open Graph, Dublin Core, plain meta): sites word them differently.</summary>
    public IReadOnlyList<string> Descriptions { get; init; } = [];
}
