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
        // The votes are counted eight bits at a time, in the bytes of a word: a hash byte is looked up as eight 0/1
        // bytes (BitBytes) and added to that byte position's word, so one hash costs 8 additions in registers, not a
        // counter in memory incremented per bit (64) or per nibble (16): 4x less CPU per article (issue 23,
        // bench/cpu-profile.md). A byte counts to 255, so the words are emptied into the per-bit totals every 255 hashes.
        Span<int> ones = stackalloc int[64];
        ReadOnlySpan<ulong> bitBytes = BitBytes;
        int done = 0;
        while (done < shingleHashes.Length)
        {
            // One word per byte position of the hash, each byte of it counting one bit's votes.
            ulong b0 = 0, b1 = 0, b2 = 0, b3 = 0, b4 = 0, b5 = 0, b6 = 0, b7 = 0;
            int batch = Math.Min(byte.MaxValue, shingleHashes.Length - done);
            foreach (ulong hash in shingleHashes.Slice(done, batch))
            {
                b0 += bitBytes[(byte)hash];
                b1 += bitBytes[(byte)(hash >> 8)];
                b2 += bitBytes[(byte)(hash >> 16)];
                b3 += bitBytes[(byte)(hash >> 24)];
                b4 += bitBytes[(byte)(hash >> 32)];
                b5 += bitBytes[(byte)(hash >> 40)];
                b6 += bitBytes[(byte)(hash >> 48)];
                b7 += bitBytes[(byte)(hash >> 56)];
            }
            done += batch;
            AddVotes(b0, ones[..8]);
            AddVotes(b1, ones[8..16]);
            AddVotes(b2, ones[16..24]);
            AddVotes(b3, ones[24..32]);
            AddVotes(b4, ones[32..40]);
            AddVotes(b5, ones[40..48]);
            AddVotes(b6, ones[48..56]);
            AddVotes(b7, ones[56..]);
        }
        ulong result = 0;
        for (int bit = 0; bit < 64; bit++)
        {
            // Strict majority, so a perfect tie leaves the bit 0.
            if (ones[bit] * 2L > shingleHashes.Length)
            {
                result |= 1UL << bit;
            }
        }
        return result;
    }

    public static int Distance(ulong a, ulong b) => System.Numerics.BitOperations.PopCount(a ^ b);

    /// <summary>Adds the eight byte counts of one position to its bits' totals.</summary>
    private static void AddVotes(ulong counts, Span<int> ones)
    {
        for (int bit = 0; bit < 8; bit++)
        {
            ones[bit] += (int)((counts >> (bit << 3)) & 0xFF);
        }
    }

    /// <summary>For each byte value, a word whose byte i is bit i of the value (0 or 1).</summary>
    private static readonly ulong[] BitBytes = BuildBitBytes();

    private static ulong[] BuildBitBytes()
    {
        var table = new ulong[256];
        for (int value = 0; value < 256; value++)
        {
            for (int bit = 0; bit < 8; bit++)
            {
                table[value] |= (ulong)((value >> bit) & 1) << (bit << 3);
            }
        }
        return table;
    }
}
