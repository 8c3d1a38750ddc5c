using Aggregator.Dedup;
using Aggregator.Normalize;

namespace Aggregator.Tests.Dedup;

/// <summary>CONTRACT §5's identity inside an outlet, looked up in memory: the same guid, or else the same canonical URL.</summary>
public sealed class KnownArticlesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    private static ArticleCandidate Entry(string url, string? sourceId = null) => new()
    {
        OutletId = "pr",
        SourceId = sourceId,
        CanonicalUrl = url,
        Link = new Uri(url),
        Title = "Title",
    };

    private static StoredIdentity Row(long seq, string url, string? sourceId = null, string hash = "h") => new(seq, sourceId, url, hash, T0);

    [Fact]
    public void SameGuid_WinsOverTheUrl()
    {
        var known = new KnownArticles();
        known.Add(Row(1, "https://p.org/a"));
        known.Add(Row(2, "https://p.org/b", "post-2"));

        Assert.Equal(2, known.Find(Entry("https://p.org/a", "post-2"))!.Seq);
    }

    [Fact]
    public void SharedUrl_IsTheEarliestArticles()
    {
        var known = new KnownArticles();
        known.Add(Row(3, "https://p.org/a", "post-3"));
        known.Add(Row(5, "https://p.org/a", "post-5"));

        Assert.Equal(3, known.Find(Entry("https://p.org/a"))!.Seq);
    }

    [Fact]
    public void UnknownGuid_FallsBackToTheUrl_AndNeitherIsUnknown()
    {
        var known = new KnownArticles();
        known.Add(Row(1, "https://p.org/a", "post-1"));
        var sameUrl = Entry("https://p.org/a", "post-9");
        var fresh = Entry("https://p.org/b", "post-2");

        Assert.Equal(1, known.Find(sameUrl)!.Seq);
        Assert.Equal([fresh], known.Unknown([sameUrl, fresh]));
    }

    [Fact]
    public void Stored_NewArticle_IsFoundByGuidAndUrl_ButTakesNoEarlierArticlesUrl()
    {
        var known = new KnownArticles();
        known.Add(Row(1, "https://p.org/a"));

        known.Stored(null, Row(9, "https://p.org/a", "post-9"));

        Assert.Equal(9, known.Find(Entry("https://p.org/x", "post-9"))!.Seq);
        Assert.Equal(1, known.Find(Entry("https://p.org/a"))!.Seq);
    }

    [Fact]
    public void Stored_UpdatedArticle_ReplacesTheVersionReadAndItsOldUrl()
    {
        var known = new KnownArticles();
        var before = Row(1, "https://p.org/a", "post-1", hash: "old");
        known.Add(before);

        known.Stored(before, before with { CanonicalUrl = "https://p.org/moved", Hash = "new" });

        Assert.Equal("new", known.Find(Entry("https://p.org/zzz", "post-1"))!.Hash);
        Assert.Equal("new", known.Find(Entry("https://p.org/moved"))!.Hash);
        Assert.Null(known.Find(Entry("https://p.org/a")));
    }
}
