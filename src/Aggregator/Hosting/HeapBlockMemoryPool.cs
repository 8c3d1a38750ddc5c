using System.Buffers;
using System.Collections.Concurrent;

namespace Aggregator.Hosting;

/// <summary>
/// Kestrel's connection buffers (4 KB blocks, as its own pool's) on the ordinary heap instead of the pinned object
/// heap. Kestrel's default pool allocates every new block there, and the pinned heap is collected only by full
/// collections: when a burst of readers grows it past its budget, the runtime runs a blocking gen 2 of the whole heap.
/// A feed response sits in these blocks until the socket takes it, so 64 readers of a 57 KB feed need about 4 MB at
/// once; during a round, with the store's articles on the heap, that collection stopped every request for
/// 96-330 ms, and every `--serve-ingest-only --gc-trace` window began with one (issue 23, bench/README.md).
/// </summary>
/// <remarks>
/// Sockets on Linux need no pinned buffers: a send or receive pins its memory only for the system call (Windows
/// pins it for the operation's length), so an ordinary array that the GC may move between calls is fine.
/// Returned blocks are kept for the next requests up to <see cref="MaxRetainedBlocks"/>, without the idle eviction of
/// Kestrel's own pool: what a burst needed is what the next burst needs, and the bound keeps it small.
/// </remarks>
internal sealed class HeapBlockMemoryPool : MemoryPool<byte>
{
    public const int BlockSize = 4096;

    /// <summary>8 MB: enough for about 130 readers each with a 60 KB feed in flight; blocks past it go to the GC.</summary>
    public const int MaxRetainedBlocks = 2048;

    private readonly ConcurrentQueue<Block> _free = new();
    private int _retained;
    private long _allocated;

    public override int MaxBufferSize => BlockSize;

    /// <summary>Blocks allocated since the pool was made (not taken from those retained).</summary>
    public long BlocksAllocated => Interlocked.Read(ref _allocated);

    /// <summary>Blocks returned and waiting for the next rent.</summary>
    public int BlocksRetained => Volatile.Read(ref _retained);

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, BlockSize);
        if (_free.TryDequeue(out var block))
        {
            Interlocked.Decrement(ref _retained);
            return block;
        }
        Interlocked.Increment(ref _allocated);
        return new Block(this);
    }

    private void Return(Block block)
    {
        if (Interlocked.Increment(ref _retained) <= MaxRetainedBlocks)
        {
            _free.Enqueue(block);
            return;
        }
        Interlocked.Decrement(ref _retained);
    }

    protected override void Dispose(bool disposing) => _free.Clear();

    private sealed class Block(HeapBlockMemoryPool pool) : IMemoryOwner<byte>
    {
        // Uninitialized: Kestrel writes a block before it reads it, as with its own pool's blocks.
        public Memory<byte> Memory { get; } = GC.AllocateUninitializedArray<byte>(BlockSize);

        public void Dispose() => pool.Return(this);
    }
}
