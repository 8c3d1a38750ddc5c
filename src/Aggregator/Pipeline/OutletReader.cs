using System.Globalization;
using Aggregator.Fetch;
using Aggregator.Model;
using Aggregator.Observability;
using Aggregator.Parse;
using Aggregator.Scrape;

namespace Aggregator.Pipeline;

/// <summary>
/// Fetch, then parse (feeds) or scrape (listings), following an HTML page's feed autodiscovery once.
/// Stores nothing, so `preview` shows exactly what a poll would read.
/// </summary>
/// <param name="metrics">Null where nothing is exported (preview): a cut page is still a warning of the outcome.</param>
public sealed class OutletReader(Fetcher fetcher, TimeProvider time, AggregatorMetrics? metrics = null)
{
    public async Task<ReadOutcome> ReadAsync(Outlet outlet, OutletHealth? state, CancellationToken ct)
    {
        // A feed found earlier through autodiscovery is polled directly, with its own validators.
        var url = outlet.Type == OutletType.Feed && state?.ResolvedFeedUrl is { } resolved ? resolved : outlet.Url;
        // The configured URL's origin is trusted (it may well be on a private network); anything a
        // page leads to elsewhere goes through the SSRF guard. Listings are crawled, so robots.txt
        // applies to them; feeds are published to be polled.
        var fetched = await fetcher.FetchAsync(
            new FetchRequest(url, state?.ETag, state?.LastModified, outlet.Headers, outlet.UserAgent,
                TrustedOrigin: outlet.Url, RespectRobots: outlet.Type == OutletType.Html, RateGroup: outlet.RateGroup), ct);

        switch (fetched.Kind)
        {
            case FetchResultKind.NotModified:
                return new ReadOutcome
                {
                    Status = ReadStatus.NotModified, StatusCode = 304, ETag = fetched.ETag, LastModified = fetched.LastModified,
                    ResolvedFeedUrl = url == outlet.Url ? null : url,
                    PermanentRedirect = fetched.PermanentRedirect,
                    FreshFor = fetched.FreshFor,
                };
            case FetchResultKind.Failed:
                return ReadOutcome.Failed(fetched);
        }

        var outcome = outlet.Type == OutletType.Html
            ? Scrape(fetched, outlet.Scrape, state?.Structure)
            : await ParseFollowingDiscoveryAsync(outlet, fetched, ct);
        return outcome with
        {
            ETag = outcome.ResolvedFeedUrl is null || outcome.ResolvedFeedUrl == url ? fetched.ETag : outcome.ETag,
            LastModified = outcome.ResolvedFeedUrl is null || outcome.ResolvedFeedUrl == url ? fetched.LastModified : outcome.LastModified,
            ResolvedFeedUrl = outcome.ResolvedFeedUrl ?? (url == outlet.Url ? null : url),
            Bytes = fetched.Bytes + outcome.Bytes,
            PermanentRedirect = fetched.PermanentRedirect,
            FreshFor = outcome.FreshFor ?? fetched.FreshFor,
        };
    }

    /// <summary>Reads bytes already in hand (a file given to `preview`).</summary>
    public ReadOutcome ReadBody(byte[] body, Uri baseUri, string? contentType, OutletType type, ScrapeRules? rules) =>
        type == OutletType.Html
            ? Scrape(FetchResult.Ok(baseUri, 200, body, contentType, null, null), rules)
            : FromParse(FeedParser.Parse(body, baseUri, contentType), 200);

