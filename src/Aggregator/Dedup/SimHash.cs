namespace Aggregator.Dedup;

/// <summary>
/// Charikar's SimHash: each bit is the majority vote of that bit over the shingle hashes, so texts
/// sharing most shingles get signatures a few bits apart.
/// </summary>
public static class SimHash
{
    public static ulong Of(ReadOnlySpan<ulong> shingleHashes)
    {
        if (shingleHashes.IsEmpty)
        {
            return 0;
        }
        // Votes are counted per 4-bit nibble value (16 nibbles x 16 values) instead of per bit:
        // 16 increments per hash instead of 64, and the per-bit counts are derived once at the end.
        Span<int> nibbleCounts = stackalloc int[16 * 16];
        foreach (ulong hash in shingleHashes)
        {
            for (int nibble = 0; nibble < 16; nibble++)
            {
                nibbleCounts[(nibble << 4) | (int)((hash >> (nibble << 2)) & 0xF)]++;
            }
        }
        ulong result = 0;
        for (int nibble = 0; nibble < 16; nibble++)
        {
            Span<int> counts = nibbleCounts.Slice(nibble << 4, 16);
            for (int bit = 0; bit < 4; bit++)
            {
                int ones = 0;
                for (int value = 0; value < 16; value++)
                {
                    ones += ((value >> bit) & 1) * counts[value];
                }
                // Strict majority, so a perfect tie leaves the bit 0.
                if (ones * 2 > shingleHashes.Length)
                {
                    result |= 1UL << ((nibble << 2) | bit);
                }
            }
        }
        return result;
    }

    public static int Distance(ulong a, ulong b) => System.Numerics.BitOperations.PopCount(a ^ b);
}
