using System.Globalization;
using Aggregator.Dedup;

namespace Aggregator.Tests.Dedup;

/// <summary>
/// Dedup's comparison as it was before words were read in place (issue 23): the folded title and body split into a
/// string per word, shingle sets as hash sets, title rules over sets of strings. The reference the in-place code must
/// agree with, verdict for verdict and reason for reason.
/// </summary>
internal static class SplitWordsReference
{
    private const ulong Basis = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    public static string[] Words(string folded) => folded.Length == 0 ? [] : folded.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Each word FNV-1a over its chars and a space; a shingle folds up to three word hashes, then mixes.</summary>
    public static ulong[] ShingleSequence(string[] words)
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

    public static SimilarityScore Similarity(string[] wordsA, string[] wordsB)
    {
        ulong[] sequenceA = ShingleSequence(wordsA);
        ulong[] sequenceB = ShingleSequence(wordsB);
        var a = new HashSet<ulong>(sequenceA);
        var b = new HashSet<ulong>(sequenceB);
        if (a.Count == 0 || b.Count == 0)
        {
            return new SimilarityScore(0, 0, a.Count, b.Count, 0, -1);
        }
        bool aIsSmaller = a.Count <= b.Count;
        (HashSet<ulong> small, HashSet<ulong> large) = aIsSmaller ? (a, b) : (b, a);
        int shared = small.Count(large.Contains);
        int offset = aIsSmaller ? StartOffset(sequenceA, sequenceB) : StartOffset(sequenceB, sequenceA);
        return new SimilarityScore((double)shared / (a.Count + b.Count - shared), (double)shared / small.Count, a.Count, b.Count, shared, offset);
    }

    private static int StartOffset(ulong[] shorter, ulong[] longer)
    {
        ulong[] opening = shorter[..Math.Min(3, shorter.Length)];
        return Array.FindIndex(longer, opening.Contains);
    }

    public static DuplicateVerdict IsDuplicate(DuplicatePolicy p, string[] titleA, string[] bodyA, string[] titleB, string[] bodyB)
    {
        bool sameTitle = titleA.SequenceEqual(titleB);
        bool sameBody = bodyA.SequenceEqual(bodyB);
        int titleWords = titleA.Length;
        if (sameTitle && sameBody)
        {
            int words = titleWords + bodyA.Length;
            return words >= p.MinExactWords && (bodyA.Length > 0 || titleWords >= p.MinTitleWords)
                ? new DuplicateVerdict(DuplicateLevel.ExactText, 1, Invariant($"identical title and text after folding ({words} words)"))
                : Distinct(0, Invariant($"identical but too short to tell apart ({words} words)"));
        }
        SimilarityScore score = Similarity(bodyA, bodyB);
        if (score.Smaller >= p.MinShingles)
        {
            if (NumbersConflict(titleA, titleB))
            {
                return Distinct(Math.Max(score.Jaccard, score.Containment),
                    Invariant($"titles carry different numbers (Jaccard {score.Jaccard:0.00}, containment {score.Containment:0.00})"));
            }
            if (score.Jaccard >= p.NearJaccard)
            {
                return new DuplicateVerdict(DuplicateLevel.NearText, score.Jaccard,
                    Invariant($"text shingle Jaccard {score.Jaccard:0.00} >= {p.NearJaccard:0.00} ({score.Shared} of {score.ShinglesA}/{score.ShinglesB} shared)"));
            }
            if (score.Containment >= p.Containment && score.Smaller >= p.MinContainedShingles)
            {
                string? conflict = score.StartOffset is < 0 || score.StartOffset > p.MaxStartOffset
                    ? Invariant($"it does not start where the longer starts (offset {score.StartOffset})")
                    : TitleConflict(titleA, titleB);
                return conflict is null
                    ? new DuplicateVerdict(DuplicateLevel.NearText, score.Containment,
                        Invariant($"teaser: {score.Containment:0.00} of the shorter text's {score.Smaller} shingles in the longer (>= {p.Containment:0.00}), from word {score.StartOffset}"))
                    : Distinct(score.Containment, Invariant($"shorter text contained ({score.Containment:0.00}) but {conflict}"));
            }
            return Distinct(Math.Max(score.Jaccard, score.Containment),
                Invariant($"different texts: Jaccard {score.Jaccard:0.00}, containment {score.Containment:0.00}"));
        }
        if (sameTitle && titleWords >= p.MinTitleWords)
        {
            bool noContradiction = score.Smaller == 0 || score.Containment >= p.Containment;
            return noContradiction
                ? new DuplicateVerdict(DuplicateLevel.NearText, 1,
                    Invariant($"identical {titleWords}-word title; the shorter body ({score.Smaller} shingles) does not contradict"))
                : Distinct(score.Containment, Invariant($"identical title but the short body differs (containment {score.Containment:0.00})"));
        }
        return Distinct(score.Containment, sameTitle
            ? Invariant($"too little text to compare and the title is short ({titleWords} words)")
            : Invariant($"too little text to compare ({score.Smaller} shingles) and the titles differ"));
    }

    private static string? TitleConflict(string[] a, string[] b)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            return null;
        }
        var wordsA = a.ToHashSet(StringComparer.Ordinal);
        return b.Any(wordsA.Contains) ? null : "the titles have no word in common";
    }

    private static bool NumbersConflict(string[] a, string[] b)
    {
        var numbersA = a.Where(IsNumber).ToHashSet(StringComparer.Ordinal);
        var numbersB = b.Where(IsNumber).ToHashSet(StringComparer.Ordinal);
        return numbersA.Count > 0 && numbersB.Count > 0 && !numbersA.SetEquals(numbersB);
    }

    private static bool IsNumber(string word) => word.All(char.IsAsciiDigit);

    private static DuplicateVerdict Distinct(double similarity, string reason) => new(DuplicateLevel.None, similarity, reason);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
