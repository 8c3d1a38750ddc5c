using System.Collections.Concurrent;
using Aggregator.FullText;

namespace Aggregator.Pipeline;

/// <summary>
/// Each full-text outlet's memory of the blocks its article pages repeat (<see cref="OutletFurniture"/>), kept for the
/// life of the process: it is rebuilt from the pages fetched after a restart, so an outlet's first
/// <see cref="OutletFurniture.MinOtherPages"/> pages after one keep their furniture, as its first pages ever did.
/// Bounded by the configured outlets, each remembering at most <see cref="OutletFurniture.PagesRemembered"/> pages.
/// </summary>
public sealed class FullTextFurniture
{
    private readonly ConcurrentDictionary<string, OutletFurniture> outlets = new(StringComparer.Ordinal);

    public OutletFurniture For(string outletId) => outlets.GetOrAdd(outletId, _ => new OutletFurniture());
}
