using Aggregator.Dedup;
using Aggregator.Fetch;
using Aggregator.FullText;
using Aggregator.Model;
using Aggregator.Normalize;
using Aggregator.Observability;
using Aggregator.Parse;
using Aggregator.Store;
using Microsoft.Extensions.Logging;

namespace Aggregator.Pipeline;

/// <summary>
/// For outlets with `fullText: true`: fetches new articles' pages, newest first, politely (robots.txt,
/// the host's limits, the SSRF guard for hosts other than the outlet's), keeps their main content,
/// sanitized, as the article's content. A page not fetched with its poll (over the per-poll budget, or
/// failed) leaves the entry as the feed gave it, summary and content, and waits in the outlet's backlog.
/// </summary>
public sealed partial class FullTextEnricher(Fetcher fetcher, IAggregatorStore store, TimeProvider time, AggregatorMetrics metrics, ILogger<FullTextEnricher> logger)
{
    /// <summary>Article pages fetched per poll at most (new and backlog together), so one busy outlet cannot monopolise a host or a poll.</summary>
    public const int MaxPagesPerPoll = 30;

    private readonly FullTextFurniture furniture = new(store);

    /// <summary>Full-text outlets' furniture memory, for tests that look at what it holds.</summary>
    internal FullTextFurniture Furniture => furniture;

    public async Task<FullTextBatch> EnrichAsync(Outlet outlet, IReadOnlyList<ArticleCandidate> candidates, CancellationToken ct)
    {
        if (!outlet.FullText || candidates.Count == 0)
        {
            return new FullTextBatch(candidates, [], 0);
        }
        var unknown = await store.UnknownAsync(outlet.Id, candidates, ct);
        // Newest first, so a reader sees today's news first; undated entries keep their feed order after the dated.
        var chosen = candidates.Where(unknown.Contains).OrderByDescending(c => c.Published ?? DateTimeOffset.MinValue)
            .Take(MaxPagesPerPoll).ToHashSet(ReferenceEqualityComparer.Instance);
        var now = time.GetUtcNow();
        var results = await Task.WhenAll(candidates.Select(async Task<(ArticleCandidate Article, QueuedPage? Queued, FurniturePage? Furniture)> (c) =>
        {
            if (!unknown.Contains(c))
            {
                // Stored already: whatever content it has (its page's, or its feed's while it waits) is kept.
                return (c with { Content = null, ContentFromPage = true }, null, null);
            }
            var id = ArticleIds.For(c.OutletId, c.SourceId ?? c.CanonicalUrl);
            if (!chosen.Contains(c))
            {
                return (c with { ContentFromPage = true }, new QueuedPage(id, new BacklogState { NextAttempt = now }), null);
            }
            var page = await FetchPageAsync(outlet, c.Link, ct);
            if (page.Content is { } content)
            {
                return (c with { Content = content, ContentFromPage = true }, null, page.Furniture);
            }
            var retry = PageRetry.After(0, page, now);
            RecordFailure(outlet.Id, 0, retry);
            return (c with { ContentFromPage = true }, new QueuedPage(id, retry), page.Furniture);
        }));
        // Before the poll's own transaction: should that fail, the pages are fetched again and replace their rows.
        await furniture.SaveAsync(outlet.Id, results.Select(r => r.Furniture), ct);
        return new FullTextBatch(results.Select(r => r.Article).ToList(), results.Where(r => r.Queued is not null).Select(r => r.Queued!).ToList(), chosen.Count);
    }

