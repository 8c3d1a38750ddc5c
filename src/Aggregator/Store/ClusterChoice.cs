using Aggregator.Dedup;

namespace Aggregator.Store;

/// <summary>The cluster a new article joins, the copy it matched, and why (what `explain` prints).</summary>
internal sealed record ClusterChoice(string ClusterId, string DuplicateOf, string Level, double Similarity, string Reason)
{
    /// <summary>Texts compared per new article at most: the earliest candidates, which decide the cluster anyway.</summary>
    public const int MaxCandidates = 50;

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

/// <summary>A stored article's text as a duplicate candidate.</summary>
internal sealed record StoredText(long Seq, string ClusterId, string ArticleId, ArticleText Text);
