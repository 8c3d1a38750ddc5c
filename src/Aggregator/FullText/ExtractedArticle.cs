namespace Aggregator.FullText;

/// <summary>
/// The readable part of one article page. <see cref="Error"/> is set (and the content empty) when the
/// page held nothing that looks like an article; metadata may still be present then.
/// </summary>
public sealed record ExtractedArticle(
    string? Title,
    string? Byline,
    string? Excerpt,
    string? SiteName,
    DateTimeOffset? Published,
    string? ContentHtml,
    string TextContent,
    string? Error)
{
    /// <summary>Set when only part of the page was read: where it was cut and why (<see cref="LargeArticlePage"/>).</summary>
    public string? Cut { get; init; }

    /// <summary>Blocks left out because the outlet's other pages repeat them (<see cref="OutletFurniture"/>).</summary>
    public int RepeatedBlocksRemoved { get; init; }
}
