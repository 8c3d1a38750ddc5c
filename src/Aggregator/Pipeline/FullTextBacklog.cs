using Aggregator.Model;
using Aggregator.Observability;
using Aggregator.Store;
using Aggregator.Topics;
using Microsoft.Extensions.Logging;

namespace Aggregator.Pipeline;

/// <summary>
/// Drains a fullText outlet's backlog after each of its polls: the newest due pages, within what is left of
/// the poll's page budget, through the same polite fetcher. A page that arrives becomes the article's content
/// (feeds see it through the usual change signal); one that does not is tried again later or given up on.
/// </summary>
public sealed partial class FullTextBacklog(
    FullTextEnricher pages, IAggregatorStore store, TimeProvider time, AggregatorMetrics metrics, ILogger<FullTextBacklog> logger)
{
    /// <summary>Fetches up to <paramref name="budget"/> due pages of the outlet; returns the articles whose content changed.</summary>
    /// <param name="matcher">The topics of the poll's configuration: a page's text can decide a topic the teaser did not.</param>
    public async Task<int> DrainAsync(Outlet outlet, int budget, TopicMatcher matcher, CancellationToken ct)
    {
        if (!outlet.FullText)
        {
            return 0;
        }
        try
        {
            var changed = 0;
            if (budget > 0)
            {
                var now = time.GetUtcNow();
                var due = await store.TakeDuePagesAsync(outlet.Id, now, budget, ct);
                var outcomes = await Task.WhenAll(due.Select(async page =>
                {
                    var result = await pages.FetchPageAsync(outlet, page.Article.Link, ct);
                    if (result.Content is { } content)
                    {
                        // The page's text can decide a topic the feed's teaser did not.
                        return (Outcome: PageOutcome.Fetched(page, content, matcher.Match(page.Article with { Content = content })), result.Furniture);
                    }
                    var retry = PageRetry.After(page.Attempts, result, now);
                    pages.RecordFailure(outlet.Id, page.Attempts, retry);
                    return (Outcome: PageOutcome.Failed(page, retry), result.Furniture);
                }));
                await pages.Furniture.SaveAsync(outlet.Id, outcomes.Select(o => o.Furniture), ct);
                changed = await store.SavePagesAsync(outcomes.Select(o => o.Outcome).ToList(), time.GetUtcNow(), ct);
                if (due.Count > 0)
                {
                    LogDrained(outlet.Id, due.Count, changed);
                }
            }
            var count = (await store.GetBacklogAsync(ct)).FirstOrDefault(c => c.OutletId == outlet.Id);
            metrics.RecordBacklog(outlet.Id, count?.Waiting ?? 0, count?.GivenUp ?? 0);
            return changed;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // The poll itself is stored; its backlog waits, untouched, for the next one.
            LogDrainFailed(outlet.Id, e.Message.ReplaceLineEndings(" "));
            return 0;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Full-text backlog of {OutletId}: {Tried} pages tried, {Stored} stored")]
    private partial void LogDrained(string outletId, int tried, int stored);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Full-text backlog of {OutletId} not drained: {Error}")]
    private partial void LogDrainFailed(string outletId, string error);
}
