namespace Aggregator.Dedup;

/// <summary>The exact-duplicate decision, a pure function of the entry and the stored version it was matched to.</summary>
internal static class ArticleFates
{
    /// <param name="refuseOlder">Pushed content: an entry dated before the stored version must not roll it back.</param>
    public static ArticleFate Of(PreparedArticle article, StoredIdentity? stored, bool refuseOlder) => stored switch
    {
        null => ArticleFate.New,
        _ when article.SameContent(stored.Hash) => ArticleFate.Unchanged,
        _ when refuseOlder && article.Dated is { } incoming && stored.Dated is { } current && incoming < current => ArticleFate.Stale,
        _ => ArticleFate.Changed,
    };
}
