using System.Buffers;
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
        // The UTF-8 of "title words\nbody words", spelled into pooled buffers: the joined title, body and their
        // concatenation were three copies of the article's text per article (issue 23).
        int chars = folded.Title.Length + 1 + folded.Body.Length;
        char[] text = ArrayPool<char>.Shared.Rent(chars);
        byte[] utf8 = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(chars));
        try
        {
            int at = Spell(folded.TitleWords, text, 0);
            text[at++] = '\n';
            at = Spell(folded.BodyWords, text, at);
            int bytes = Encoding.UTF8.GetBytes(text.AsSpan(0, at), utf8);
            Span<byte> hash = stackalloc byte[32];
            SHA256.HashData(utf8.AsSpan(0, bytes), hash);
            return Convert.ToHexStringLower(hash[..8]);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(utf8);
            ArrayPool<char>.Shared.Return(text);
        }
    }

    /// <summary>
    /// Writes the words joined by single spaces at <paramref name="at"/>; returns where they end. Folded text is already
    /// spelled so (and never longer), but the fingerprint is defined on its words.
    /// </summary>
    private static int Spell(FoldedWords words, char[] into, int at)
    {
        int start = at;
        foreach (ReadOnlySpan<char> word in words)
        {
            if (at > start)
            {
                into[at++] = ' ';
            }
            word.CopyTo(into.AsSpan(at));
            at += word.Length;
        }
        return at;
    }
}
