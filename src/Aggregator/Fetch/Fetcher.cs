using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Threading.RateLimiting;
using Aggregator.Observability;
using Microsoft.Extensions.Logging;

namespace Aggregator.Fetch;

/// <summary>
/// Fetches one outlet URL politely: conditional GET, a descriptive User-Agent, a cap on requests
/// in flight per host, per rate group and overall (and a tighter one on bodies being read, which
/// is where a fetch costs memory and CPU), spacing between starts, honoured Retry-After
/// and Crawl-delay, robots.txt when asked, and hard limits on time and body size. Redirects are
/// followed here, hop by hop, so each hop's status is seen (410, permanent moves) and each hop's
/// destination goes through the private-network guard unless it is the trusted origin.
/// Register as a singleton (AddFetching does): the limits, waits and robots cache live here.
/// </summary>
/// <param name="metrics">Null where nothing is exported (preview, tests): skipped bytes are still logged.</param>
public sealed partial class Fetcher(
    IHttpClientFactory httpClientFactory, FetchOptions options, TimeProvider timeProvider, ILogger<Fetcher> logger, AggregatorMetrics? metrics = null) : IDisposable
{
    private readonly PartitionedRateLimiter<string> hostLimiter = PartitionedRateLimiter.Create<string, string>(host =>
        RateLimitPartition.GetConcurrencyLimiter(host, _ => new ConcurrencyLimiterOptions
        {
            PermitLimit = Math.Max(1, options.PerHostConcurrency),
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        }));

    private readonly PartitionedRateLimiter<string> groupLimiter = PartitionedRateLimiter.Create<string, string>(group =>
        RateLimitPartition.GetConcurrencyLimiter(group, _ => new ConcurrencyLimiterOptions
        {
            PermitLimit = Math.Max(1, options.RateGroupConcurrency),
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        }));

    private readonly ConcurrencyLimiter globalLimiter = new(new ConcurrencyLimiterOptions
    {
        PermitLimit = Math.Max(1, options.GlobalConcurrency),
        QueueLimit = int.MaxValue,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    });

    private readonly ConcurrencyLimiter downloadLimiter = new(new ConcurrencyLimiterOptions
    {
        PermitLimit = Math.Max(1, options.DownloadConcurrency),
        QueueLimit = int.MaxValue,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    });

    /// <summary>
    /// Host key → the moment a Retry-After received from it stops holding every URL of the host: at most
    /// <see cref="FetchOptions.MaxHostRetryAfter"/> after it came, so one outlet's limit cannot starve its neighbours.
    /// </summary>
    private readonly ConcurrentDictionary<string, DateTimeOffset> hostWaits = new(StringComparer.Ordinal);

    /// <summary>Host key and path → the moment the Retry-After that URL itself received ends (up to <see cref="FetchOptions.MaxRetryAfter"/>).</summary>
    private readonly ConcurrentDictionary<string, DateTimeOffset> urlWaits = new(StringComparer.Ordinal);

    /// <summary>URLs told to wait that are kept before the ones whose wait is over are swept out.</summary>
    private const int MaxUrlWaits = 4096;

    /// <summary>Rate group → the moment a Retry-After received by any of its hosts ends.</summary>
    private readonly ConcurrentDictionary<string, DateTimeOffset> groupWaits = new(StringComparer.Ordinal);

    private readonly StartSpacer spacer = new(timeProvider);
    private RobotsCache? robots;

    /// <summary>Built on first use: it fetches robots.txt through this fetcher.</summary>
    private RobotsCache Robots => LazyInitializer.EnsureInitialized(ref robots, () => new RobotsCache(FetchAsync, options, timeProvider));

    public async Task<FetchResult> FetchAsync(FetchRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        // URLs come from content (links, hubs, autodiscovery): only http and https go further, and
        // before anything else, since the limits and the robots cache key on the URL's host.
        if (Refusal(request.Url) is { } refused)
        {
            return refused;
        }

        if (AskedToWait(request) is { } early)
        {
            return early;
        }

        // Before taking any slot: the robots.txt fetch goes through this method and needs slots of its own.
        if (request.RespectRobots && await Robots.RefusalAsync(request, ct) is { } refusal)
        {
            return refusal.HeldBy is null ? refusal : Counted(refusal);
        }

        // Group, then host, then global: a request queued behind a slow host or group holds no wider slot.
        using var groupLease = request.RateGroup is { } group ? await groupLimiter.AcquireAsync(group, 1, ct) : null;
        using var hostLease = await hostLimiter.AcquireAsync(HostKey(request.Url), 1, ct);
        // Spacing before the global slot, so sleeping out a Crawl-delay does not idle a global slot.
        await spacer.WaitTurnAsync(Spacings(request), ct);
        using var globalLease = await globalLimiter.AcquireAsync(1, ct);
        // Another request to this host or group may have been told to wait while this one queued.
        if (AskedToWait(request) is { } late)
        {
            return late;
        }

        var started = timeProvider.GetTimestamp();
        var result = await SendAsync(request, ct);
        result = result with { ElapsedMilliseconds = (long)timeProvider.GetElapsedTime(started).TotalMilliseconds };
        if (logger.IsEnabled(LogLevel.Debug))
        {
            logger.LogDebug(
                "Fetched {Url}: {Kind} {StatusCode}, {Bytes} bytes in {ElapsedMilliseconds} ms {Error}",
                SafeUrl.ForLog(request.Url), result.Kind, result.StatusCode, result.Bytes, result.ElapsedMilliseconds, result.Error);
        }

        return result;
    }

    public void Dispose()
    {
        hostLimiter.Dispose();
        groupLimiter.Dispose();
        globalLimiter.Dispose();
        downloadLimiter.Dispose();
    }

    /// <summary>A one-line failure for a URL no HTTP client should be handed (another scheme, a relative URL).</summary>
    private static FetchResult? Refusal(Uri url) =>
        !url.IsAbsoluteUri ? FetchResult.Failed(url, "fetch: refused a relative URL")
        : url.Scheme is not ("http" or "https") ? FetchResult.Failed(SafeUrl.WithoutUserInfo(url), FetchErrors.RefusedScheme(url))
        : null;

    /// <summary>Politeness is per host and port: the authority a server admin would recognise.</summary>
    internal static string HostKey(Uri url) => $"{url.IdnHost.ToLowerInvariant()}:{url.Port}";

    /// <summary>What a Retry-After holds for as long as it asks: the URL that received it, query aside.</summary>
    private static string UrlKey(Uri url) => HostKey(url) + url.AbsolutePath;

    private void SweepUrlWaits(DateTimeOffset now)
    {
        foreach (var (key, until) in urlWaits)
        {
            if (until <= now)
            {
                urlWaits.TryRemove(KeyValuePair.Create(key, until));
            }
        }
    }

    /// <summary>Same scheme, host and port: another port on the same host is another service.</summary>
    internal static bool SameOrigin(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase)
        && a.Port == b.Port;

    private List<(string Key, TimeSpan Spacing)> Spacings(FetchRequest request)
    {
        var spacings = new List<(string, TimeSpan)>(2);
        if (request.RateGroup is { } group && options.RateGroupSpacing > TimeSpan.Zero)
        {
            spacings.Add(("group " + group, options.RateGroupSpacing));
        }

        // A Crawl-delay, once known, spaces every request to that origin, feeds included.
        if (robots?.CrawlDelay(request.Url) is { } delay)
        {
            spacings.Add(("origin " + RobotsCache.Origin(request.Url), delay));
        }

        return spacings;
    }

    /// <summary>Runs the exchange under the total timeout, turning transport failures into values.</summary>
    private async Task<FetchResult> SendAsync(FetchRequest request, CancellationToken ct)
    {
        // The client's own Timeout is infinite: it stops at the headers, and a slow-drip body must be cut too.
        using var deadline = new FetchDeadline(options.Timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
        // The userinfo is the outlet's password: it must not reach FinalUrl, which bases every relative link.
        var hop = new HopTracker(SafeUrl.WithoutUserInfo(request.Url));
        try
        {
            return await ExchangeAsync(request, hop, deadline, linked.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or HttpRequestException
                                   && deadline.HasExpired && !ct.IsCancellationRequested)
        {
            return hop.Failed(FetchErrors.TimedOut(options.Timeout));
        }
        catch (OperationCanceledException ex) when (ex.InnerException is TimeoutException && !ct.IsCancellationRequested)
        {
            // SocketsHttpHandler reports its ConnectTimeout as a cancellation wrapping a TimeoutException.
            return hop.Failed(FetchErrors.ConnectTimedOut(hop.Url, options.ConnectTimeout));
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or InvalidDataException)
        {
            return hop.Failed(FetchErrors.ForException(ex, hop.Url));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // Whatever else a URL or a response can provoke (NotSupportedException, UriFormatException, …)
            // is this fetch's failure: a feed must not be able to end a poll, let alone the process.
            return hop.Failed(FetchErrors.Unexpected(ex));
        }
    }

    /// <summary>
    /// Follows redirects itself (the handlers never do), up to MaxRedirects. Each hop picks its
    /// client: the trusted origin goes through the plain one, any other origin through the one
    /// whose ConnectCallback refuses private addresses. Connection pools are per handler and per
    /// origin, so a connection opened for a trusted origin is never reused by an untrusted request,
    /// and a redirect to another host always opens (and checks) a connection of its own.
    /// </summary>
    private async Task<FetchResult> ExchangeAsync(FetchRequest request, HopTracker hop, FetchDeadline deadline, CancellationToken ct)
    {
        var trusted = request.TrustedOrigin ?? request.Url;
        for (var redirects = 0; ; redirects++)
        {
            var url = hop.Url;
            using var message = BuildRequest(request, url, trusted);
            var guarded = !options.AllowPrivateNetworks && !OutletOrigin.Includes(trusted, url);
            var client = httpClientFactory.CreateClient(guarded ? FetchServiceCollectionExtensions.GuardedClientName : FetchServiceCollectionExtensions.ClientName);
            using var response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, ct);
            var status = (int)response.StatusCode;
            // A POST is followed only where the method survives (307, 308); other moves would turn it into a GET.
            if (status is not (301 or 302 or 303 or 307 or 308) || (request.Form is not null && status is not (307 or 308)))
            {
                return await ReadAsync(request, response, url, status, deadline, ct) with { PermanentRedirect = hop.PermanentRedirect };
            }

            var location = response.Headers.Location;
            var target = location is null ? null : location.IsAbsoluteUri ? location : new Uri(url, location);
            if (target is null || redirects >= options.MaxRedirects
                || (url.Scheme == Uri.UriSchemeHttps && target.Scheme == Uri.UriSchemeHttp))
            {
                // A Location the header parser rejected ("http://[::1", a port past 65535) reads as none: say which it was.
                var unreadable = location is null && response.Headers.NonValidated.Contains("Location");
                return hop.Failed(FetchErrors.ForRedirect(url, location, status, unreadable), status);
            }

            if (target.Scheme != Uri.UriSchemeHttp && target.Scheme != Uri.UriSchemeHttps)
            {
                return hop.Failed(FetchErrors.UnsupportedRedirect(target), status);
            }

            // Credentials in a Location would be sent to wherever it points: never followed with them.
            target = SafeUrl.WithoutUserInfo(target);

            hop.Follow(target, permanent: status is 301 or 308);
        }
    }

    private async Task<FetchResult> ReadAsync(
        FetchRequest request, HttpResponseMessage response, Uri finalUrl, int status, FetchDeadline deadline, CancellationToken ct)
    {
        var etag = FirstValue(response.Headers, "ETag");
        var lastModified = FirstValue(response.Content.Headers, "Last-Modified");

        if (status == 304)
        {
            // A 304 may omit the validators; the ones we sent are still the current ones then.
            return FetchResult.NotModified(finalUrl, etag ?? request.ETag, lastModified ?? request.LastModified) with { FreshFor = FreshFor(response) };
        }

        if (status is < 200 or >= 300)
        {
            return StatusFailure(request, response, finalUrl, status);
        }

        var encoded = response.Content.Headers.ContentEncoding.Count > 0;
        // On an encoded body Content-Length counts compressed bytes, neither the size the limit is about nor a size guess.
        var contentLength = encoded ? null : response.Content.Headers.ContentLength;
        var limit = request.KeepFirstBytes is { } first ? Math.Min(first, options.MaxBodyBytes) : options.MaxBodyBytes;
        if (contentLength > options.MaxBodyBytes && request.KeepFirstBytes is null)
        {
            // The real size of an identity body: no need to read any.
            return FetchResult.Failed(finalUrl, FetchErrors.TooLarge(options.MaxBodyBytes), status);
        }

        // Queued behind other downloads, the server is not the one keeping us: the clock stops meanwhile.
        deadline.Pause();
        using var downloadLease = await downloadLimiter.AcquireAsync(1, ct);
        deadline.Resume();
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        await using var decoding = encoded ? await EncodedBody.OpenAsync(response.Content.Headers, stream, ct) : null;
        await using var prefix = request.KeepFirstBytes is null ? null : new FirstBytesStream(decoding?.Decoded ?? stream, limit);
        var (body, read) = await BodyReader.ReadAsync(prefix ?? decoding?.Decoded ?? stream, limit, contentLength, ct);
        if (body is null)
        {
            return FetchResult.Failed(finalUrl, FetchErrors.TooLarge(options.MaxBodyBytes), status) with { Bytes = read };
        }

        var contentType = FirstValue(response.Content.Headers, "Content-Type");
        if (prefix is { Cut: true })
        {
            // The caller asked for this much only; whether a compressed stream would have ended whole is not known.
            LogKeptFirstBytes(SafeUrl.ForLog(finalUrl), body.Bytes!.Length);
            return FetchResult.Ok(finalUrl, status, body, contentType, etag, lastModified) with { FreshFor = FreshFor(response) };
        }

        if (decoding?.Incomplete(body.Bytes) is { } cut)
        {
            // A cut document still parses, its last entries garbled: nothing of it may reach the store.
            return FetchResult.Failed(finalUrl, cut, status) with { Bytes = read };
        }

        if (decoding is { IgnoredBytes: > 0 })
        {
            await decoding.SkipJunkAsync(ct);
            LogIgnoredBytes(SafeUrl.ForLog(finalUrl), decoding.IgnoredBytes, decoding.Name);
            metrics?.RecordIgnoredBytes(AggregatorMetrics.GzipJunk, decoding.IgnoredBytes);
        }

        return FetchResult.Ok(finalUrl, status, body, contentType, etag, lastModified) with
        {
            FreshFor = FreshFor(response),
            IgnoredBytes = decoding?.IgnoredBytes ?? 0,
        };
    }

    /// <summary>A hint for adaptive polling: Cache-Control max-age, else Expires minus Date (RFC 9111 §4.2.1).</summary>
    private static TimeSpan? FreshFor(HttpResponseMessage response)
    {
        if (response.Headers.CacheControl?.MaxAge is { } maxAge)
        {
            return maxAge;
        }
        if (response.Content.Headers.Expires is { } expires)
        {
            var date = response.Headers.Date ?? DateTimeOffset.UtcNow;
            return expires > date ? expires - date : TimeSpan.Zero;
        }
        return null;
    }

    private FetchResult StatusFailure(FetchRequest request, HttpResponseMessage response, Uri finalUrl, int status)
    {
        DateTimeOffset? retryAfter = null;
        if (status is 429 or 503)
        {
            var now = timeProvider.GetUtcNow();
            if (Backoff.ParseRetryAfter(FirstValue(response.Headers, "Retry-After"), now) is { } asked && asked > now)
            {
                var until = asked < now + options.MaxRetryAfter ? asked : now + options.MaxRetryAfter;
                // The URL that was told waits as long as it was told (to the cap); its host's other URLs (other outlets
                // of a shared host, article pages) only for a short bound: politeness to the host for the rest of a
                // round, without one outlet's 429 or a broken neighbour's absurd Retry-After parking them for a day.
                if (urlWaits.Count >= MaxUrlWaits)
                {
                    SweepUrlWaits(now);
                }

                urlWaits[UrlKey(finalUrl)] = until;
                hostWaits[HostKey(finalUrl)] = until < now + options.MaxHostRetryAfter ? until : now + options.MaxHostRetryAfter;
                if (request.RateGroup is { } group)
                {
                    // One backend behind several hosts: its limit is shared, so is its request to wait.
                    groupWaits[group] = until;
                }

                retryAfter = until;
            }
        }

        return FetchResult.Failed(finalUrl, FetchErrors.ForStatus(status, retryAfter), status) with
        {
            RetryAfter = retryAfter,
            Permanent = status is 404 or 410,
            Gone = status == 410,
        };
    }

    /// <summary>
    /// The request for one hop. The outlet's headers and the credentials in its URL go only to the
    /// outlet's own origin (the trusted one, which includes its upgrade to https): never to an article's host,
    /// its robots.txt, a feed discovered elsewhere, or across a redirect to another origin. The URL sent never carries userinfo.
    /// </summary>
    private HttpRequestMessage BuildRequest(FetchRequest request, Uri url, Uri trusted)
    {
        var message = new HttpRequestMessage(request.Form is null ? HttpMethod.Get : HttpMethod.Post, SafeUrl.WithoutUserInfo(url));
        if (request.Form is { } form)
        {
            message.Content = new FormUrlEncodedContent(form);
        }

        var headers = message.Headers;
        headers.TryAddWithoutValidation("Accept", FetchOptions.DefaultAccept);
        headers.TryAddWithoutValidation("User-Agent", options.UserAgent);
        headers.TryAddWithoutValidation("Accept-Encoding", EncodedBody.AcceptEncoding);
        if (!string.IsNullOrWhiteSpace(request.ETag))
        {
            headers.TryAddWithoutValidation("If-None-Match", request.ETag);
        }

        if (!string.IsNullOrWhiteSpace(request.LastModified))
        {
            headers.TryAddWithoutValidation("If-Modified-Since", request.LastModified);
        }

        if (OutletOrigin.Includes(trusted, url))
        {
            if (SafeUrl.BasicCredentials(trusted) is { } basic)
            {
                // The URL's userinfo is the outlet's password: sent as Basic, unless a header says otherwise.
                headers.TryAddWithoutValidation("Authorization", "Basic " + basic);
            }

            foreach (var (name, value) in request.Headers ?? new Dictionary<string, string>())
            {
                if (!TryReplace(headers, name, value))
                {
                    logger.LogWarning("Header {Header} cannot be sent on a request to {Url}; ignored", name, SafeUrl.ForLog(request.Url));
                }
            }
        }

        // The outlet's userAgent goes everywhere and wins over a User-Agent among its headers.
        if (!string.IsNullOrWhiteSpace(request.UserAgent))
        {
            TryReplace(headers, "User-Agent", request.UserAgent);
        }

        return message;
    }

    private static bool TryReplace(HttpRequestHeaders headers, string name, string value)
    {
        try
        {
            headers.Remove(name);
            return headers.TryAddWithoutValidation(name, value);
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException)
        {
            // An invalid name, or a content header (Content-Type) that a GET cannot carry.
            return false;
        }
    }

    /// <summary>The header exactly as sent, so validators go back to the server byte for byte.</summary>
    private static string? FirstValue(HttpHeaders headers, string name)
    {
        if (headers.NonValidated.TryGetValues(name, out var values))
        {
            foreach (var value in values)
            {
                return value;
            }
        }

        return null;
    }

    private FetchResult? AskedToWait(FetchRequest request)
    {
        if (WaitingUntil(urlWaits, UrlKey(request.Url)) is { } own)
        {
            return Counted(FetchResult.Held(request.Url, FetchErrors.HostAsksToWait(own), own, FetchResult.HeldByUrl));
        }

        if (WaitingUntil(hostWaits, HostKey(request.Url)) is { } host)
        {
            return Counted(FetchResult.Held(request.Url, FetchErrors.HostAsksToWaitForAnother(HostKey(request.Url), host, options.MaxHostRetryAfter),
                host, FetchResult.HeldByHost));
        }

        if (request.RateGroup is { } group && WaitingUntil(groupWaits, group) is { } groupUntil)
        {
            return Counted(FetchResult.Held(request.Url, FetchErrors.GroupAsksToWait(group, groupUntil), groupUntil, FetchResult.HeldByRateGroup));
        }

        return null;
    }

    /// <summary>A request not sent is not lost unsaid: /metrics counts it by the wait that held it.</summary>
    private FetchResult Counted(FetchResult held)
    {
        metrics?.RecordFetchHeld(held.HeldBy!);
        return held;
    }

    private DateTimeOffset? WaitingUntil(ConcurrentDictionary<string, DateTimeOffset> waits, string key)
    {
        if (!waits.TryGetValue(key, out var until))
        {
            return null;
        }

        if (until > timeProvider.GetUtcNow())
        {
            return until;
        }

        waits.TryRemove(KeyValuePair.Create(key, until));
        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fetched {Url}: kept its first {Bytes} bytes, the rest not read")]
    private partial void LogKeptFirstBytes(string url, int bytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fetched {Url}: {Bytes} bytes after the end of its {Coding} body skipped")]
    private partial void LogIgnoredBytes(string url, long bytes, string coding);
}
