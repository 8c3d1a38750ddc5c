using System.Numerics;

namespace Aggregator.Dedup;

/// <summary>
/// One permuted table of the index: slots chained by the value of one 16-bit block of a signature part.
/// Chains live in plain int arrays (head per bucket, next per slot) rather than lists per bucket:
/// 4 bytes per entry, no object per bucket, and a rebuild is array writes only.
/// <para>
/// The bucket count follows the capacity (one bucket per slot, up to one per block value) instead of
/// starting at 65,536: nine 256 KB head arrays made at once on an empty store were large objects, and
/// each spent gen2's budget, so every start-up paid a full collection for them. With fewer buckets
/// than block values a chain mixes values, which costs nothing in answers because the index checks
/// each candidate's distance (or title) anyway; keeping buckets at least the slot count keeps chains short.
/// </para>
/// </summary>
internal sealed class BlockTable(int shift)
{
    public const int Bits = 16;
    private const int MaxBuckets = 1 << Bits;

    private int[] _head = NewHeads(1);
    private int[] _next = [];
    private uint _mask;

    public long Bytes => (_head.Length + (long)_next.Length) * sizeof(int);

    public int Bucket(ulong value) => (int)((value >> shift) & _mask);

    /// <returns>
    /// true when the bucket count grew: the chains are then empty, and the caller must insert every
    /// live slot again.
    /// </returns>
    public bool Grow(int capacity)
    {
        if (capacity > _next.Length)
        {
            Array.Resize(ref _next, capacity);
        }
        int buckets = (int)Math.Min(MaxBuckets, BitOperations.RoundUpToPowerOf2((uint)capacity));
        if (buckets <= _head.Length)
        {
            return false;
        }
        _head = NewHeads(buckets);
        _mask = (uint)buckets - 1;
        return true;
    }

    public void Insert(int slot, ulong value)
    {
        int bucket = Bucket(value);
        _next[slot] = _head[bucket];
        _head[bucket] = slot;
    }

    public void Remove(int slot, ulong value)
    {
        int bucket = Bucket(value);
        int previous = -1;
        for (int s = _head[bucket]; s >= 0; previous = s, s = _next[s])
        {
            if (s == slot)
            {
                if (previous < 0)
                {
                    _head[bucket] = _next[s];
                }
                else
                {
                    _next[previous] = _next[s];
                }
                return;
            }
        }
    }

    public void Clear() => Array.Fill(_head, -1);

    /// <summary>The first slot of the chain for a value's bucket, or -1.</summary>
    public int First(ulong value) => _head[Bucket(value)];

    public int Next(int slot) => _next[slot];

    private static int[] NewHeads(int buckets)
    {
        int[] heads = new int[buckets];
        Array.Fill(heads, -1);
        return heads;
    }
}
