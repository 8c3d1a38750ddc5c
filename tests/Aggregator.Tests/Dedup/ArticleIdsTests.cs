using Aggregator.Dedup;

namespace Aggregator.Tests.Dedup;

public sealed class ArticleIdsTests
{
    [Fact]
    public void For_SameInputs_GivesTheSameIdForever()
    {
        // Pinned: changing the derivation would change every published id.
        Assert.Equal(ArticleIds.For("popular-resistance", "https://popularresistance.org/a/"),
            ArticleIds.For("popular-resistance", "https://popularresistance.org/a/"));
        Assert.Matches("^[a-z2-7]{20}$", ArticleIds.For("x", "y"));
    }

    [Fact]
    public void For_DifferentOutletOrIdentity_GivesDifferentIds()
    {
        Assert.NotEqual(ArticleIds.For("a", "u"), ArticleIds.For("b", "u"));
        Assert.NotEqual(ArticleIds.For("a", "u1"), ArticleIds.For("a", "u2"));
    }
}
