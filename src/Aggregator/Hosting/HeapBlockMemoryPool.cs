using System.Buffers;
using System.Collections.Concurrent;
using Aggregator.Publish.Http;

namespace Aggregator.Hosting;

/// <summary>
/// Kestrel's connection buffers on the ordinary heap instead of the pinned object heap: 4 KB blocks, as its own pool's,
/// for everything Kestrel asks for by default (reads, headers), and <see cref="LargeBlockSize"/> blocks for a writer
/// that asks for more (the feed body, <see cref="LargeBlockBody"/>). Kestrel's default pool allocates every new block
/// on the pinned heap, which only full collections free: when a burst of readers grew it past its budget, the runtime
/// ran a blocking gen 2 of the whole heap, and every `--serve-ingest-only --gc-trace` window began with one (issue 23,
/// bench/README.md).
/// </summary>
/// <remarks>
/// Sockets on Linux need no pinned buffers: a send or receive pins its memory only for the system call (Windows
/// pins it for the operation's length), so an ordinary array that the GC may move between calls is fine.
/// Two sizes because each block a response crosses the pipe in costs a rent, a segment, the pipe's lock and a pin,
/// while a large block for every read would hold 8 times the memory per idle connection: Kestrel's pipes ask for
/// 4 KB (at most) unless a writer names a larger size, so the size asked says which block is wanted.
/// Returned blocks are kept for the next requests up to a bound per size, without the idle eviction of Kestrel's own
/// pool: what a burst needed is what the next burst needs, and the bound keeps it small.
/// </remarks>
internal sealed class HeapBlockMemoryPool : MemoryPool<byte>
{
    public const int BlockSize = 4096;

    public const int LargeBlockSize = LargeBlockBody.ChunkSize;

    /// <summary>8 MB of small blocks: enough for about 130 readers each with a 60 KB response in 4 KB blocks.</summary>
    public const int MaxRetainedBlocks = 2048;

    /// <summary>8 MB of large blocks: enough for about 85 readers each with a 67 KB feed in flight.</summary>
    public const int MaxRetainedLargeBlocks = 256;

    private readonly Retained _small = new(BlockSize, MaxRetainedBlocks);
    private readonly Retained _large = new(LargeBlockSize, MaxRetainedLargeBlocks);

    public override int MaxBufferSize => LargeBlockSize;

    /// <summary>Blocks of either size allocated since the pool was made (not taken from those retained).</summary>
    public long BlocksAllocated => _small.Allocated + _large.Allocated;

    /// <summary>Of those, the large ones.</summary>
    public long LargeBlocksAllocated => _large.Allocated;

    /// <summary>Small blocks returned and waiting for the next rent.</summary>
    public int BlocksRetained => _small.Count;

    /// <summary>Large blocks returned and waiting for the next rent.</summary>
    public int LargeBlocksRetained => _large.Count;

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, LargeBlockSize);
        return (minBufferSize <= BlockSize ? _small : _large).Rent();
    }

    protected override void Dispose(bool disposing)
    {
        _small.Clear();
        _large.Clear();
    }

    /// <summary>The free blocks of one size.</summary>
    private sealed class Retained(int blockSize, int bound)
    {
        private readonly ConcurrentQueue<Block> _free = new();
        private int _count;
        private long _allocated;

        public int Count => Volatile.Read(ref _count);

        public long Allocated => Interlocked.Read(ref _allocated);

        public Block Rent()
        {
            if (_free.TryDequeue(out var block))
            {
                Interlocked.Decrement(ref _count);
                return block;
            }
            Interlocked.Increment(ref _allocated);
            return new Block(this, blockSize);
        }

        public void Return(Block block)
        {
            if (Interlocked.Increment(ref _count) <= bound)
            {
                _free.Enqueue(block);
                return;
            }
            Interlocked.Decrement(ref _count);
        }

        public void Clear() => _free.Clear();
    }

    private sealed class Block(Retained owner, int size) : IMemoryOwner<byte>
    {
        // Uninitialized: Kestrel writes a block before it reads it, as with its own pool's blocks.
        public Memory<byte> Memory { get; } = GC.AllocateUninitializedArray<byte>(size);

        public void Dispose() => owner.Return(this);
    }
}
