namespace Aggregator.Dedup;

/// <summary>
/// One permuted table of the index: slots chained by the value of one 16-bit block of a signature part.
/// Chains live in plain int arrays (head per bucket, next per slot) rather than lists per bucket:
/// 4 bytes per entry, no object per bucket, and a rebuild is array writes only.
/// </summary>
internal sealed class BlockTable(int shift)
{
    public const int Bits = 16;
    private const int Buckets = 1 << Bits;

    private readonly int[] _head = NewHeads();
    private int[] _next = [];

    public long Bytes => (_head.Length + (long)_next.Length) * sizeof(int);

    public int Bucket(ulong value) => (int)((value >> shift) & (Buckets - 1));

    public void Grow(int capacity)
    {
        if (capacity > _next.Length)
        {
            Array.Resize(ref _next, capacity);
        }
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

    private static int[] NewHeads()
    {
        int[] heads = new int[Buckets];
        Array.Fill(heads, -1);
        return heads;
    }
}
