namespace Aggregator.Model;

/// <summary>
/// Where a topic feed page sits in the archive (RFC 5005 paged feeds): the query that reached it,
/// and the cursors of the pages before and after it. The first page has no query.
/// </summary>
public sealed record FeedPaging(string? Query, string? NextBefore, string? PreviousAfter)
{
    public static FeedPaging FirstPageOnly { get; } = new(null, null, null);

    public bool IsFirstPage => Query is null;
}
