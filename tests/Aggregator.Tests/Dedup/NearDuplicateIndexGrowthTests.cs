using Aggregator.Dedup;

namespace Aggregator.Tests.Dedup;

/// <summary>
/// The index's tables start small and gain buckets as slots double; every such grow chains all slots
/// again. These cross each size up to and past the largest bucket count and check the answers against
/// a plain scan just before and just after each grow, with removed keys (free slots) in between.
/// </summary>
public sealed class NearDuplicateIndexGrowthTests
{
    // Slot capacity doubles from 1,024; buckets stop growing at 65,536, so 70,000 crosses every grow.
    private const int Entries = 70_000;

    [Fact]
    public void Candidates_AcrossEveryGrow_MatchAPlainScanBeforeAndAfter()
    {
        var random = new Random(4623);
        var stored = new Dictionary<long, NearDuplicateSignature>();
        var order = new List<long>();
        using var index = new NearDuplicateIndex();
        // A model of the index's slots, to know which add grows it: a removal frees a slot, a new key
        // takes a free slot if any, else the next one, and the arrays grow when none is left.
        int slotsUsed = 0;
        int freeSlots = 0;
        int capacity = 0;
        int checkedGrows = 0;
        for (long key = 1; key <= Entries; key++)
        {
            bool grows = freeSlots == 0 && slotsUsed == capacity;
            if (grows && slotsUsed > 0)
            {
                AssertMatchesScan(index, stored, order, random);
            }
            long bytesBefore = index.EstimatedBytes;
            NearDuplicateSignature signature = Signature(random, order, stored);
            index.Add(key, signature);
            stored[key] = signature;
            order.Add(key);
            if (freeSlots > 0)
            {
                freeSlots--;
            }
            else
            {
                capacity = grows ? Math.Max(1024, capacity * 2) : capacity;
                slotsUsed++;
            }
            // The key dictionary grows on its own schedule, so only this direction holds.
            Assert.True(!grows || index.EstimatedBytes > bytesBefore, $"add of key {key} was expected to grow the arrays");
            if (grows && slotsUsed > 1)
            {
                AssertMatchesScan(index, stored, order, random);
                checkedGrows++;
                // Free some slots so the next grow re-chains around them, and give one key a new signature.
                for (int i = 0; i < 16; i++)
                {
                    long removed = order[random.Next(order.Count)];
                    if (stored.Remove(removed))
                    {
                        Assert.True(index.Remove(removed));
                        freeSlots++;
                    }
                }
                long replaced = order[random.Next(order.Count)];
                if (stored.ContainsKey(replaced))
                {
                    // Add of an indexed key removes it and takes the slot it just freed: no slot count change.
                    NearDuplicateSignature replacement = Signature(random, order, stored);
                    index.Add(replaced, replacement);
                    stored[replaced] = replacement;
                }
            }
        }
        AssertMatchesScan(index, stored, order, random);
        Assert.Equal(stored.Count, index.Count);
        // 1,024 → 2,048 → … → 65,536 → 131,072: seven grows after the first are crossed.
        Assert.Equal(7, checkedGrows);
    }

    [Fact]
    public void Load_OfACountedStore_AnswersAsAddingOneByOne()
    {
        var random = new Random(4624);
        var stored = new Dictionary<long, NearDuplicateSignature>();
        var order = new List<long>();
        for (long key = 1; key <= 5_000; key++)
        {
            stored[key] = Signature(random, order, stored);
            order.Add(key);
        }
        using var loaded = new NearDuplicateIndex();
        loaded.Load(stored.ToList());
        using var added = new NearDuplicateIndex();
        foreach ((long key, NearDuplicateSignature signature) in stored)
        {
            added.Add(key, signature);
        }
        for (int i = 0; i < 200; i++)
        {
            NearDuplicateSignature probe = Probe(random, order, stored);
            Assert.Equal(added.Candidates(probe).Order(), loaded.Candidates(probe).Order());
        }
        AssertMatchesScan(loaded, stored, order, random);
    }

