using Aggregator.Fetch;
using Aggregator.FullText;
using Aggregator.Model;
using Aggregator.Normalize;
using Aggregator.Parse;
using Aggregator.Store;
using Microsoft.Extensions.Logging;

namespace Aggregator.Pipeline;

/// <summary>
/// For outlets with `fullText: true`: fetches each new article's page once, politely (robots.txt,
/// the host's limits, the SSRF guard for hosts other than the outlet's), keeps its main content,
/// sanitized, as the article's content. A page that cannot be read leaves the entry as the feed gave it.
/// </summary>
public sealed partial class FullTextEnricher(Fetcher fetcher, IAggregatorStore store, ILogger<FullTextEnricher> logger)
{
    /// <summary>Article pages fetched per poll at most, so one busy outlet cannot monopolise a host or a poll.</summary>
    public const int MaxPagesPerPoll = 30;

    public async Task<IReadOnlyList<ArticleCandidate>> EnrichAsync(Outlet outlet, IReadOnlyList<ArticleCandidate> candidates, CancellationToken ct)
    {
        if (!outlet.FullText || candidates.Count == 0)
        {
            return candidates;
        }
        // The feed's own content gives way to the page's for every entry of the outlet, fetched or not.
        var managed = candidates.Select(c => c with { Content = null, ContentFromPage = true }).ToList();
        var unknown = await store.UnknownAsync(outlet.Id, managed, ct);
        var chosen = managed.Where(unknown.Contains).Take(MaxPagesPerPoll).ToHashSet(ReferenceEqualityComparer.Instance);
        return await Task.WhenAll(managed.Select(c => chosen.Contains(c) ? WithPageAsync(outlet, c, ct) : Task.FromResult(c)));
    }

    private async Task<ArticleCandidate> WithPageAsync(Outlet outlet, ArticleCandidate candidate, CancellationToken ct)
    {
        var page = await fetcher.FetchAsync(new FetchRequest(candidate.Link, Headers: outlet.Headers, UserAgent: outlet.UserAgent,
            TrustedOrigin: outlet.Url, RespectRobots: true, RateGroup: outlet.RateGroup), ct);
        if (!page.IsOk)
        {
            LogSkipped(outlet.Id, candidate.Link, page.Error ?? "not fetched");
            return candidate;
        }
        var extracted = ArticleExtractor.Extract(BodyDecoder.Decode(page.Body!, page.ContentType).Text, page.FinalUrl);
        if (extracted.Error is not null || string.IsNullOrWhiteSpace(extracted.ContentHtml))
        {
            LogSkipped(outlet.Id, candidate.Link, extracted.Error ?? "no main content");
            return candidate;
        }
        // Only the content: author and dates stay the feed's, so later polls compare like with like.
        return candidate with { Content = HtmlSanitizer.Sanitize(extracted.ContentHtml, page.FinalUrl) };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Full text of {Link} for {OutletId} not taken: {Reason}")]
    private partial void LogSkipped(string outletId, Uri link, string reason);
}
