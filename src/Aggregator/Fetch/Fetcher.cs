using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;

namespace Aggregator.Fetch;

/// <summary>
/// Fetches one outlet URL politely: conditional GET, a descriptive User-Agent, a cap on requests
/// in flight per host and overall, honoured Retry-After, and hard limits on time and body size.
/// Register as a singleton (AddFetching does): the limits and the Retry-After memory live here.
/// </summary>
public sealed class Fetcher(IHttpClientFactory httpClientFactory, FetchOptions options, TimeProvider timeProvider, ILogger<Fetcher> logger) : IDisposable
{
    private readonly PartitionedRateLimiter<string> hostLimiter = PartitionedRateLimiter.Create<string, string>(host =>
        RateLimitPartition.GetConcurrencyLimiter(host, _ => new ConcurrencyLimiterOptions
        {
            PermitLimit = Math.Max(1, options.PerHostConcurrency),
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        }));

    private readonly ConcurrencyLimiter globalLimiter = new(new ConcurrencyLimiterOptions
    {
        PermitLimit = Math.Max(1, options.GlobalConcurrency),
        QueueLimit = int.MaxValue,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    });

    /// <summary>Host key → the moment its Retry-After ends.</summary>
    private readonly ConcurrentDictionary<string, DateTimeOffset> hostWaits = new(StringComparer.Ordinal);

    public async Task<FetchResult> FetchAsync(FetchRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var host = HostKey(request.Url);
        if (WaitingUntil(host) is { } early)
        {
            return HostAsksToWait(request.Url, early);
        }

        // Host slot first, so a request queued behind a slow host does not hold a global slot.
        using var hostLease = await hostLimiter.AcquireAsync(host, 1, ct);
        using var globalLease = await globalLimiter.AcquireAsync(1, ct);
        // Another request to this host may have been told to wait while this one queued.
        if (WaitingUntil(host) is { } late)
        {
            return HostAsksToWait(request.Url, late);
        }

        var started = timeProvider.GetTimestamp();
        var result = await SendAsync(request, ct);
        result = result with { ElapsedMilliseconds = (long)timeProvider.GetElapsedTime(started).TotalMilliseconds };
        if (logger.IsEnabled(LogLevel.Debug))
        {
            logger.LogDebug(
                "Fetched {Url}: {Kind} {StatusCode}, {Bytes} bytes in {ElapsedMilliseconds} ms {Error}",
                request.Url, result.Kind, result.StatusCode, result.Bytes, result.ElapsedMilliseconds, result.Error);
        }

        return result;
    }

    public void Dispose()
    {
        hostLimiter.Dispose();
        globalLimiter.Dispose();
    }

    /// <summary>Politeness is per host and port: the authority a server admin would recognise.</summary>
    internal static string HostKey(Uri url) => $"{url.IdnHost.ToLowerInvariant()}:{url.Port}";

