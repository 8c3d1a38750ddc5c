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
    public void PreparedArticle_DerivesItsIdOnce_AsArticleIdsFor()
    {
        var candidate = new Aggregator.Normalize.ArticleCandidate
        {
            OutletId = "pr",
            SourceId = "tag:pr.example,2026:42",
            CanonicalUrl = "https://pr.example/vote",
            Link = new Uri("https://pr.example/vote"),
            Title = "The vote",
            Summary = "A summary.",
        };
        var article = PreparedArticle.Of(candidate);
        Assert.Equal(ArticleIds.For("pr", "tag:pr.example,2026:42"), article.Id);
        // The same string each time it is read: the row's sizing and its write no longer hash the id twice.
        Assert.Same(article.Id, article.Id);
        Assert.Equal(ArticleIds.For("pr", "https://pr.example/vote"), PreparedArticle.Of(candidate with { SourceId = null }).Id);
    }

    [Fact]
    public void For_DifferentOutletOrIdentity_GivesDifferentIds()
    {
        Assert.NotEqual(ArticleIds.For("a", "u"), ArticleIds.For("b", "u"));
        Assert.NotEqual(ArticleIds.For("a", "u1"), ArticleIds.For("a", "u2"));
    }

    [Fact]
    public void For_IsTheBase32OfTheSha256OfOutletLineBreakIdentity()
    {
        // Pinned by value: every stored and published id is this derivation.
        Assert.Equal(Reference("popular-resistance", "https://popularresistance.org/a/"), ArticleIds.For("popular-resistance", "https://popularresistance.org/a/"));
        var random = new Random(2345);
        string[] pieces = ["a", "é", "’", "北", "\uD83D\uDE00", "\uD800", "\uDC00", "\n", "/", "?p=", "%20", "0"];
        for (var i = 0; i < 5_000; i++)
        {
            // Up to some 1,300 characters, so the long ones take the pooled buffer rather than the stack.
            var outlet = string.Concat(Enumerable.Range(0, random.Next(20)).Select(_ => pieces[random.Next(pieces.Length)]));
            var identity = string.Concat(Enumerable.Range(0, random.Next(i % 10 == 0 ? 600 : 60)).Select(_ => pieces[random.Next(pieces.Length)]));
            Assert.Equal(Reference(outlet, identity), ArticleIds.For(outlet, identity));
        }
    }

    /// <summary>The derivation as first written: base32 of the first 100 bits of SHA-256 over the joined string's UTF-8.</summary>
    private static string Reference(string outletId, string identity)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(outletId + "\n" + identity));
        var bits = new System.Text.StringBuilder();
        foreach (var b in hash)
        {
            bits.Append(Convert.ToString(b, 2).PadLeft(8, '0'));
        }

        return string.Concat(Enumerable.Range(0, 20).Select(i => "abcdefghijklmnopqrstuvwxyz234567"[Convert.ToInt32(bits.ToString(i * 5, 5), 2)]));
    }
}
