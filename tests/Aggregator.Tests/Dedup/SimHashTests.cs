using Aggregator.Dedup;

namespace Aggregator.Tests.Dedup;

/// <summary>
/// SimHash is stored (in every near-duplicate signature), so a cheaper count must give the same bits as the
/// definition: bit i is set when more than half of the hashes have bit i set.
/// </summary>
public sealed class SimHashTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(254)]
    [InlineData(255)]
    [InlineData(256)]
    [InlineData(510)]
    [InlineData(511)]
    [InlineData(4_000)]
    public void Of_RandomHashes_EqualsThePerBitMajority(int count)
    {
        var random = new Random(count);
        for (var round = 0; round < 50; round++)
        {
            var hashes = new ulong[count];
            // Skewed bits too, so that majorities are close and every byte count reaches the flush boundary.
            var bias = random.Next(3);
            for (var i = 0; i < count; i++)
            {
                var hash = (ulong)random.NextInt64() ^ ((ulong)random.Next(2) << 63);
                hashes[i] = bias switch { 0 => hash, 1 => hash | (ulong)random.NextInt64(), _ => hash & (ulong)random.NextInt64() };
            }
            Assert.Equal(Definition(hashes), SimHash.Of(hashes));
        }
    }

    [Fact]
    public void Of_AllOnesForLongRuns_KeepsEveryBit()
    {
        // 255 votes a byte can hold, then more: a count that wrapped would lose the majority.
        Assert.Equal(ulong.MaxValue, SimHash.Of(Enumerable.Repeat(ulong.MaxValue, 1_000).ToArray()));
        Assert.Equal(0x8000_0000_0000_0001UL, SimHash.Of(Enumerable.Repeat(0x8000_0000_0000_0001UL, 765).ToArray()));
    }

    [Fact]
    public void Of_ATie_LeavesTheBitZero()
    {
        Assert.Equal(0UL, SimHash.Of([ulong.MaxValue, 0UL]));
        Assert.Equal(0UL, SimHash.Of([]));
        Assert.Equal(0xF0UL, SimHash.Of([0xF0UL, 0xFFUL, 0xF0UL, 0x0FUL, 0xF0UL, 0x00UL]));
    }

    private static ulong Definition(ulong[] hashes)
    {
        ulong result = 0;
        for (var bit = 0; bit < 64; bit++)
        {
            var ones = hashes.Count(h => ((h >> bit) & 1) == 1);
            if (ones * 2 > hashes.Length)
            {
                result |= 1UL << bit;
            }
        }
        return result;
    }
}
