namespace Aggregator.Dedup;

/// <summary>The cluster a new article joins, the copy it matched, and why (what `explain` prints).</summary>
internal sealed record ClusterChoice(string ClusterId, string DuplicateOf, string Level, double Similarity, string Reason)
{
    /// <summary>Texts compared per new article at most: the earliest candidates, which decide the cluster anyway.</summary>
    public const int MaxCandidates = 50;

    /// <summary>Another outlet's earliest article with the same canonical URL: the first and cheapest rule.</summary>
    public static ClusterChoice SameUrl(string clusterId, string articleId) => new(clusterId, articleId, "same-url", 1.0, "same canonical URL");

    /// <summary>The earliest stored copy (candidates come in arrival order) whose text the policy calls a duplicate.</summary>
    public static ClusterChoice? FirstDuplicate(ArticleText text, IReadOnlyList<StoredText> candidates, DuplicatePolicy policy)
    {
        var match = DuplicateSearch.FirstDuplicate(text, candidates.Select(c => KeyValuePair.Create(c.Seq, c.Text)), policy);
        if (match is null)
        {
            return null;
        }
        var chosen = candidates.First(c => c.Seq == match.Key);
        return new ClusterChoice(chosen.ClusterId, chosen.ArticleId, match.Verdict.LevelName, match.Verdict.Similarity, match.Verdict.Reason);
    }
}
