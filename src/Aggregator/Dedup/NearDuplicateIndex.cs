namespace Aggregator.Dedup;

/// <summary>
/// In-memory index of every stored article's <see cref="NearDuplicateSignature"/>, answering "which
/// stored articles might be a copy of this one?". Candidates are only candidates: confirm each with
/// <see cref="DuplicatePolicy"/> on the texts.
/// <para>
/// Lookup (Manku, Jain, Das Sarma 2007): a 64-bit value is cut into four 16-bit blocks; two values
/// within 3 bits of each other agree exactly on at least one block (pigeonhole), so one table per
/// block, chained by that block's value, finds them all. <see cref="NearDuplicateSignature.Text"/> and
/// <see cref="NearDuplicateSignature.Lead"/> have four tables each; the long-title hash has one, matched exactly.
/// </para>
/// <para>
/// Thread safety: any number of concurrent readers (<see cref="Candidates"/>, <see cref="Count"/>) and
/// writers; writers are serialized by a reader-writer lock and exclude readers only for the
/// microseconds an insert or removal takes.
/// </para>
/// </summary>
public sealed class NearDuplicateIndex : IDisposable
{
    /// <summary>Largest Hamming distance between two Text or two Lead parts that still makes a candidate.</summary>
    public const int MaxDistance = 3;

    private const int Blocks = 4;

    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly Dictionary<long, int> _slotOfKey = [];
    private readonly Stack<int> _freeSlots = new();
    private readonly BlockTable[] _textTables = NewTables();
    private readonly BlockTable[] _leadTables = NewTables();
    // Bit 0 of a title hash is always set (0 means "no title"), so the table keys on bits 16-31.
    private readonly BlockTable _titleTable = new(BlockTable.Bits);
    private long[] _keys = [];
    private NearDuplicateSignature[] _signatures = [];
    private int _slotsUsed;

