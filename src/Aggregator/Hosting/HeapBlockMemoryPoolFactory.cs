using System.Buffers;
using Microsoft.AspNetCore.Connections;

namespace Aggregator.Hosting;

/// <summary>
/// What Kestrel (since .NET 10) asks for its connections' memory pools: registered after Kestrel's own default, so its
/// socket transport takes <see cref="HeapBlockMemoryPool"/>s instead of pinned-heap ones.
/// </summary>
internal sealed class HeapBlockMemoryPoolFactory : IMemoryPoolFactory<byte>
{
    private readonly List<HeapBlockMemoryPool> _pools = [];

    /// <summary>Blocks the pools made so far have allocated: a burst served from retained blocks adds none.</summary>
    public long BlocksAllocated
    {
        get
        {
            lock (_pools)
            {
                return _pools.Sum(p => p.BlocksAllocated);
            }
        }
    }

    /// <summary>Of those, the large blocks a writer asked for by size (the feed body).</summary>
    public long LargeBlocksAllocated
    {
        get
        {
            lock (_pools)
            {
                return _pools.Sum(p => p.LargeBlocksAllocated);
            }
        }
    }

    public MemoryPool<byte> Create(MemoryPoolOptions? options = null)
    {
        var pool = new HeapBlockMemoryPool();
        lock (_pools)
        {
            _pools.Add(pool);
        }
        return pool;
    }
}
