using System.Globalization;
using System.Net.Sockets;

namespace Aggregator.Fetch;

/// <summary>
/// The one-line reasons a fetch failed, named after the stage as Miniflux does
/// ("fetch: access forbidden (403 status code)"), so the log, `status` and /healthz read alike.
/// </summary>
internal static class FetchErrors
{
    internal const string TooManyRedirects = "fetch: too many redirects";

    internal static string TimedOut(TimeSpan timeout) => $"fetch: timed out after {Duration(timeout)}";

    internal static string ConnectTimedOut(Uri url, TimeSpan timeout) =>
        $"fetch: connection timed out after {Duration(timeout)} ({Endpoint(url)})";

    internal static string TooLarge(long maxBytes) =>
        string.Create(CultureInfo.InvariantCulture, $"fetch: body larger than {maxBytes} bytes");

    /// <summary>A compressed body whose stream stopped before its end marker (or gzip trailer): the document is cut.</summary>
    internal static string EndedEarly(string coding, long compressedBytes) =>
        string.Create(CultureInfo.InvariantCulture, $"fetch: {coding} body ended before its end: {compressedBytes} bytes read");

    internal static string HostAsksToWait(DateTimeOffset until) =>
        $"fetch: host asked us to wait until {Timestamp(until)}";

    /// <summary>A URL held because another URL of its host was told to wait: the host-wide part is bounded, and says so.</summary>
    internal static string HostAsksToWaitForAnother(string host, DateTimeOffset until, TimeSpan bound) =>
        $"fetch: host asked us to wait until {Timestamp(until)} (a Retry-After another URL of {host} received, held host-wide for at most {Duration(bound)})";

    internal static string GroupAsksToWait(string group, DateTimeOffset until) =>
        $"fetch: a host of rate group {group} asked us to wait until {Timestamp(until)}";

    /// <summary>robots.txt answered 429 or 503 with a Retry-After: its rules are not known yet, so the request waits with it.</summary>
    internal static string RobotsAsksToWait(string origin, DateTimeOffset until) =>
        $"fetch: {origin}/robots.txt asked us to wait until {Timestamp(until)}";

    internal static string DisallowedByRobots(string path) => $"fetch: disallowed by robots.txt ({path})";

    internal static string RobotsUnreachable(string path, string cause) =>
        $"fetch: robots.txt unreachable ({cause}), so disallowed ({path})";

    /// <summary>A URL from content whose scheme no fetch may follow (ftp, file, data, feed, ms-msdt, …).</summary>
    internal static string RefusedScheme(Uri url) => $"fetch: refused {OneLine(url.Scheme)} URL";

    /// <summary>Any exception the transport did not name: its type and message, on one line.</summary>
    internal static string Unexpected(Exception exception) =>
        $"fetch: request failed: {exception.GetType().Name}: {OneLine(Innermost(exception).Message)}";

    internal static string UnsupportedRedirect(Uri target) => $"fetch: refused redirect to a {target.Scheme} URL";

    internal static string ForStatus(int status, DateTimeOffset? retryAfter)
    {
        var reason = status switch
        {
            400 => "bad request",
            401 => "access unauthorized",
            403 => "access forbidden",
            404 => "resource not found",
            406 => "content not acceptable",
            410 => "resource gone",
            429 => "too many requests",
            451 => "unavailable for legal reasons",
            502 => "bad gateway",
            503 => "service unavailable",
            504 => "gateway timeout",
            >= 500 => "server error",
            >= 400 => "request rejected",
            _ => "unexpected response",
        };
        var line = string.Create(CultureInfo.InvariantCulture, $"fetch: {reason} ({status} status code)");
        return retryAfter is { } until ? $"{line}, retry after {Timestamp(until)}" : line;
    }