    public int Count
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return _slotOfKey.Count;
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    /// <summary>Approximate managed memory held by the index, for logs and the scale test.</summary>
    public long EstimatedBytes
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                long tables = _textTables.Sum(t => t.Bytes) + _leadTables.Sum(t => t.Bytes) + _titleTable.Bytes;
                // Dictionary<long,int>: an int bucket plus a 24-byte entry (hash, next, key, value) per item.
                long dictionary = _slotOfKey.EnsureCapacity(0) * 28L;
                return tables + dictionary + _keys.Length * (long)sizeof(long) + _signatures.Length * (long)NearDuplicateSignature.Size;
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    /// <summary>Adds an article, or replaces its signature when its text changed.</summary>
    public void Add(long key, NearDuplicateSignature signature)
    {
        _lock.EnterWriteLock();
        try
        {
            if (!TryAddLocked(key, signature))
            {
                RemoveLocked(key);
                TryAddLocked(key, signature);
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <returns>false when the key was not indexed.</returns>
    public bool Remove(long key)
    {
        _lock.EnterWriteLock();
        try
        {
            return RemoveLocked(key);
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Replaces the whole content with stored signatures, e.g. at start-up; sized once when the count is known.</summary>
    public void Load(IEnumerable<KeyValuePair<long, NearDuplicateSignature>> entries)
    {
        _lock.EnterWriteLock();
        try
        {
            _slotOfKey.Clear();
            _freeSlots.Clear();
            _slotsUsed = 0;
            foreach (BlockTable table in AllTables())
            {
                table.Clear();
            }
            if (entries.TryGetNonEnumeratedCount(out int count))
            {
                EnsureCapacity(count);
                _slotOfKey.EnsureCapacity(count);
            }
            foreach ((long key, NearDuplicateSignature signature) in entries)
            {
                // Keys are normally unique here; a repeated key keeps its last signature, as Add would.
                if (!TryAddLocked(key, signature))
                {
                    RemoveLocked(key);
                    TryAddLocked(key, signature);
                }
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>
    /// Keys of indexed articles whose Text or Lead part is within <see cref="MaxDistance"/> bits of this
    /// signature's, or whose long title is the same; each key once, in no particular order.
    /// </summary>
    public IReadOnlyList<long> Candidates(NearDuplicateSignature signature)
    {
        var slots = new List<int>();
        _lock.EnterReadLock();
        try
        {
            if (signature.Text != 0)
            {
                Collect(_textTables, signature.Text, lead: false, slots);
            }
            if (signature.Lead != 0)
            {
                Collect(_leadTables, signature.Lead, lead: true, slots);
            }
            if (signature.Title != 0)
            {
                for (int s = _titleTable.First(signature.Title); s >= 0; s = _titleTable.Next(s))
                {
                    if (_signatures[s].Title == signature.Title)
                    {
                        slots.Add(s);
                    }
                }
            }
            if (slots.Count > 1)
            {
                slots.Sort();
            }
            var keys = new List<long>(slots.Count);
            for (int i = 0; i < slots.Count; i++)
            {
                if (i == 0 || slots[i] != slots[i - 1])
                {
                    keys.Add(_keys[slots[i]]);
                }
            }
            return keys;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public void Dispose() => _lock.Dispose();

    private void Collect(BlockTable[] tables, ulong value, bool lead, List<int> slots)
    {
        foreach (BlockTable table in tables)
        {
            for (int s = table.First(value); s >= 0; s = table.Next(s))
            {
                ulong stored = lead ? _signatures[s].Lead : _signatures[s].Text;
                if (SimHash.Distance(stored, value) <= MaxDistance)
                {
                    slots.Add(s);
                }
            }
        }
    }

    /// <returns>false, changing nothing, when the key is already indexed.</returns>
    private bool TryAddLocked(long key, NearDuplicateSignature signature)
    {
        int slot = _freeSlots.Count > 0 ? _freeSlots.Peek() : _slotsUsed;
        if (!_slotOfKey.TryAdd(key, slot))
        {
            return false;
        }
        if (_freeSlots.Count > 0)
        {
            _freeSlots.Pop();
        }
        else
        {
            if (_slotsUsed == _keys.Length)
            {
                EnsureCapacity(Math.Max(1024, _keys.Length * 2));
            }
            _slotsUsed++;
        }
        _keys[slot] = key;
        _signatures[slot] = signature;
        Chain(slot, signature);
        return true;
    }

    private void Chain(int slot, NearDuplicateSignature signature)
    {
        if (signature.Text != 0)
        {
            foreach (BlockTable table in _textTables)
            {
                table.Insert(slot, signature.Text);
            }
        }
        if (signature.Lead != 0)
        {
            foreach (BlockTable table in _leadTables)
            {
                table.Insert(slot, signature.Lead);
            }
        }
        if (signature.Title != 0)
        {
            _titleTable.Insert(slot, signature.Title);
        }
    }

    private bool RemoveLocked(long key)
    {
        if (!_slotOfKey.Remove(key, out int slot))
        {
            return false;
        }
        NearDuplicateSignature signature = _signatures[slot];
        if (signature.Text != 0)
        {
            foreach (BlockTable table in _textTables)
            {
                table.Remove(slot, signature.Text);
            }
        }
        if (signature.Lead != 0)
        {
            foreach (BlockTable table in _leadTables)
            {
                table.Remove(slot, signature.Lead);
            }
        }
        if (signature.Title != 0)
        {
            _titleTable.Remove(slot, signature.Title);
        }
        _signatures[slot] = default;
        _freeSlots.Push(slot);
        return true;
    }

    private void EnsureCapacity(int capacity)
    {
        if (capacity <= _keys.Length)
        {
            return;
        }
        Array.Resize(ref _keys, capacity);
        Array.Resize(ref _signatures, capacity);
        bool rehashed = false;
        foreach (BlockTable table in AllTables())
        {
            rehashed |= table.Grow(capacity);
        }
        if (rehashed)
        {
            // More buckets spread the chains differently: chain every live slot again (a free
            // slot's signature is all zeros and is chained nowhere). Doubling makes this amortized
            // constant per Add, and Load of a counted store sizes the tables before the first entry.
            for (int slot = 0; slot < _slotsUsed; slot++)
            {
                Chain(slot, _signatures[slot]);
            }
        }
    }

    private IEnumerable<BlockTable> AllTables() => [.. _textTables, .. _leadTables, _titleTable];

    private static BlockTable[] NewTables()
    {
        var tables = new BlockTable[Blocks];
        for (int block = 0; block < Blocks; block++)
        {
            tables[block] = new BlockTable(block * BlockTable.Bits);
        }
        return tables;
    }
}
