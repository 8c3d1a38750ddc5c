using System.Collections.Concurrent;
using Aggregator.FullText;
using Aggregator.Store;

namespace Aggregator.Pipeline;

/// <summary>
/// Each full-text outlet's memory of the blocks its article pages repeat (<see cref="OutletFurniture"/>), kept in the
/// store (<see cref="IFurnitureRows"/>) as well as in the process: an outlet's memory is read back when its first page
/// after a start is extracted, so a restarted worker leaves furniture out from that page on. Bounded by the outlets that
/// want full text (the others are forgotten at reload and prune), each remembering at most
/// <see cref="OutletFurniture.PagesRemembered"/> pages.
/// </summary>
public sealed class FullTextFurniture(IFurnitureRows store)
{
    // A task per outlet: its memory is read once, however many of its pages are extracted at the same time.
    private readonly ConcurrentDictionary<string, Lazy<Task<OutletFurniture>>> outlets = new(StringComparer.Ordinal);

    /// <summary>The outlet's memory, read from the store the first time this process asks.</summary>
    public async Task<OutletFurniture> ForAsync(string outletId, CancellationToken ct)
    {
        var load = outlets.GetOrAdd(outletId, id => new Lazy<Task<OutletFurniture>>(() => LoadAsync(id, ct)));
        try
        {
            return await load.Value;
        }
        catch
        {
            // A read that failed (or was cancelled with its poll) is tried again by the outlet's next page.
            outlets.TryRemove(new KeyValuePair<string, Lazy<Task<OutletFurniture>>>(outletId, load));
            throw;
        }
    }

    private async Task<OutletFurniture> LoadAsync(string outletId, CancellationToken ct)
    {
        var memory = new OutletFurniture();
        foreach (var page in await store.GetFurnitureAsync(outletId, ct))
        {
            memory.Restore(page.PageKey, page.Sequence, page.Keys);
        }
        return memory;
    }

    /// <summary>What the memory recorded for the page at <paramref name="pageUrl"/> (null: nothing, e.g. the extraction failed first).</summary>
    public static FurniturePage? Recorded(OutletFurniture memory, Uri pageUrl) =>
        memory.Recorded(pageUrl.AbsoluteUri) is { } page ? new FurniturePage(pageUrl.AbsoluteUri, page.Sequence, page.Keys) : null;

    /// <summary>Stores the pages a poll or a backlog drain recorded, in one transaction, keeping the outlet's newest only.</summary>
    public Task SaveAsync(string outletId, IEnumerable<FurniturePage?> pages, CancellationToken ct) =>
        store.SaveFurnitureAsync(outletId, pages.OfType<FurniturePage>().ToList(), OutletFurniture.PagesRemembered, ct);

    /// <summary>Forgets, here and in the store, every outlet not named; returns the stored pages forgotten.</summary>
    public Task<int> KeepOnlyAsync(IReadOnlySet<string> fullTextOutlets, CancellationToken ct)
    {
        foreach (var outletId in outlets.Keys.Where(id => !fullTextOutlets.Contains(id)))
        {
            outlets.TryRemove(outletId, out _);
        }
        return store.DropFurnitureExceptAsync(fullTextOutlets, ct);
    }

    /// <summary>Outlets whose memory this process holds.</summary>
    internal int Outlets => outlets.Count;
}
