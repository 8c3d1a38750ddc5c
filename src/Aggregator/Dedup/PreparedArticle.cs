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
internal sealed class PreparedArticle
{
    private readonly ArticleText? _text;

    private PreparedArticle(ArticleCandidate candidate, string hash, TextIdentity identity, ArticleText? text, IPackedArticles? packed, int row)
    {
        (Candidate, Hash, Identity, _text, Packed, Row) = (candidate, hash, identity, text, packed, row);
    }

    /// <summary>
    /// The entry; for a packed article (<see cref="Packed"/>) only what the ingest's decisions read (outlet, source id,
    /// canonical URL, link, dates, topics): its texts and the rest of its row are in <see cref="Packed"/>.
    /// </summary>
    public ArticleCandidate Candidate { get; }

    /// <summary>The digest of everything a reader sees (<see cref="ContentHash"/>).</summary>
    public string Hash { get; }

    /// <summary>
    /// Whether <paramref name="stored"/>, a stored version's content hash, is of this article's content: a digest an
    /// earlier build stored is compared with this content's digest by that build's hash.
    /// </summary>
    public bool SameContent(string stored) => stored == Hash || (ContentHash.IsLegacy(stored) && stored == LegacyHash);

    /// <summary>
    /// This content's digest as builds before XxHash128 made it, for the stored versions they wrote; made only when one
    /// is met. A packed article's fields are read back from its row for it.
    /// </summary>
    public string LegacyHash => _legacyHash ??= ContentHash.Legacy(Packed?.CandidateOf(Row) ?? Candidate);

    private string? _legacyHash;

    public TextIdentity Identity { get; }

    /// <summary>The text dedup compares; a packed article's is read back from its row, only when there is something to compare it with.</summary>
    public ArticleText Text => _text ?? Packed!.TextOf(Row);

    /// <summary>Where the article's row values wait for the writer, or null when the candidate still holds them.</summary>
    public IPackedArticles? Packed { get; }

    /// <summary>The article's place in <see cref="Packed"/>.</summary>
    public int Row { get; }

    public static PreparedArticle Of(ArticleCandidate candidate)
    {
        var text = new ArticleText(candidate.Title, candidate.Content ?? candidate.Summary);
        // Folded once for both (folding, markup and boilerplate out, is most of their cost), and not kept: polls
        // waiting for the writer would hold every article's words.
        var folded = FoldedArticle.From(text);
        return new PreparedArticle(candidate, ContentHash.Of(candidate), TextIdentity.Of(folded), text, packed: null, row: 0);
    }

    /// <summary>
    /// An article whose row values wait in <paramref name="packed"/> at <paramref name="row"/>, made again from them when a
    /// writer takes its poll: <paramref name="candidate"/> holds only what the ingest decides by, and the texts stay in the
    /// row, so a poll waiting for the writer holds no per-article objects that young collections would copy into gen2,
    /// where they die after the commit (bench/alloc-profile.md, h41w and h43w).
    /// </summary>
    public static PreparedArticle Waiting(ArticleCandidate candidate, string hash, TextIdentity identity, IPackedArticles packed, int row) =>
        new(candidate, hash, identity, text: null, packed, row);

    /// <summary>
    /// The search index's text, folded once in C# and bound by the store's insert (issue 23): the one the pipeline made
    /// while matching topics, else computed here (most of a re-poll's articles are unchanged and never need it). Not
    /// kept: the write batch holding this article until its commit need not hold its search text too. A packed
    /// article's is in its row.
    /// </summary>
    public string SearchText => Packed is null
        ? Candidate.FoldedSearch?.Take(Candidate) ?? Normalize.SearchText.Fold(Candidate.Title, Candidate.Summary, Candidate.Content)
        : throw new InvalidOperationException("a packed article's search text is in its row");

    /// <summary>The stored id of the article: stable across polls, from its outlet and its first identity.</summary>
    /// <remarks>
    /// Derived once per article: the SQLite rows read it to size a poll's buffer and again to write the row, and each
    /// derivation is a SHA-256 call into OpenSSL whose fixed cost (~0.7 µs) is most of hashing an id (bench/cpu-profile.md, h45c).
    /// </remarks>
    public string Id => _id ??= ArticleIds.For(Candidate.OutletId, Candidate.SourceId ?? Candidate.CanonicalUrl);

    private string? _id;

    /// <summary>What a replayed push is compared by: the entry's updated date, else its published date.</summary>
    public DateTimeOffset? Dated => Candidate.Updated ?? Candidate.Published;
}