    /// <summary>A 3xx the fetcher will not follow, and why.</summary>
    /// <param name="unreadable">The response had a Location that is not a URL: its text is the server's, so it is not repeated.</param>
    internal static string ForRedirect(Uri finalUrl, Uri? location, int status, bool unreadable = false)
    {
        if (location is null)
        {
            return unreadable
                ? string.Create(CultureInfo.InvariantCulture, $"fetch: redirect to a Location that is not a URL ({status} status code)")
                : string.Create(CultureInfo.InvariantCulture, $"fetch: redirect without a Location ({status} status code)");
        }

        var target = location.IsAbsoluteUri ? location : new Uri(finalUrl, location);
        // A downgrade would expose the request (and the outlet's headers) in clear: never followed.
        return finalUrl.Scheme == Uri.UriSchemeHttps && target.Scheme == Uri.UriSchemeHttp
            ? "fetch: refused redirect from https to http"
            : TooManyRedirects;
    }

    /// <summary>Transport failures (no usable response) as one line.</summary>
    internal static string ForException(Exception exception, Uri url)
    {
        var cause = OneLine(Innermost(exception).Message);
        if (Find<PrivateAddressRefusedException>(exception) is { } refused)
        {
            return refused.Message;
        }

        return exception switch
        {
            HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError } =>
                $"fetch: DNS lookup failed for {url.IdnHost}",
            HttpRequestException when SocketErrorOf(exception) == SocketError.ConnectionRefused =>
                $"fetch: connection refused ({Endpoint(url)})",
            // Headers past the handler's MaxResponseHeadersLength (a flood of headers, one of megabytes, endless 1xx
            // responses), a chunk-size line past its bound: the server's response is at fault, not the network.
            HttpRequestException { HttpRequestError: HttpRequestError.ConfigurationLimitExceeded } or HttpIOException { HttpRequestError: HttpRequestError.ConfigurationLimitExceeded } =>
                $"fetch: response from {url.IdnHost} past a limit: {cause}",
            HttpRequestException when SocketErrorOf(exception) == SocketError.ConnectionReset =>
                $"fetch: connection reset by {Endpoint(url)}",
            HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } =>
                $"fetch: connection failed ({Endpoint(url)}): {cause}",
            HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError } =>
                $"fetch: TLS handshake failed with {url.IdnHost}: {cause}",
            HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded } or HttpIOException { HttpRequestError: HttpRequestError.ResponseEnded } =>
                "fetch: connection closed before the response was complete",
            HttpRequestException { HttpRequestError: HttpRequestError.InvalidResponse } or HttpIOException { HttpRequestError: HttpRequestError.InvalidResponse } =>
                $"fetch: invalid HTTP response from {url.IdnHost}: {cause}",
            // The handler's protocol errors with no cause below them (a chunk-size line past 16 KB, a chunk extension
            // that never ends): the server's framing is broken, the request was fine.
            HttpRequestException { HttpRequestError: HttpRequestError.Unknown, InnerException: null } =>
                $"fetch: invalid HTTP response from {url.IdnHost}: {cause}",
            InvalidDataException => $"fetch: body could not be decompressed: {cause}",
            IOException => $"fetch: connection lost while reading the body: {cause}",
            _ => $"fetch: request failed: {cause}",
        };
    }

    private static string Endpoint(Uri url) => string.Create(CultureInfo.InvariantCulture, $"{url.IdnHost}:{url.Port}");

    private static string Timestamp(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>"30s", "1.5s", "250ms": short enough for a status line.</summary>
    internal static string Duration(TimeSpan value) =>
        value < TimeSpan.FromSeconds(1)
            ? string.Create(CultureInfo.InvariantCulture, $"{value.TotalMilliseconds:0}ms")
            : string.Create(CultureInfo.InvariantCulture, $"{value.TotalSeconds:0.###}s");

    private static T? Find<T>(Exception exception)
        where T : Exception
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is T found)
            {
                return found;
            }
        }

        return null;
    }

    private static SocketError? SocketErrorOf(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is SocketException socket)
            {
                return socket.SocketErrorCode;
            }
        }

        return null;
    }

    private static Exception Innermost(Exception exception)
    {
        var current = exception;
        while (current.InnerException is not null)
        {
            current = current.InnerException;
        }

        return current;
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}
