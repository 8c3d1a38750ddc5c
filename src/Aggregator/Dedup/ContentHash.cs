using Aggregator.Normalize;

namespace Aggregator.Dedup;

/// <summary>
/// The digest of everything a reader sees of an article, so an unchanged re-poll writes nothing. It is compared only
/// with digests of itself (the stored version's, and the versions a push may replay), never published, so it need not
/// be cryptographic: XxHash128 costs a twentieth of the SHA-256 earlier builds stored (bench/cpu-profile.md, h52b, h54b).
/// </summary>
/// <remarks>
/// Stores written before hold SHA-256 digests: 32 upper-case hex characters (<see cref="IsLegacy"/>). Today's are
/// "x" and 32 lower-case hex characters, so the two can never be taken for each other. A stored legacy digest is
/// compared with the legacy digest of the entry (<see cref="Legacy"/>), made only then, and is replaced only when the
/// article really changes: an upgrade rewrites nothing.
/// </remarks>
internal static class ContentHash
{
    public static string Of(ArticleCandidate candidate)
    {
        using var digest = Gather(candidate);
        return digest.XxHash128Hex();
    }

    /// <summary>The digest builds before h54b stored: the first 16 bytes of the same bytes' SHA-256, in upper-case hex.</summary>
    public static string Legacy(ArticleCandidate candidate)
    {
        using var digest = Gather(candidate);
        return digest.Hex(16);
    }

    /// <summary>Whether a stored digest is one an earlier build made (<see cref="Legacy"/>).</summary>
    public static bool IsLegacy(string stored) => stored.Length == 32;

    private static Utf8Digest Gather(ArticleCandidate c) => new Utf8Digest()
        .Append(c.Link.AbsoluteUri).Append('\u001f').Append(c.CanonicalUrl).Append('\u001f')
        .Append(c.Title).Append('\u001f').Append(c.Summary).Append('\u001f').Append(c.ContentFromPage ? null : c.Content).Append('\u001f')
        .Append(c.Author).Append('\u001f').Append(c.Published?.ToUnixTimeMilliseconds()).Append('\u001f')
        .Append(c.Updated?.ToUnixTimeMilliseconds()).Append('\u001f').Append(c.ImageUrl?.AbsoluteUri).Append('\u001f')
        .AppendJoin('\u001e', c.Categories).Append('\u001f')
        .AppendJoin('\u001e', c.Enclosures.Select(e => e.Url.AbsoluteUri)).Append('\u001f')
        .AppendJoin('\u001e', c.Topics);
}
