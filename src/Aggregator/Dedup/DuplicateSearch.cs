namespace Aggregator.Dedup;

/// <summary>
/// The confirmation step after a lookup: the index (and an exact-fingerprint column) propose stored
/// articles, this checks their texts one by one.
/// </summary>
public static class DuplicateSearch
{
    /// <param name="candidates">Proposed stored articles with their texts, in the order to prefer
    /// (first seen first), so the story joins the cluster of its earliest copy.</param>
    /// <returns>The first candidate the policy confirms, or null.</returns>
    public static DuplicateMatch? FirstDuplicate(ArticleText incoming, IEnumerable<KeyValuePair<long, ArticleText>> candidates, DuplicatePolicy policy)
    {
        // Folded only once there is a candidate to compare it with: most new articles have none, and the store
        // calls this while it holds its write lock.
        FoldedArticle? folded = null;
        foreach ((long key, ArticleText text) in candidates)
        {
            folded ??= FoldedArticle.From(incoming);
            DuplicateVerdict verdict = policy.IsDuplicate(folded, FoldedArticle.From(text));
            if (verdict.IsDuplicate)
            {
                return new DuplicateMatch(key, verdict);
            }
        }
        return null;
    }
}