    /// <summary>Runs the exchange under the total timeout, turning transport failures into values.</summary>
    private async Task<FetchResult> SendAsync(FetchRequest request, CancellationToken ct)
    {
        // The client's own Timeout is infinite: it stops at the headers, and a slow-drip body must be cut too.
        using var timeout = new CancellationTokenSource(options.Timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        try
        {
            return await ExchangeAsync(request, linked.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or HttpRequestException
                                   && timeout.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            return FetchResult.Failed(request.Url, FetchErrors.TimedOut(options.Timeout));
        }
        catch (OperationCanceledException ex) when (ex.InnerException is TimeoutException && !ct.IsCancellationRequested)
        {
            // SocketsHttpHandler reports its ConnectTimeout as a cancellation wrapping a TimeoutException.
            return FetchResult.Failed(request.Url, FetchErrors.ConnectTimedOut(request.Url, options.ConnectTimeout));
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or InvalidDataException)
        {
            return FetchResult.Failed(request.Url, FetchErrors.ForException(ex, request.Url));
        }
    }

    private async Task<FetchResult> ExchangeAsync(FetchRequest request, CancellationToken ct)
    {
        using var message = BuildRequest(request);
        var client = httpClientFactory.CreateClient(FetchServiceCollectionExtensions.ClientName);
        using var response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, ct);

        var finalUrl = response.RequestMessage?.RequestUri ?? request.Url;
        var status = (int)response.StatusCode;
        var etag = FirstValue(response.Headers, "ETag");
        var lastModified = FirstValue(response.Content.Headers, "Last-Modified");

        if (status == 304)
        {
            // A 304 may omit the validators; the ones we sent are still the current ones then.
            return FetchResult.NotModified(finalUrl, etag ?? request.ETag, lastModified ?? request.LastModified);
        }

        if (status is >= 300 and < 400)
        {
            // The handler follows up to MaxRedirects on its own; a 3xx here means it stopped.
            return FetchResult.Failed(finalUrl, FetchErrors.ForRedirect(finalUrl, response.Headers.Location, status), status);
        }

        if (status is < 200 or >= 300)
        {
            return StatusFailure(response, finalUrl, status);
        }

        var contentLength = response.Content.Headers.ContentLength;
        if (contentLength > options.MaxBodyBytes)
        {
            // Content-Length survives only on identity bodies, so this is the real size: no need to read any.
            return FetchResult.Failed(finalUrl, FetchErrors.TooLarge(options.MaxBodyBytes), status);
        }

        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        var (body, read) = await BodyReader.ReadAsync(stream, options.MaxBodyBytes, contentLength, ct);
        if (body is null)
        {
            return FetchResult.Failed(finalUrl, FetchErrors.TooLarge(options.MaxBodyBytes), status) with { Bytes = read };
        }

        var contentType = FirstValue(response.Content.Headers, "Content-Type");
        return FetchResult.Ok(finalUrl, status, body, contentType, etag, lastModified);
    }

    private FetchResult StatusFailure(HttpResponseMessage response, Uri finalUrl, int status)
    {
        DateTimeOffset? retryAfter = null;
        if (status is 429 or 503)
        {
            var now = timeProvider.GetUtcNow();
            if (Backoff.ParseRetryAfter(FirstValue(response.Headers, "Retry-After"), now) is { } asked && asked > now)
            {
                var until = asked < now + options.MaxRetryAfter ? asked : now + options.MaxRetryAfter;
                hostWaits[HostKey(finalUrl)] = until;
                retryAfter = until;
            }
        }

        return FetchResult.Failed(finalUrl, FetchErrors.ForStatus(status, retryAfter), status) with
        {
            RetryAfter = retryAfter,
            Permanent = status is 404 or 410,
        };
    }

    private HttpRequestMessage BuildRequest(FetchRequest request)
    {
        var message = new HttpRequestMessage(HttpMethod.Get, request.Url);
        var headers = message.Headers;
        headers.TryAddWithoutValidation("Accept", FetchOptions.DefaultAccept);
        headers.TryAddWithoutValidation("User-Agent", options.UserAgent);
        if (!string.IsNullOrWhiteSpace(request.ETag))
        {
            headers.TryAddWithoutValidation("If-None-Match", request.ETag);
        }

        if (!string.IsNullOrWhiteSpace(request.LastModified))
        {
            headers.TryAddWithoutValidation("If-Modified-Since", request.LastModified);
        }

        foreach (var (name, value) in request.Headers ?? new Dictionary<string, string>())
        {
            if (!TryReplace(headers, name, value))
            {
                logger.LogWarning("Header {Header} cannot be sent on a request to {Url}; ignored", name, request.Url);
            }
        }

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

    private DateTimeOffset? WaitingUntil(string host)
    {
        if (!hostWaits.TryGetValue(host, out var until))
        {
            return null;
        }

        if (until > timeProvider.GetUtcNow())
        {
            return until;
        }

        hostWaits.TryRemove(KeyValuePair.Create(host, until));
        return null;
    }

    private static FetchResult HostAsksToWait(Uri url, DateTimeOffset until) =>
        FetchResult.Failed(url, FetchErrors.HostAsksToWait(until)) with { RetryAfter = until };
}
