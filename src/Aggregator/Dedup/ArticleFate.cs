namespace Aggregator.Dedup;

/// <summary>What a poll's entry is to its outlet's stored articles: the exact-duplicate decision.</summary>
internal enum ArticleFate
{
    /// <summary>Not stored yet: inserted, into a cluster of its own or another outlet's copy.</summary>
    New,
    /// <summary>Stored, and a reader would see a difference: updated in place, keeping id and cluster.</summary>
    Changed,
    /// <summary>Stored exactly so: nothing is written.</summary>
    Unchanged,
    /// <summary>A pushed version dated before the stored one: a replay, refused.</summary>
    Stale,
}

internal static class ArticleFates
{
    /// <param name="refuseOlder">Pushed content: an entry dated before the stored version must not roll it back.</param>
    public static ArticleFate Of(PreparedArticle article, StoredIdentity? stored, bool refuseOlder) => stored switch
    {
        null => ArticleFate.New,
        _ when stored.Hash == article.Hash => ArticleFate.Unchanged,
        _ when refuseOlder && article.Dated is { } incoming && stored.Dated is { } current && incoming < current => ArticleFate.Stale,
        _ => ArticleFate.Changed,
    };
}
