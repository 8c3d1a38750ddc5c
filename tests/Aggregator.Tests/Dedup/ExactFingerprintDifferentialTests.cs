using System.Security.Cryptography;
using System.Text;
using Aggregator.Dedup;

namespace Aggregator.Tests.Dedup;

/// <summary>
/// Stored fingerprints must not move when their computation is made cheaper: over a generated corpus (accents, CJK,
/// emoji, lone surrogates, empty titles and bodies), the fingerprint equals its definition, the first 8 bytes of the
/// SHA-256 of the UTF-8 of the folded title's words, a line feed, and the folded body's words, spelled the plain way.
/// </summary>
public sealed class ExactFingerprintDifferentialTests
{
    private static readonly string[] Vocabulary =
    [
        "venezuela", "coup", "über", "café", "señor", "niño", "الانتخابات", "选举", "投票", "😀", "🇻🇪", "a", "i", "2026", "12",
        "naïve", "ﬁnance", "\uD800", "\uDC00", "x\uD83D", "\uDE00y", "ß", "İstanbul", "日本語", "—", "l'état",
    ];

    [Fact]
    public void Of_GeneratedCorpus_EqualsTheDefinition()
    {
        var random = new Random(23);
        for (int i = 0; i < 2_000; i++)
        {
            string[] title = Words(random, random.Next(0, 12));
            string[] body = Words(random, random.Next(0, i % 10 == 0 ? 3_000 : 300));
            Assert.Equal(Definition(title, body), ExactFingerprint.Of(FoldedArticle.OfWords(title, body)));
        }
    }

    [Fact]
    public void Of_EmptyArticle_EqualsTheDefinition()
    {
        var empty = FoldedArticle.OfWords([], []);
        Assert.Equal(Definition([], []), ExactFingerprint.Of(empty));
        Assert.Matches("^[0-9a-f]{16}$", ExactFingerprint.Of(empty));
    }

    private static string[] Words(Random random, int count) =>
        [.. Enumerable.Range(0, count).Select(_ => Vocabulary[random.Next(Vocabulary.Length)])];

    private static string Definition(string[] titleWords, string[] bodyWords) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join(' ', titleWords) + "\n" + string.Join(' ', bodyWords)))[..8]);
}
