using Aggregator.Normalize;

namespace Aggregator.Dedup;

/// <summary>What identifies an article's text: the exact fingerprint and the near-duplicate signature.</summary>
internal readonly record struct TextIdentity(string Fingerprint, NearDuplicateSignature Signature)
{
    public static TextIdentity Of(FoldedArticle folded) => new(ExactFingerprint.Of(folded), NearDuplicateSignature.Compute(folded));

    /// <summary>The identity of an article whose full-text page arrived: duplicates are found on the text readers now see.</summary>
    public static TextIdentity Of(string title, string content) => Of(FoldedArticle.From(title, content));
}

/// <summary>
/// An article with what identifies it and its text, computed before a provider takes its write
/// lock, so polls finishing together overlap the CPU work instead of waiting behind each other.
/// </summary>
internal sealed record PreparedArticle(ArticleCandidate Candidate, string Hash, ArticleText Text, TextIdentity Identity)
{
    public static PreparedArticle Of(ArticleCandidate candidate)
    {
        var text = new ArticleText(candidate.Title, candidate.Content ?? candidate.Summary);
        // Folded once for both (folding, markup and boilerplate out, is most of their cost), and not kept: polls
        // waiting for the writer would hold every article's words.
        var folded = FoldedArticle.From(text);
        return new PreparedArticle(candidate, ContentHash(candidate), text, TextIdentity.Of(folded));
    }

    /// <summary>
    /// The search index's text, folded once in C# and bound by the store's insert (issue 23): the one the pipeline made
    /// while matching topics, else computed here (most of a re-poll's articles are unchanged and never need it). Not
    /// kept: the write batch holding this article until its commit need not hold its search text too.
    /// </summary>
    public string SearchText =>
        Candidate.FoldedSearch?.Take(Candidate) ?? Normalize.SearchText.Fold(Candidate.Title, Candidate.Summary, Candidate.Content);

    /// <summary>The stored id of the article: stable across polls, from its outlet and its first identity.</summary>
    public string Id => ArticleIds.For(Candidate.OutletId, Candidate.SourceId ?? Candidate.CanonicalUrl);

    /// <summary>What a replayed push is compared by: the entry's updated date, else its published date.</summary>
    public DateTimeOffset? Dated => Candidate.Updated ?? Candidate.Published;

    /// <summary>A digest of everything a reader sees, so an unchanged re-poll writes nothing.</summary>
    private static string ContentHash(ArticleCandidate c)
    {
        using var digest = new Utf8Digest();
        return digest
            .Append(c.Link.AbsoluteUri).Append('\u001f').Append(c.CanonicalUrl).Append('\u001f')
            .Append(c.Title).Append('\u001f').Append(c.Summary).Append('\u001f').Append(c.ContentFromPage ? null : c.Content).Append('\u001f')
            .Append(c.Author).Append('\u001f').Append(c.Published?.ToUnixTimeMilliseconds()).Append('\u001f')
            .Append(c.Updated?.ToUnixTimeMilliseconds()).Append('\u001f').Append(c.ImageUrl?.AbsoluteUri).Append('\u001f')
            .AppendJoin('\u001e', c.Categories).Append('\u001f')
            .AppendJoin('\u001e', c.Enclosures.Select(e => e.Url.AbsoluteUri)).Append('\u001f')
            .AppendJoin('\u001e', c.Topics)
            .Hex(16);
    }
}
