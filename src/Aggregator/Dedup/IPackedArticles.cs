using Aggregator.Normalize;

namespace Aggregator.Dedup;

/// <summary>
/// Articles kept as their row values while they wait for a provider's writer (<see cref="PreparedArticle.PackedAt"/>);
/// dedup reads an article's text back only when it has another text to compare it with.
/// </summary>
internal interface IPackedArticles
{
    ArticleText TextOf(int row);

    /// <summary>The whole entry of the row: every field a reader sees, as the candidate had it.</summary>
    ArticleCandidate CandidateOf(int row);
}
