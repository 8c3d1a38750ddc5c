using System.Collections.Concurrent;

namespace Aggregator.Fetch;

/// <summary>
/// robots.txt per origin, fetched through the fetcher itself (so its limits, rate groups and
/// trust rules apply) and kept for <see cref="FetchOptions.RobotsCacheDuration"/>. Concurrent
/// requests to one origin share a single fetch of the file. Only its first <see cref="RobotsTxt.MaxParsedBytes"/>
/// are read. Expired entries are swept out on a clock, not a count, so the cache holds the origins asked about
/// lately, however many outlets came and went before.
/// </summary>
internal sealed class RobotsCache(
    Func<FetchRequest, CancellationToken, Task<FetchResult>> fetch, FetchOptions options, TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<RobotsEntry>>> entries = new(StringComparer.Ordinal);

    /// <summary>When expired entries are next swept out, as UTC ticks.</summary>
    private long nextPrune = timeProvider.GetUtcNow().UtcTicks;

    /// <summary>Origins held, fetched or being fetched.</summary>
    internal int Count => entries.Count;

    /// <summary>
    /// Null when the URL may be fetched; otherwise the failure to return for it: disallowed (by the rules, or by a file that
    /// could not be read), or held while the file's host asks us to wait.
    /// </summary>
    internal async Task<FetchResult?> RefusalAsync(FetchRequest request, CancellationToken ct)
    {
        var entry = await EntryAsync(request, ct);
        if (entry.HeldUntil is { } until)
        {
            return FetchResult.Held(request.Url, FetchErrors.RobotsAsksToWait(Origin(request.Url), until), until, FetchResult.HeldByRobots);
        }

        var path = request.Url.PathAndQuery;
        if (entry.Rules.IsAllowed(path))
        {
            return null;
        }

        var refusal = entry.Unreachable is { } cause ? FetchErrors.RobotsUnreachable(path, cause) : FetchErrors.DisallowedByRobots(path);
        return FetchResult.Failed(request.Url, refusal) with { DisallowedByRobots = true };
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
                TrustedOrigin: request.TrustedOrigin ?? request.Url, RateGroup: request.RateGroup,
                KeepFirstBytes: RobotsTxt.MaxParsedBytes),
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
        var since = previous?.UnreachableSince ?? now;
        if (previous is { Unreachable: null, HeldUntil: null })
        {
            return previous with { Expires = result.RetryAfter ?? retry, UnreachableSince = since };
        }

        if (result.RetryAfter is { } until)
        {
            // A 429 or 503 with Retry-After (or a hold already on the host or group) says "not yet", not "unreachable":
            // the requests wait with the file instead of being refused for good, and it is asked for again when the wait
            // ends. The unreachable clock runs on from any earlier failure, so a host that only ever says wait is still
            // taken as having no robots.txt after the limit, as one that never answers is.
            return now - since >= options.RobotsUnreachableLimit
                ? new RobotsEntry(RobotsRules.AllowAll, until, null, since)
                : new RobotsEntry(RobotsRules.DisallowAll, until, null, since, HeldUntil: until);
        }

        if (now - since >= options.RobotsUnreachableLimit)
        {
            // Unreachable for the whole limit with no good copy: taken as absent (§2.3.1.4's "reasonably long period"),
            // and still asked again as often as before, so rules it serves again apply within the retry interval.
            return new RobotsEntry(RobotsRules.AllowAll, retry, null, since);
        }

        var cause = result.Error ?? "fetch: failed";
        return new RobotsEntry(RobotsRules.DisallowAll, retry, cause.StartsWith("fetch: ", StringComparison.Ordinal) ? cause[7..] : cause, since);
    }

    private void Prune()
    {
        var now = timeProvider.GetUtcNow();
        var due = Interlocked.Read(ref nextPrune);
        // One sweep per retry interval at most, by whichever load finds it due: a scan of the origins of one interval.
        if (now.UtcTicks < due || Interlocked.CompareExchange(ref nextPrune, (now + options.RobotsRetryAfterError).UtcTicks, due) != due)
        {
            return;
        }

        foreach (var (origin, lazy) in entries)
        {
            // An unreachable file's entry outlives its expiry by the limit: it holds since when the file failed, and an
            // outlet polled less often than the retry interval would otherwise start that count again at every poll.
            if (lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully && lazy.Value.Result is var entry
                && entry.Expires + (entry.UnreachableSince is null ? TimeSpan.Zero : options.RobotsUnreachableLimit) <= now)
            {
                entries.TryRemove(KeyValuePair.Create(origin, lazy));
            }
        }
    }

    /// <param name="Unreachable">Why the file could not be read, while that means "disallow all"; null otherwise.</param>
    /// <param name="UnreachableSince">
    /// Since when every try to read the file failed; null while it is read (or known absent) on the last try.
    /// </param>
    /// <param name="HeldUntil">The file's host asked us to wait until then (the entry expires with it); null otherwise.</param>
    private sealed record RobotsEntry(
        RobotsRules Rules, DateTimeOffset Expires, string? Unreachable, DateTimeOffset? UnreachableSince = null, DateTimeOffset? HeldUntil = null);
}
