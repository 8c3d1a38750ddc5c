using System.Collections.Concurrent;

namespace Aggregator.Fetch;

/// <summary>
/// robots.txt per origin, fetched through the fetcher itself (so its limits, rate groups and
/// trust rules apply) and kept for <see cref="FetchOptions.RobotsCacheDuration"/>. Concurrent
/// requests to one origin share a single fetch of the file.
/// </summary>
internal sealed class RobotsCache(
    Func<FetchRequest, CancellationToken, Task<FetchResult>> fetch, FetchOptions options, TimeProvider timeProvider)
{
    private const int PruneAbove = 1024;
    private readonly ConcurrentDictionary<string, Lazy<Task<RobotsEntry>>> entries = new(StringComparer.Ordinal);

    /// <summary>Null when the URL may be fetched; otherwise the one-line reason it may not.</summary>
    internal async Task<string?> RefusalAsync(FetchRequest request, CancellationToken ct)
    {
        var entry = await EntryAsync(request, ct);
        var path = request.Url.PathAndQuery;
        if (entry.Rules.IsAllowed(path))
        {
            return null;
        }

        return entry.Unreachable is { } cause ? FetchErrors.RobotsUnreachable(path, cause) : FetchErrors.DisallowedByRobots(path);
    }

    /// <summary>The Crawl-delay of an origin whose robots.txt is already known, capped; never fetches.</summary>
    internal TimeSpan? CrawlDelay(Uri url)
    {
        if (entries.TryGetValue(Origin(url), out var lazy) && lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully
            && lazy.Value.Result.Rules.CrawlDelay is { } delay)
        {
            return delay < options.MaxCrawlDelay ? delay : options.MaxCrawlDelay;
        }

        return null;
    }

    internal static string Origin(Uri url) => $"{url.Scheme}://{Fetcher.HostKey(url)}";

    private async Task<RobotsEntry> EntryAsync(FetchRequest request, CancellationToken ct)
    {
        var origin = Origin(request.Url);
        while (true)
        {
            var lazy = entries.GetOrAdd(origin, _ => Load(request, previous: null));
            RobotsEntry entry;
            try
            {
                entry = await lazy.Value.WaitAsync(ct);
            }
            catch (Exception) when (!ct.IsCancellationRequested)
            {
                // A load that threw must not be cached: the next request tries again.
                entries.TryRemove(KeyValuePair.Create(origin, lazy));
                throw;
            }

            if (entry.Expires > timeProvider.GetUtcNow())
            {
                return entry;
            }

            // Stale: one caller swaps in a reload; the others find it on the next turn.
            entries.TryUpdate(origin, Load(request, entry), lazy);
        }
    }

    private Lazy<Task<RobotsEntry>> Load(FetchRequest request, RobotsEntry? previous) =>
        // Shared by every waiter, so no one caller's cancellation may cut it; the fetch timeout bounds it.
        new(() => LoadAsync(request, previous), LazyThreadSafetyMode.ExecutionAndPublication);

    private async Task<RobotsEntry> LoadAsync(FetchRequest request, RobotsEntry? previous)
    {
        Prune();
        var robotsUrl = new Uri(request.Url, "/robots.txt");
        var result = await fetch(
            new FetchRequest(robotsUrl, Headers: request.Headers, UserAgent: request.UserAgent,
                TrustedOrigin: request.TrustedOrigin ?? request.Url, RateGroup: request.RateGroup),
            CancellationToken.None);
        var now = timeProvider.GetUtcNow();
        if (result.IsOk)
        {
            return new RobotsEntry(RobotsTxt.Parse(result.Body!), now + options.RobotsCacheDuration, null);
        }

        // 4xx (but 429) and redirect trouble mean "no robots.txt": everything allowed (RFC 9309 §2.3.1.2-3).
        if (result.StatusCode is >= 300 and < 500 and not 429)
        {
            return new RobotsEntry(RobotsRules.AllowAll, now + options.RobotsCacheDuration, null);
        }

        // Unreachable: keep the last good copy if there is one, else disallow all, and try again soon (§2.3.1.4, §2.4).
        var retry = now + options.RobotsRetryAfterError;
        if (previous is { Unreachable: null })
        {
            return previous with { Expires = retry };
        }

        var cause = result.Error ?? "fetch: failed";
        return new RobotsEntry(RobotsRules.DisallowAll, retry, cause.StartsWith("fetch: ", StringComparison.Ordinal) ? cause[7..] : cause);
    }

    private void Prune()
    {
        if (entries.Count < PruneAbove)
        {
            return;
        }

        var now = timeProvider.GetUtcNow();
        foreach (var (origin, lazy) in entries)
        {
            if (lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully && lazy.Value.Result.Expires <= now)
            {
                entries.TryRemove(KeyValuePair.Create(origin, lazy));
            }
        }
    }

    private sealed record RobotsEntry(RobotsRules Rules, DateTimeOffset Expires, string? Unreachable);
}
