using Aggregator.Dedup;
using Aggregator.Normalize;

namespace Aggregator.Tests.Dedup;

/// <summary>
/// Dedup reads folded words in place instead of a string per word (issue 23): on the labelled pairs, on variants of them
/// that reach every branch of the policy (numbered series titles, titles with no word in common, teasers, empty bodies,
/// repeated phrases) and on generated word soups, the verdict (level, similarity and reason), the similarity score, the
/// fingerprint and the signature equal those of the split-words reference.
/// </summary>
public sealed class DuplicatePolicyInPlaceDifferentialTests
{
    [Fact]
    public void IsDuplicate_LabelledPairsAndTheirVariants_AgreeWithTheSplitWordsReference()
    {
        var random = new Random(23);
        int compared = 0;
        var levels = new HashSet<DuplicateLevel>();
        foreach (LabelledPair pair in LabelledPair.Load())
        {
            foreach ((ArticleText a, ArticleText b) in Variants(pair.A, pair.B, random))
            {
                levels.Add(AssertAgrees(a, b));
                AssertAgrees(b, a);
                compared += 2;
            }
        }
        Assert.True(compared > 2_000, $"only {compared} comparisons");
        Assert.Equal(3, levels.Count);
    }

    [Fact]
    public void IsDuplicate_GeneratedWordSoups_AgreeWithTheSplitWordsReference()
    {
        string[] vocabulary = ["week", "12", "13", "2026", "coup", "café", "über", "选举", "a", "i", "0", "007", "venezuela", "said", "the"];
        var random = new Random(5);
        for (int i = 0; i < 3_000; i++)
        {
            string title = Soup(vocabulary, random, random.Next(0, 9));
            string body = Soup(vocabulary, random, random.Next(0, 60));
            string otherTitle = random.Next(3) == 0 ? title : Soup(vocabulary, random, random.Next(0, 9));
            string otherBody = random.Next(3) == 0 ? body + " " + Soup(vocabulary, random, random.Next(0, 10)) : Soup(vocabulary, random, random.Next(0, 60));
            AssertAgrees(new ArticleText(title, body), new ArticleText(otherTitle, otherBody));
        }
    }

    private static DuplicateLevel AssertAgrees(ArticleText a, ArticleText b)
    {
        FoldedArticle foldedA = FoldedArticle.From(a);
        FoldedArticle foldedB = FoldedArticle.From(b);
        string[] titleA = SplitWordsReference.Words(TextNormalizer.FoldTitle(a.Title));
        string[] bodyA = SplitWordsReference.Words(BodyFolding.FoldBody(a.Body));
        string[] titleB = SplitWordsReference.Words(TextNormalizer.FoldTitle(b.Title));
        string[] bodyB = SplitWordsReference.Words(BodyFolding.FoldBody(b.Body));

        DuplicateVerdict expected = SplitWordsReference.IsDuplicate(DuplicatePolicy.Default, titleA, bodyA, titleB, bodyB);
        DuplicateVerdict actual = DuplicatePolicy.Default.IsDuplicate(foldedA, foldedB);
        Assert.Equal(expected, actual);
        Assert.Equal(SplitWordsReference.Similarity(bodyA, bodyB), Similarity.Compute(foldedA.BodyWords, foldedB.BodyWords));
        Assert.Equal((titleA.Length, bodyA.Length), (foldedA.TitleWordCount, foldedA.BodyWordCount));
        return actual.Level;
    }

    private static IEnumerable<(ArticleText A, ArticleText B)> Variants(ArticleText a, ArticleText b, Random random)
    {
        yield return (a, b);
        yield return (a, a);
        yield return (a, b with { Title = a.Title });
        // A series: the same text under titles numbered apart, or once numbered.
        yield return (a with { Title = a.Title + " week 12" }, a with { Title = a.Title + " week 13" });
        yield return (a with { Title = a.Title + " 12 and 7" }, b with { Title = b.Title + " 7 12" });
        yield return (a with { Title = "Issue 4" }, b with { Title = a.Title });
        // Titles that share no word, over a teaser of the other's text.
        string[] words = (a.Body ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        string teaser = string.Join(' ', words.Take(Math.Max(1, words.Length * random.Next(20, 90) / 100)));
        yield return (a with { Body = teaser }, a);
        yield return (a with { Title = "Zzz qqq", Body = teaser }, a);
        yield return (a with { Body = string.Join(' ', words.Skip(30).Take(40)) }, a);
        // Title-only items against the full one, and a body that repeats a phrase.
        yield return (a with { Body = null }, a);
        yield return (a with { Body = "" }, a with { Body = teaser[..Math.Min(teaser.Length, 40)] });
        yield return (a with { Body = teaser + " " + teaser }, a);
    }

    private static string Soup(string[] vocabulary, Random random, int count) =>
        string.Join(random.Next(4) == 0 ? ",  " : " ", Enumerable.Range(0, count).Select(_ => vocabulary[random.Next(vocabulary.Length)]));
}
