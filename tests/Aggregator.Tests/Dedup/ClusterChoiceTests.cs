using Aggregator.Dedup;

namespace Aggregator.Tests.Dedup;

/// <summary>Which stored copy's cluster a new article joins, from the candidates the store found.</summary>
public sealed class ClusterChoiceTests
{
    [Fact]
    public void SameUrl_JoinsThatCopysCluster_AtFullSimilarity()
    {
        var choice = ClusterChoice.SameUrl("cluster-1", "article-1");

        Assert.Equal(new ClusterChoice("cluster-1", "article-1", "same-url", 1.0, "same canonical URL"), choice);
    }

    [Fact]
    public void FirstDuplicate_JoinsTheEarliestConfirmedCopysCluster_NotTheFirstCandidate()
    {
        var candidates = new List<StoredText>
        {
            new(1, "cluster-niger", "niger-a", ArticleTexts.Full("niger-a")),
            new(2, "cluster-bolivia", "bolivia-a", ArticleTexts.Full("bolivia-a")),
            new(3, "cluster-bolivia-later", "bolivia-b", ArticleTexts.Full("bolivia-a")),
        };

        var choice = ClusterChoice.FirstDuplicate(ArticleTexts.Full("bolivia-a"), candidates, DuplicatePolicy.Default);

        Assert.NotNull(choice);
        Assert.Equal("cluster-bolivia", choice.ClusterId);
        Assert.Equal("bolivia-a", choice.DuplicateOf);
        Assert.NotEqual("same-url", choice.Level);
        Assert.False(string.IsNullOrEmpty(choice.Reason));
    }

    [Fact]
    public void FirstDuplicate_NoCandidateConfirmed_IsNull() =>
        Assert.Null(ClusterChoice.FirstDuplicate(ArticleTexts.Full("bolivia-a"),
            [new StoredText(1, "cluster-niger", "niger-a", ArticleTexts.Full("niger-a"))], DuplicatePolicy.Default));
}
