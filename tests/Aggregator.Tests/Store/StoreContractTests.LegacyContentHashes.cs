using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Aggregator.Model;
using Aggregator.Normalize;
using Aggregator.Store;

namespace Aggregator.Tests.Store;

/// <summary>
/// Stores written by builds that hashed content by SHA-256, polled by this one (XxHash128): on every provider an
/// unchanged article stays as it is, and only a real change replaces its old digest.
/// </summary>
public abstract partial class StoreContractTests
{
    /// <summary>Runs SQL on the storage behind the store's back, as a migration test plants an earlier build's rows.</summary>
    protected abstract Task ExecuteSqlAsync(string sql);

    /// <summary>The first column of every row the query returns, as text.</summary>
    protected abstract Task<List<string>> ColumnAsync(string sql);

    [Fact]
    public async Task LegacyContentHashes_AnUnchangedArticle_IsNotRewritten_AndARealChangeReplacesTheOldDigest()
    {
        ArticleCandidate[] feed = [Everything(1), Everything(2), Everything(3)];
        await Save("pr", T0, feed);
        // The rows as an earlier build left them: each content hash the SHA-256 digest, no past versions.
        foreach (var article in feed)
        {
            await ExecuteSqlAsync($"UPDATE articles SET content_hash = '{OldBuildsDigest(article)}' WHERE canonical_url = '{article.CanonicalUrl}';");
        }
        await ExecuteSqlAsync("DELETE FROM article_past_hashes;");
        var planted = await ColumnAsync("SELECT content_hash FROM articles ORDER BY seq;");
        Assert.Equal(feed.Select(OldBuildsDigest), planted);

        var again = await Save("pr", T0.AddMinutes(30), feed);

        Assert.Equal((0, 0, 3), (again.New, again.Updated, again.Unchanged));
        Assert.Equal(planted, await ColumnAsync("SELECT content_hash FROM articles ORDER BY seq;"));
        Assert.Empty(await ColumnAsync("SELECT content_hash FROM article_past_hashes;"));

        // A real change takes today's digest; the old one is a past version, so a push replaying it is a replay.
        var edited = feed[0] with { Summary = "<p>An edited summary.</p>" };
        var changed = await Save("pr", T0.AddMinutes(60), edited, feed[1], feed[2]);
        var hashes = await ColumnAsync("SELECT content_hash FROM articles ORDER BY seq;");
        Assert.Equal((0, 1, 2), (changed.New, changed.Updated, changed.Unchanged));
        Assert.Matches("^x[0-9a-f]{32}$", hashes[0]);
        Assert.Equal(planted[1..], hashes[1..]);
        Assert.Equal([planted[0]], await ColumnAsync("SELECT content_hash FROM article_past_hashes;"));

        var replayed = await Store.SavePollAsync(new PollRecord
        {
            OutletId = "pr", AttemptedAt = T0.AddMinutes(90), Succeeded = true, Articles = [feed[0]], RefuseOlder = true,
        }, CancellationToken.None);
        Assert.Equal((0, 0, 1), (replayed.New, replayed.Updated, replayed.Stale));
        Assert.Equal(hashes, await ColumnAsync("SELECT content_hash FROM articles ORDER BY seq;"));
    }

    /// <summary>An entry with every field the content hash reads, the link apart from the canonical URL.</summary>
    private static ArticleCandidate Everything(int n) => Candidate("pr", $"https://popularresistance.org/story-{n}/", $"Story {n} — “quoted” 日本語") with
    {
        Link = new Uri($"https://popularresistance.org/story-{n}/?utm_source=feed"),
        Content = $"<p>Body of story {n}, with words of its own: {string.Join(' ', Enumerable.Range(0, 30).Select(i => $"s{n}w{i}"))}.</p>",
        Author = "Kevin Zeese",
        Updated = T0.AddMinutes(-n),
        ImageUrl = new Uri($"https://popularresistance.org/img/{n}.jpg"),
        Categories = ["Venezuela", "Coups"],
        Enclosures = [new Enclosure(new Uri($"https://popularresistance.org/audio/{n}.mp3"), "audio/mpeg", 1234)],
        Topics = ["all", "venezuela"],
    };

    /// <summary>The content hash as builds before XxHash128 made it, spelled out here rather than taken from the program.</summary>
    private static string OldBuildsDigest(ArticleCandidate c)
    {
        var text = new StringBuilder()
            .Append(c.Link.AbsoluteUri).Append('\u001f').Append(c.CanonicalUrl).Append('\u001f')
            .Append(c.Title).Append('\u001f').Append(c.Summary).Append('\u001f').Append(c.ContentFromPage ? null : c.Content).Append('\u001f')
            .Append(c.Author).Append('\u001f').Append(c.Published?.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)).Append('\u001f')
            .Append(c.Updated?.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)).Append('\u001f').Append(c.ImageUrl?.AbsoluteUri).Append('\u001f')
            .AppendJoin('\u001e', c.Categories).Append('\u001f')
            .AppendJoin('\u001e', c.Enclosures.Select(e => e.Url.AbsoluteUri)).Append('\u001f')
            .AppendJoin('\u001e', c.Topics);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())), 0, 16);
    }
}
