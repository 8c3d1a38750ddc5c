using Aggregator.Dedup;
using Aggregator.Normalize;

namespace Aggregator.Tests.Dedup;

/// <summary>The exact-duplicate decision: what a poll's entry is to the article its outlet stored.</summary>
public sealed class ArticleFateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    private static ArticleCandidate Entry(string title = "Venezuela: It Was A US-Led Coup All Along", DateTimeOffset? updated = null) => new()
    {
        OutletId = "pr",
        SourceId = "post-1",
        CanonicalUrl = "https://popularresistance.org/a/",
        Link = new Uri("https://popularresistance.org/a/"),
        Title = title,
        Published = T0.AddHours(-3),
        Updated = updated,
    };

    private static StoredIdentity StoredAs(PreparedArticle article) =>
        new(7, "post-1", "https://popularresistance.org/a/", article.Hash, T0, article.Dated);

    [Fact]
    public void NothingStored_IsNew() =>
        Assert.Equal(ArticleFate.New, ArticleFates.Of(PreparedArticle.Of(Entry()), null, refuseOlder: false));

    [Fact]
    public void SameEntryAgain_IsUnchanged()
    {
        var stored = StoredAs(PreparedArticle.Of(Entry()));

        Assert.Equal(ArticleFate.Unchanged, ArticleFates.Of(PreparedArticle.Of(Entry()), stored, refuseOlder: true));
    }

    [Fact]
    public void EditedTitle_IsChanged()
    {
        var stored = StoredAs(PreparedArticle.Of(Entry()));

        Assert.Equal(ArticleFate.Changed, ArticleFates.Of(PreparedArticle.Of(Entry("A New Title")), stored, refuseOlder: false));
    }

    [Fact]
    public void PushedVersionOlderThanTheStoredOne_IsStale_OnlyWhenPushed()
    {
        var stored = StoredAs(PreparedArticle.Of(Entry("Latest title", updated: T0)));
        var replay = PreparedArticle.Of(Entry("First title", updated: T0.AddHours(-1)));

        Assert.Equal(ArticleFate.Stale, ArticleFates.Of(replay, stored, refuseOlder: true));
        Assert.Equal(ArticleFate.Changed, ArticleFates.Of(replay, stored, refuseOlder: false));
    }

    [Fact]
    public void PushedVersionNewerThanTheStoredOne_IsChanged()
    {
        var stored = StoredAs(PreparedArticle.Of(Entry("First title", updated: T0)));

        Assert.Equal(ArticleFate.Changed, ArticleFates.Of(PreparedArticle.Of(Entry("Latest title", updated: T0.AddHours(1))), stored, refuseOlder: true));
    }
}