    private async Task<ReadOutcome> ParseFollowingDiscoveryAsync(Outlet outlet, FetchResult fetched, CancellationToken ct)
    {
        var parsed = FeedParser.Parse(fetched.Body!, fetched.FinalUrl, fetched.ContentType);
        // Read: the frames that returned it are older than the body (Fetch.HeldBody).
        fetched.ReleaseBody();
        if (parsed.Feed is not null || parsed.DiscoveredFeeds.Count == 0)
        {
            return FromParse(parsed, fetched.StatusCode);
        }

        // An HTML page advertising its feed: follow the first http(s) one, once (no chains of pages).
        // A feed: or ftp: link is the page's to give, not ours to follow: the fetcher refuses it in one line.
        var feedUrl = parsed.DiscoveredFeeds.FirstOrDefault(u => u.IsAbsoluteUri && u.Scheme is "http" or "https") ?? parsed.DiscoveredFeeds[0];
        var feed = await fetcher.FetchAsync(new FetchRequest(feedUrl, Headers: outlet.Headers, UserAgent: outlet.UserAgent,
            TrustedOrigin: outlet.Url, RateGroup: outlet.RateGroup), ct);
        if (feed.Kind != FetchResultKind.Ok)
        {
            return ReadOutcome.Failed(feed, $"autodiscovered feed {feedUrl}");
        }
        var discovered = FromParse(FeedParser.Parse(feed.Body!, feed.FinalUrl, feed.ContentType), feed.StatusCode);
        feed.ReleaseBody();
        return discovered with
        {
            ResolvedFeedUrl = feedUrl, ETag = feed.ETag, LastModified = feed.LastModified, Bytes = feed.Bytes, FreshFor = feed.FreshFor,
        };
    }

    private static ReadOutcome FromParse(ParseResult parsed, int? statusCode)
    {
        if (parsed.Feed is not { } feed)
        {
            return ReadOutcome.Failed(parsed.Error ?? "parse: not a feed", statusCode);
        }
        return new ReadOutcome
        {
            Status = ReadStatus.Ok,
            StatusCode = statusCode,
            Format = feed.Format,
            Version = feed.Version,
            Title = feed.Title,
            Link = feed.Link,
            Entries = feed.Entries,
            Warnings = feed.Warnings,
            Loss = feed.Loss,
            Hints = feed.Hints,
            Hub = feed.Hub,
            SelfUrl = feed.FeedUrl,
        };
    }

    private ReadOutcome Scrape(FetchResult fetched, ScrapeRules? rules, string? previousStructure = null)
    {
        var html = BodyDecoder.Decode(fetched.Body!, fetched.ContentType).Text;
        fetched.ReleaseBody();
        var scraped = ListingScraper.Scrape(html, fetched.FinalUrl, rules, time.GetUtcNow(), previousStructure);
        if (scraped.Error is not null && scraped.Entries.Count == 0)
        {
            return ReadOutcome.Failed(scraped.Error, fetched.StatusCode) with { Structure = scraped.Structure };
        }
        // A feed keeps its first FeedLimits.MaxEntries entries; a listing had no such bound, so a page of 100,000 matching
        // items sent all of them to the store (a poll of minutes). The same limit, counted the same way as a feed's: the
        // scraper holds only the kept ones and counts the rest.
        // Items the configured selectors matched without a title or link are lost the same way, as unreadable entries.
        var entries = scraped.Entries;
        var found = entries.Count + scraped.OverLimit;
        var overLimit = Math.Max(0, found - FeedLimits.MaxEntries);
        EntryLoss? loss = null;
        if (overLimit > 0 || scraped.Incomplete > 0)
        {
            var kept = found - overLimit;
            string?[] reasons =
            [
                overLimit > 0 ? string.Create(CultureInfo.InvariantCulture, $"the first {FeedLimits.MaxEntries} kept") : null,
                scraped.Incomplete > 0 ? string.Create(CultureInfo.InvariantCulture, $"{scraped.Incomplete} {(scraped.Incomplete == 1 ? "item" : "items")} of the selector without a title or link") : null,
            ];
            loss = new EntryLoss(kept, found + scraped.Incomplete, overLimit, string.Join("; ", reasons.OfType<string>()));
            entries = [.. entries.Take(FeedLimits.MaxEntries)];
        }
        if (scraped.CharsUnread > 0)
        {
            metrics?.RecordPageCut(AggregatorMetrics.ListingSize);
        }
        return new ReadOutcome
        {
            Status = ReadStatus.Ok,
            StatusCode = fetched.StatusCode,
            Format = FeedFormat.Html,
            Version = "html",
            Title = scraped.PageTitle,
            Link = fetched.FinalUrl,
            Entries = entries,
            Structure = scraped.Structure,
            Warnings = scraped.Warnings,
            Loss = loss,
        };
    }
}
