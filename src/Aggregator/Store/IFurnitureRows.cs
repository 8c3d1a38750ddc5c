namespace Aggregator.Store;

/// <summary>
/// Full-text outlets' furniture memory, kept in the store so it outlives the process: each outlet's newest remembered
/// pages, bounded as the memory is.
/// </summary>
public interface IFurnitureRows
{
    /// <summary>The outlet's remembered pages, oldest first.</summary>
    Task<IReadOnlyList<FurniturePage>> GetFurnitureAsync(string outletId, CancellationToken ct);

    /// <summary>
    /// Records pages of the outlet (a page recorded again replaces its row) in one transaction, then forgets all but the
    /// outlet's newest <paramref name="keep"/>.
    /// </summary>
    Task SaveFurnitureAsync(string outletId, IReadOnlyList<FurniturePage> pages, int keep, CancellationToken ct);

    /// <summary>Forgets the pages of every outlet not named (removed from feeds.json, or fullText off); returns the rows deleted.</summary>
    Task<int> DropFurnitureExceptAsync(IReadOnlyCollection<string> fullTextOutlets, CancellationToken ct);
}
