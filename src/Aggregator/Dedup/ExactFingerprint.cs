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
        int chars = Length(folded.TitleWords) + 1 + Length(folded.BodyWords);
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

    /// <summary>The length of the words joined by single spaces.</summary>
    private static int Length(string[] words)
    {
        int length = Math.Max(words.Length - 1, 0);
        foreach (string word in words)
        {
            length += word.Length;
        }
        return length;
    }

    /// <summary>Writes the words joined by single spaces at <paramref name="at"/>; returns where they end.</summary>
    private static int Spell(string[] words, char[] into, int at)
    {
        for (int i = 0; i < words.Length; i++)
        {
            if (i > 0)
            {
                into[at++] = ' ';
            }
            words[i].CopyTo(into.AsSpan(at));
            at += words[i].Length;
        }
        return at;
    }
}
