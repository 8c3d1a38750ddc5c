using Aggregator.Model;
using Aggregator.Observability;
using Aggregator.Store;
using Microsoft.Extensions.Logging;

namespace Aggregator.Pipeline;

/// <summary>
/// Takes the waiting full-text pages of outlets that no longer want them out of the backlog: at start, after each valid
/// reload and with each prune. Nothing fetches them any more, so counting them as pending would be a lie; each drop is
/// logged and counted with its reason. Turning fullText back on queues the articles still without their page again.
/// </summary>
public sealed partial class BacklogCleanup(
    IAggregatorStore store, IOutletCatalog catalog, AggregatorMetrics metrics, ILogger<BacklogCleanup> logger, FullTextEnricher? pages = null)
{
    public const string OutletRemoved = "outlet_removed";
    public const string FullTextOff = "fulltext_off";

    /// <summary>Drops what the current configuration no longer fetches; returns the pages dropped.</summary>
    public async Task<int> CleanAsync(CancellationToken ct)
    {
        var outlets = catalog.Outlets;
        var fullText = outlets.Where(o => o.FullText).Select(o => o.Id).ToHashSet(StringComparer.Ordinal);
        var configured = outlets.Select(o => o.Id).ToHashSet(StringComparer.Ordinal);
        var dropped = await store.DropBacklogExceptAsync(fullText, ct);
        foreach (var drop in dropped)
        {
            var reason = configured.Contains(drop.OutletId) ? FullTextOff : OutletRemoved;
            LogDropped(drop.Pages, drop.OutletId, reason);
            metrics.RecordBacklogDropped(drop.OutletId, reason, drop.Pages);
        }
        // The gauge forgets outlets whose pages nobody fetches, even those with nothing left to drop.
        metrics.KeepBacklogsOf(fullText);
        // So does the furniture memory: an outlet's remembered pages serve only its next pages.
        if (pages is not null)
        {
            await pages.ForgetFurnitureExceptAsync(fullText, ct);
        }
        return dropped.Sum(d => d.Pages);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Full text: dropped {Pages} waiting pages of {OutletId} from the backlog ({Reason}); their articles keep their feed's text")]
    private partial void LogDropped(int pages, string outletId, string reason);
}
