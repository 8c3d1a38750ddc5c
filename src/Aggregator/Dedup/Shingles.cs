namespace Aggregator.Dedup;

/// <summary>
/// Word n-grams ("shingles") hashed to 64 bits. Three words: long enough that two articles on the
/// same event rarely share one by chance beyond names and set phrases, short enough that one edited
/// word disturbs only three shingles.
/// </summary>
public static class Shingles
{
    public const int Size = 3;

    /// <summary>
    /// Each word's hash, the unit a shingle is folded from, into <paramref name="destination"/> (as many slots as
    /// words); returns how many. A shingle hash folds its words' hashes in order (FNV-1a over 64-bit units) and is then
    /// mixed, so "a b c" and "c b a" differ.
    /// </summary>
    internal static int HashWords(FoldedWords words, Span<ulong> destination)
    {
        int count = 0;
        foreach (ReadOnlySpan<char> word in words)
        {
            destination[count++] = StableHash.Append(StableHash.Start, word);
        }
        return count;
    }

    /// <summary>
    /// The shingles in text order of words already hashed by <see cref="HashWords"/>, written to
    /// <paramref name="destination"/> (at least one slot, and as many as words); returns how many. Callers that
    /// hash one text's words once and read its shingles from buffers they do not keep.
    /// </summary>
    internal static int Sequence(ReadOnlySpan<ulong> wordHashes, Span<ulong> destination)
    {
        if (wordHashes.IsEmpty)
        {
            return 0;
        }
        int count = Math.Max(wordHashes.Length - Size + 1, 1);
        for (int i = 0; i < count; i++)
        {
            ulong state = StableHash.Start;
            for (int j = i; j < Math.Min(i + Size, wordHashes.Length); j++)
            {
                state = (state ^ wordHashes[j]) * StableHash.Prime;
            }
            destination[i] = StableHash.Mix(state);
        }
        return count;
    }
}
