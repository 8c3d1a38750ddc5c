namespace Aggregator.Dedup;

/// <summary>
/// Word n-grams ("shingles") hashed to 64 bits. Three words: long enough that two articles on the
/// same event rarely share one by chance beyond names and set phrases, short enough that one edited
/// word disturbs only three shingles.
/// </summary>
public static class Shingles
{
    public const int Size = 3;

    /// <summary>The distinct shingles of a word sequence; a text shorter than a shingle is one shingle.</summary>
    public static HashSet<ulong> Of(ReadOnlySpan<string> words) => [.. Sequence(words)];

    /// <summary>The shingles in text order, repeats included.</summary>
    public static ulong[] Sequence(ReadOnlySpan<string> words)
    {
        if (words.Length == 0)
        {
            return [];
        }
        // Each word is hashed once; a shingle hash folds its words' hashes in order (FNV-1a over
        // 64-bit units) and is then mixed, so "a b c" and "c b a" differ.
        Span<ulong> wordHashes = words.Length <= 1024 ? stackalloc ulong[words.Length] : new ulong[words.Length];
        HashWords(words, wordHashes);
        var sequence = new ulong[Math.Max(words.Length - Size + 1, 1)];
        Sequence(wordHashes, sequence);
        return sequence;
    }

    /// <summary>Each word's hash, the unit a shingle is folded from.</summary>
    internal static void HashWords(ReadOnlySpan<string> words, Span<ulong> destination)
    {
        for (int i = 0; i < words.Length; i++)
        {
            destination[i] = StableHash.Append(StableHash.Start, words[i]);
        }
    }

    /// <summary>
    /// The shingles in text order of words already hashed by <see cref="HashWords"/>, written to
    /// <paramref name="destination"/> (at least one slot, and as many as words); returns how many. Callers that
    /// hash one text's words for several sequences use this instead of <see cref="Sequence(ReadOnlySpan{string})"/>.
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
