namespace Aggregator.Fetch;

/// <summary>What one fetch came to. Expected outcomes (304, 404, timeouts, limits) are values.</summary>
public sealed record FetchResult
{
    public required FetchResultKind Kind { get; init; }

    /// <summary>The final response's status; null when no response arrived.</summary>
    public int? StatusCode { get; init; }

    private HeldBody? _body;

    /// <summary>The decompressed body; set only for <see cref="FetchResultKind.Ok"/>, and null once <see cref="ReleaseBody"/>d.</summary>
    public byte[]? Body
    {
        get => _body?.Bytes;
        init => _body = value is null ? null : new HeldBody(value);
    }

    /// <summary>
    /// Lets the body go, in this result and every copy of it: for its reader, once it has read it (the async frames that
    /// returned the result may outlive it, see <see cref="HeldBody"/>). <see cref="Bytes"/> still says how long it was.
    /// </summary>
    public void ReleaseBody() => _body?.Release();

    /// <summary>The Content-Type header as sent, charset included, for the parser to decode with.</summary>
    public string? ContentType { get; init; }

    /// <summary>The URL answered after redirects; relative links in the body resolve against it.</summary>
    public required Uri FinalUrl { get; init; }

    /// <summary>The validators to send next time (the old ones when a 304 carried none).</summary>
    public string? ETag { get; init; }

    public string? LastModified { get; init; }

    /// <summary>When the host asked us to come back (Retry-After on a 429 or 503).</summary>
    public DateTimeOffset? RetryAfter { get; init; }

    /// <summary>
    /// Not sent, because a wait was in force until <see cref="RetryAfter"/>: which one, as a bounded label for /metrics
    /// (<see cref="HeldByUrl"/>, <see cref="HeldByHost"/>, <see cref="HeldByRateGroup"/>, <see cref="HeldByRobots"/>).
    /// Null for a request that was sent, a 429 among them.
    /// </summary>
    public string? HeldBy { get; init; }

    /// <summary>This URL's own Retry-After.</summary>
    public const string HeldByUrl = "url";

    /// <summary>A Retry-After another URL of the same host and port received.</summary>
    public const string HeldByHost = "host";

    /// <summary>A Retry-After a host of the request's rate group received.</summary>
    public const string HeldByRateGroup = "rate_group";

    /// <summary>The origin's robots.txt answered with a Retry-After, so its rules are not known yet.</summary>
    public const string HeldByRobots = "robots";

    /// <summary>
    /// Whether a failure is a hold, from what every later stage keeps of a fetch: a moment to come back with no response.
    /// A host that answers 429 or 503 gives a status with its Retry-After; only a request held before sending has none.
    /// </summary>
    public static bool IsHold(int? statusCode, DateTimeOffset? retryAfter) => statusCode is null && retryAfter is not null;

    /// <summary>One line naming the stage and the cause, e.g. "fetch: resource gone (410 status code)".</summary>
    public string? Error { get; init; }

    /// <summary>The resource is gone for good (404, 410): worth flagging to the operator.</summary>
    public bool Permanent { get; init; }

    /// <summary>A 410: the publisher says the resource is gone for good (implies <see cref="Permanent"/>).</summary>
    public bool Gone { get; init; }

    /// <summary>
    /// Where the request URL has moved for good: the URL reached through the leading run of 301/308
    /// redirects, so the operator can update feeds.json. Null when the first hop was not permanent.
    /// </summary>
    public Uri? PermanentRedirect { get; init; }

    /// <summary>robots.txt disallows the URL, or could not be read (which RFC 9309 treats as disallow-all).</summary>
    public bool DisallowedByRobots { get; init; }

    /// <summary>How long the server says the response stays fresh (Cache-Control max-age, else Expires minus Date).</summary>
    public TimeSpan? FreshFor { get; init; }

    /// <summary>Time from sending the request to the end of the body (queueing for a slot excluded).</summary>
    public long ElapsedMilliseconds { get; init; }

    /// <summary>Body bytes read after decompression (up to the point of failure for a failed read).</summary>
    public long Bytes { get; init; }

    /// <summary>Bytes received after the body's end and skipped (junk after a gzip body's last member).</summary>
    public long IgnoredBytes { get; init; }

    public bool IsOk => Kind == FetchResultKind.Ok;

    public static FetchResult Ok(Uri finalUrl, int statusCode, byte[] body, string? contentType, string? etag, string? lastModified) =>
        Ok(finalUrl, statusCode, new HeldBody(body), contentType, etag, lastModified);

    /// <summary>A result holding the very holder the body was read into, so that releasing it empties the reader's frame too.</summary>
    internal static FetchResult Ok(Uri finalUrl, int statusCode, HeldBody body, string? contentType, string? etag, string? lastModified) => new()
    {
        Kind = FetchResultKind.Ok,
        FinalUrl = finalUrl,
        StatusCode = statusCode,
        _body = body,
        Bytes = body.Bytes!.LongLength,
        ContentType = contentType,
        ETag = etag,
        LastModified = lastModified,
    };

    public static FetchResult NotModified(Uri finalUrl, string? etag, string? lastModified) => new()
    {
        Kind = FetchResultKind.NotModified,
        FinalUrl = finalUrl,
        StatusCode = 304,
        ETag = etag,
        LastModified = lastModified,
    };

    /// <summary>A request not sent because <paramref name="heldBy"/>'s wait lasts until <paramref name="until"/>.</summary>
    public static FetchResult Held(Uri url, string error, DateTimeOffset until, string heldBy) =>
        Failed(url, error) with { RetryAfter = until, HeldBy = heldBy };

    public static FetchResult Failed(Uri finalUrl, string error, int? statusCode = null) => new()
    {
        Kind = FetchResultKind.Failed,
        FinalUrl = finalUrl,
        StatusCode = statusCode,
        Error = error,
    };
}