    [Fact]
    public void EmptyOrSmallIndex_HoldsNoLargeObject()
    {
        // Arrays of 85,000 bytes or more go to the large object heap, whose allocations count against
        // gen2's budget: an empty store's index must not start with any.
        using var index = new NearDuplicateIndex();
        long empty = index.EstimatedBytes;
        index.Add(1, new NearDuplicateSignature(0x0123_4567_89AB_CDEF, 0xFEDC_BA98_7654_3210, 0x1_0001));
        long one = index.EstimatedBytes;
        Assert.True(empty < 85_000, $"empty index holds {empty} bytes");
        // Nine tables of 1,024 heads and next links, keys and signatures: each array well under the threshold.
        Assert.True(one < 9 * 85_000, $"one-entry index holds {one} bytes");
        Assert.Equal([1L], index.Candidates(new NearDuplicateSignature(0x0123_4567_89AB_CDEF ^ 0b111, 0, 0)));
    }

    /// <summary>Mostly random, some near a stored one (so chains and candidates are not all singletons), some with a shared title.</summary>
    private static NearDuplicateSignature Signature(Random random, List<long> order, Dictionary<long, NearDuplicateSignature> stored)
    {
        int kind = random.Next(8);
        if (kind == 0 && stored.Count > 0 && stored.TryGetValue(order[random.Next(order.Count)], out NearDuplicateSignature near))
        {
            return new NearDuplicateSignature(Flip(random, near.Text, random.Next(0, 6)), Flip(random, near.Lead, random.Next(0, 6)), near.Title);
        }
        ulong title = kind == 1 ? (ulong)random.Next(64) << 1 | 1 : kind < 4 ? (ulong)random.NextInt64() | 1 : 0;
        ulong lead = kind == 2 ? 0 : (ulong)random.NextInt64();
        return new NearDuplicateSignature((ulong)random.NextInt64(), lead, title);
    }

    private static NearDuplicateSignature Probe(Random random, List<long> order, Dictionary<long, NearDuplicateSignature> stored)
    {
        if (random.Next(4) == 0 || !stored.TryGetValue(order[random.Next(order.Count)], out NearDuplicateSignature near))
        {
            return new NearDuplicateSignature((ulong)random.NextInt64(), (ulong)random.NextInt64(), (ulong)random.Next(64) << 1 | 1);
        }
        return new NearDuplicateSignature(Flip(random, near.Text, random.Next(0, 5)), Flip(random, near.Lead, random.Next(0, 5)), random.Next(2) == 0 ? near.Title : 0);
    }

    private static ulong Flip(Random random, ulong value, int bits)
    {
        if (value == 0)
        {
            return 0;
        }
        for (int i = 0; i < bits; i++)
        {
            value ^= 1UL << random.Next(64);
        }
        return value;
    }

    private static void AssertMatchesScan(NearDuplicateIndex index, Dictionary<long, NearDuplicateSignature> stored, List<long> order, Random random)
    {
        int nonEmpty = 0;
        for (int i = 0; i < 40; i++)
        {
            NearDuplicateSignature probe = Probe(random, order, stored);
            long[] expected = [.. stored
                .Where(e => Matches(e.Value, probe))
                .Select(e => e.Key)
                .Order()];
            Assert.Equal(expected, index.Candidates(probe).Order());
            nonEmpty += expected.Length > 0 ? 1 : 0;
        }
        Assert.True(nonEmpty > 0, "no probe found anything: the check would pass on an empty index");
    }

    private static bool Matches(NearDuplicateSignature stored, NearDuplicateSignature probe) =>
        (probe.Text != 0 && stored.Text != 0 && SimHash.Distance(stored.Text, probe.Text) <= NearDuplicateIndex.MaxDistance)
        || (probe.Lead != 0 && stored.Lead != 0 && SimHash.Distance(stored.Lead, probe.Lead) <= NearDuplicateIndex.MaxDistance)
        || (probe.Title != 0 && stored.Title == probe.Title);
}