    /// <summary>One try at an article's page: its main content, sanitized, or the one-line reason there is none.</summary>
    public async Task<PageResult> FetchPageAsync(Outlet outlet, Uri link, CancellationToken ct)
    {
        var page = await fetcher.FetchAsync(new FetchRequest(link, Headers: outlet.Headers, UserAgent: outlet.UserAgent,
            TrustedOrigin: outlet.Url, RespectRobots: true, RateGroup: outlet.RateGroup), ct);
        if (!page.IsOk)
        {
            var error = page.Error ?? "fetch: not fetched";
            LogSkipped(outlet.Id, link, error);
            return new PageResult
            {
                Error = error,
                Reason = page.DisallowedByRobots ? "robots" : page.StatusCode is { } status ? $"http_{status}" : "unreachable",
                RetryAfter = page.RetryAfter,
                Final = page.DisallowedByRobots,
            };
        }
        var memory = await furniture.ForAsync(outlet.Id, ct);
        var html = BodyDecoder.Decode(page.Body!, page.ContentType).Text;
        // Decoded: the fetch's frames are older than the page's bytes (Fetch.HeldBody).
        page.ReleaseBody();
        var extracted = ArticleExtractor.Extract(html, page.FinalUrl, memory);
        var recorded = FullTextFurniture.Recorded(memory, page.FinalUrl);
        if (extracted.RepeatedBlocksRemoved > 0)
        {
            metrics.RecordRepeatedBlocks(outlet.Id, extracted.RepeatedBlocksRemoved);
            LogRepeated(outlet.Id, link, extracted.RepeatedBlocksRemoved);
        }
        if (extracted.Cut is { } cut)
        {
            metrics.RecordPageCut(AggregatorMetrics.ArticleSize);
            LogCut(outlet.Id, link, cut);
        }
        var content = extracted.Error is null && !string.IsNullOrWhiteSpace(extracted.ContentHtml)
            ? HtmlSanitizer.Sanitize(extracted.ContentHtml, page.FinalUrl)
            : null;
        if (string.IsNullOrWhiteSpace(content))
        {
            var error = "full text: " + (extracted.Error ?? "no main content found on the page");
            LogSkipped(outlet.Id, link, error);
            return new PageResult { Error = error, Reason = "no_content", Furniture = recorded };
        }
        metrics.RecordFullTextPage(outlet.Id, AggregatorMetrics.PageFetched);
        // Only the content: author and dates stay the feed's, so later polls compare like with like.
        return PageResult.Of(content) with { Furniture = recorded };
    }

    /// <summary>
    /// Forgets the furniture memory of every outlet that no longer wants full text (removed at a reload, or fullText
    /// off), in the process and in the store; returns the stored pages forgotten.
    /// </summary>
    public async Task<int> ForgetFurnitureExceptAsync(IReadOnlySet<string> fullTextOutlets, CancellationToken ct)
    {
        var forgotten = await furniture.KeepOnlyAsync(fullTextOutlets, ct);
        if (forgotten > 0)
        {
            LogForgotten(forgotten);
        }
        return forgotten;
    }

    /// <summary>Counts, and logs when it is final, a page that did not arrive: tried again later, or given up on with its reason.</summary>
    internal void RecordFailure(string outletId, int attemptsBefore, BacklogState state)
    {
        if (state.GivenUp)
        {
            metrics.RecordFullTextPage(outletId, AggregatorMetrics.PageGivenUp, state.GivenUpReason);
            LogGivenUp(outletId, state.Attempts, state.GivenUpReason ?? "-", state.LastError ?? "-");
        }
        else
        {
            metrics.RecordFullTextPage(outletId, state.Attempts > attemptsBefore ? AggregatorMetrics.PageRetried : AggregatorMetrics.PageDeferred);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Full text for {OutletId}: a page given up on after {Attempts} tries ({Reason}): {Error}; the article keeps its feed's text")]
    private partial void LogGivenUp(string outletId, int attempts, string reason, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Full text of {Link} for {OutletId} read only in part: {Cut}")]
    private partial void LogCut(string outletId, Uri link, string cut);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Full text of {Link} for {OutletId}: {Blocks} blocks left out that the outlet's other pages repeat")]
    private partial void LogRepeated(string outletId, Uri link, int blocks);

    [LoggerMessage(Level = LogLevel.Information, Message = "Full text: forgot {Pages} remembered pages of outlets that no longer want full text")]
    private partial void LogForgotten(int pages);

    [LoggerMessage(Level = LogLevel.Information, Message = "Full text of {Link} for {OutletId} not taken: {Reason}")]
    private partial void LogSkipped(string outletId, Uri link, string reason);
}
