using Aggregator.Dedup;

namespace Aggregator.Tests.Dedup;

/// <summary>
/// Stored signatures must not move when their computation is made cheaper (issue 23): over a generated corpus (accents,
/// CJK, emoji, lone surrogates, empty titles and bodies, bodies past the stack buffer), each part equals its definition
/// spelled the plain way: SimHash of the 3-word shingles of title and body, of the body's first 16 words, and the hash
/// of the title joined by spaces.
/// </summary>
public sealed class NearDuplicateSignatureDifferentialTests
{
    private static readonly string[] Vocabulary =
    [
        "venezuela", "coup", "über", "café", "señor", "niño", "الانتخابات", "选举", "投票", "😀", "🇻🇪", "a", "i", "2026", "12",
        "naïve", "ﬁnance", "\uD800", "\uDC00", "x\uD83D", "\uDE00y", "ß", "İstanbul", "日本語", "—", "l'état", "",
    ];

    [Fact]
    public void Compute_GeneratedCorpus_EqualsTheDefinition()
    {
        var random = new Random(23);
        for (var i = 0; i < 3_000; i++)
        {
            var bodyWords = i % 10 == 0 ? random.Next(0, 3_000) : random.Next(0, 40);
            string[] title = Words(random, random.Next(0, 14));
            string[] body = Words(random, bodyWords);
            // Folded text holds no empty word: the empty one in the vocabulary makes a double space, which is skipped.
            Assert.Equal(Definition([.. title.Where(w => w.Length > 0)], [.. body.Where(w => w.Length > 0)]), NearDuplicateSignature.Compute(FoldedArticle.OfWords(title, body)));
        }
    }

    private static string[] Words(Random random, int count) =>
        [.. Enumerable.Range(0, count).Select(_ => Vocabulary[random.Next(Vocabulary.Length)])];

    private const ulong Basis = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    private static NearDuplicateSignature Definition(string[] titleWords, string[] bodyWords)
    {
        var text = SimHash.Of(ShingleSequence([.. titleWords, .. bodyWords]));
        var lead = bodyWords.Length >= NearDuplicateSignature.LeadWords
            ? SimHash.Of(ShingleSequence(bodyWords[..NearDuplicateSignature.LeadWords]))
            : 0;
        var title = titleWords.Length >= NearDuplicateSignature.MinTitleWords
            ? StableHash.Of(string.Join(' ', titleWords)) | 1
            : 0;
        return new NearDuplicateSignature(text, lead, title);
    }

    /// <summary>Each word FNV-1a over its chars and a space; a shingle folds up to three word hashes, then mixes.</summary>
    private static ulong[] ShingleSequence(string[] words)
    {
        if (words.Length == 0)
        {
            return [];
        }
        var hashes = words.Select(w => (w + " ").Aggregate(Basis, (h, c) => (h ^ c) * Prime)).ToArray();
        return
        [
            .. Enumerable.Range(0, Math.Max(words.Length - 2, 1))
                .Select(i => StableHash.Mix(hashes.Skip(i).Take(3).Aggregate(Basis, (h, w) => (h ^ w) * Prime))),
        ];
    }
}
