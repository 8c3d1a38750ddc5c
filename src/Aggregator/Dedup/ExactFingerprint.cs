using System.Security.Cryptography;
using System.Text;

namespace Aggregator.Dedup;

/// <summary>
/// Identity of an article's words: copies that differ only in case, accents, quotes, markup, or
/// syndication furniture get the same fingerprint. 64 bits of SHA-256 (16 hex characters) keep a
/// column index small; accidental collisions need ~4 billion articles. A match is a candidate: confirm
/// it with <see cref="DuplicatePolicy.IsDuplicate(ArticleText, ArticleText)"/>, which refuses short
/// generic items ("Weekly roundup" with no text) that would otherwise all share one fingerprint.
/// </summary>
public static class ExactFingerprint
{
    /// <summary>Bump when folding or boilerplate rules change; stored fingerprints of another version must be recomputed.</summary>
    public const int Version = 1;

    public static string Of(string title, string? body) => Of(FoldedArticle.From(title, body));

    public static string Of(FoldedArticle folded)
    {
        string canonical = folded.Title + "\n" + folded.Body;
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(canonical), hash);
        return Convert.ToHexStringLower(hash[..8]);
    }
}
