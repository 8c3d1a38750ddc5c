using Aggregator.Normalize;

namespace Aggregator.Dedup;

/// <summary>Exact shingle-set similarity, used to confirm index candidates.</summary>
public static class Similarity
{
    /// <summary>Compares two bodies (HTML or plain text); markup and boilerplate are removed first.</summary>
    public static SimilarityScore Compute(string? textA, string? textB) =>
        Compute(TextNormalizer.Words(BodyFolding.FoldBody(textA)), TextNormalizer.Words(BodyFolding.FoldBody(textB)));

    /// <summary>Compares two folded word sequences.</summary>
    public static SimilarityScore Compute(ReadOnlySpan<string> wordsA, ReadOnlySpan<string> wordsB)
    {
        ulong[] sequenceA = Shingles.Sequence(wordsA);
        ulong[] sequenceB = Shingles.Sequence(wordsB);
        var a = new HashSet<ulong>(sequenceA);
        var b = new HashSet<ulong>(sequenceB);
        if (a.Count == 0 || b.Count == 0)
        {
            return new SimilarityScore(0, 0, a.Count, b.Count, 0, -1);
        }
        bool aIsSmaller = a.Count <= b.Count;
        (HashSet<ulong> small, HashSet<ulong> large) = aIsSmaller ? (a, b) : (b, a);
        int shared = 0;
        foreach (ulong shingle in small)
        {
            if (large.Contains(shingle))
            {
                shared++;
            }
        }
        int union = a.Count + b.Count - shared;
        int offset = aIsSmaller ? StartOffset(sequenceA, sequenceB) : StartOffset(sequenceB, sequenceA);
        return new SimilarityScore((double)shared / union, (double)shared / small.Count, a.Count, b.Count, shared, offset);
    }

    /// <summary>
    /// The first position in the longer text holding one of the shorter text's first three shingles
    /// (three, so an edited first word does not hide the match), or -1.
    /// </summary>
    private static int StartOffset(ulong[] shorter, ulong[] longer)
    {
        ReadOnlySpan<ulong> opening = shorter.AsSpan(0, Math.Min(3, shorter.Length));
        for (int i = 0; i < longer.Length; i++)
        {
            if (opening.Contains(longer[i]))
            {
                return i;
            }
        }
        return -1;
    }
}
