using System.Buffers;
using Aggregator.Normalize;

namespace Aggregator.Dedup;

/// <summary>Exact shingle-set similarity, used to confirm index candidates.</summary>
public static class Similarity
{
    /// <summary>Compares two bodies (HTML or plain text); markup and boilerplate are removed first.</summary>
    public static SimilarityScore Compute(string? textA, string? textB) =>
        Compute(new FoldedWords(BodyFolding.FoldBody(textA)), new FoldedWords(BodyFolding.FoldBody(textB)));

    /// <summary>Compares two folded word sequences.</summary>
    public static SimilarityScore Compute(FoldedWords wordsA, FoldedWords wordsB)
    {
        // The shingle sets are sorted runs of distinct hashes in one pooled buffer, not two arrays and two hash sets per
        // candidate: the store confirms every candidate the index proposes this way (issue 23).
        int countA = wordsA.Count();
        int countB = wordsB.Count();
        ulong[] buffer = ArrayPool<ulong>.Shared.Rent(2 * (countA + countB));
        try
        {
            Span<ulong> spaceA = buffer.AsSpan(0, 2 * countA);
            Span<ulong> spaceB = buffer.AsSpan(2 * countA, 2 * countB);
            int distinctA = ShingleSet(wordsA, spaceA, out Span<ulong> sequenceA);
            int distinctB = ShingleSet(wordsB, spaceB, out Span<ulong> sequenceB);
            if (distinctA == 0 || distinctB == 0)
            {
                return new SimilarityScore(0, 0, distinctA, distinctB, 0, -1);
            }
            int shared = SharedCount(spaceA[..distinctA], spaceB[..distinctB]);
            bool aIsSmaller = distinctA <= distinctB;
            int union = distinctA + distinctB - shared;
            int offset = aIsSmaller ? StartOffset(sequenceA, sequenceB) : StartOffset(sequenceB, sequenceA);
            return new SimilarityScore((double)shared / union, (double)shared / Math.Min(distinctA, distinctB), distinctA, distinctB, shared, offset);
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// The shingles of <paramref name="words"/> in text order (<paramref name="sequence"/>, the second half of
    /// <paramref name="space"/>, twice as many slots as words), and their distinct values sorted at the start of
    /// <paramref name="space"/>; returns how many distinct.
    /// </summary>
    private static int ShingleSet(FoldedWords words, Span<ulong> space, out Span<ulong> sequence)
    {
        int count = space.Length / 2;
        Span<ulong> wordHashes = space[..count];
        Shingles.HashWords(words, wordHashes);
        sequence = space.Slice(count, Shingles.Sequence(wordHashes, space[count..]));
        // The word hashes are spent: their room takes the sorted set.
        Span<ulong> set = space[..sequence.Length];
        sequence.CopyTo(set);
        set.Sort();
        int distinct = 0;
        for (int i = 0; i < set.Length; i++)
        {
            if (distinct == 0 || set[distinct - 1] != set[i])
            {
                set[distinct++] = set[i];
            }
        }
        return distinct;
    }

    /// <summary>How many values two sorted runs of distinct values have in common.</summary>
    private static int SharedCount(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        int shared = 0;
        int i = 0;
        int j = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j])
            {
                shared++;
                i++;
                j++;
            }
            else if (a[i] < b[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }
        return shared;
    }

    /// <summary>
    /// The first position in the longer text holding one of the shorter text's first three shingles
    /// (three, so an edited first word does not hide the match), or -1.
    /// </summary>
    private static int StartOffset(ReadOnlySpan<ulong> shorter, ReadOnlySpan<ulong> longer)
    {
        ReadOnlySpan<ulong> opening = shorter[..Math.Min(3, shorter.Length)];
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
