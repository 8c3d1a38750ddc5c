namespace Aggregator.FullText;

/// <summary>The article fields found in a page's schema.org JSON-LD block.</summary>
internal sealed record JsonLdMetadata(
    string? Title,
    string? Byline,
    string? Excerpt,
    string? SiteName,
    string? DatePublished)
{
    public static JsonLdMetadata None { get; } = new(null, null, null, null, null);
}
