namespace Aggregator.Dedup;

/// <summary>
/// A 64-bit hash that is the same in every process and on every machine, because signatures are
/// stored and compared across restarts (string.GetHashCode is randomized per process).
/// FNV-1a over UTF-16 code units, then MurmurHash3's fmix64 finalizer: FNV alone leaves the high
/// bits poorly mixed, and SimHash reads every bit. (System.IO.Hashing's XxHash3, now served here, would do
/// this too; but the hashes are stored, and a change invalidates every stored fingerprint and signature, so
/// the switch waits for the next signature version.)
/// </summary>
public static class StableHash
{
    private const ulong OffsetBasis = 14695981039346656037UL;
    internal const ulong Prime = 1099511628211UL;

    public static ulong Of(ReadOnlySpan<char> text)
    {
        ulong hash = OffsetBasis;
        foreach (char c in text)
        {
            hash ^= c;
            hash *= Prime;
        }
        return Mix(hash);
    }

    /// <summary>Continues an FNV-1a state with one more word and a separator, to hash shingles without building strings.</summary>
    /// <summary><see cref="Of"/> of the words joined by single spaces, without joining them.</summary>
    internal static ulong OfWords(FoldedWords words)
    {
        ulong hash = OffsetBasis;
        bool first = true;
        foreach (ReadOnlySpan<char> word in words)
        {
            if (!first)
            {
                hash ^= ' ';
                hash *= Prime;
            }
            first = false;
            foreach (char c in word)
            {
                hash ^= c;
                hash *= Prime;
            }
        }
        return Mix(hash);
    }

    internal static ulong Append(ulong state, ReadOnlySpan<char> word)
    {
        foreach (char c in word)
        {
            state ^= c;
            state *= Prime;
        }
        state ^= ' ';
        return state * Prime;
    }

    internal static ulong Start => OffsetBasis;

    /// <summary>MurmurHash3 fmix64: every input bit flips each output bit with probability ~1/2.</summary>
    internal static ulong Mix(ulong h)
    {
        h ^= h >> 33;
        h *= 0xff51afd7ed558ccdUL;
        h ^= h >> 33;
        h *= 0xc4ceb9fe1a85ec53UL;
        h ^= h >> 33;
        return h;
    }
}
