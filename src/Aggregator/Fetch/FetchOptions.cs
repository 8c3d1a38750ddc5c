namespace Aggregator.Fetch;

/// <summary>Limits and politeness for every outlet fetch.</summary>
public sealed record FetchOptions
{
    /// <summary>
    /// Names the project and where to read about it, so an outlet's admin who sees us in a log
    /// knows who polls them and how to reach us.
    /// </summary>
    public const string DefaultUserAgent = "Aggregator/1.0 (+https://github.com/aggregator/aggregator; feed aggregator)";

    /// <summary>Feeds first, then XML, then a page we may find a feed link in, then anything.</summary>
    public const string DefaultAccept =
        "application/atom+xml, application/rss+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, */*;q=0.5";

    /// <summary>Time allowed to open the TCP (and TLS) connection, DNS included.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Total time one fetch may take, from connecting to the last body byte.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest body accepted, counted after decompression while reading.</summary>
    public long MaxBodyBytes { get; init; } = 10 * 1024 * 1024;

    public int MaxRedirects { get; init; } = 5;

    /// <summary>Requests in flight to one host (scheme-less authority) at once.</summary>
    public int PerHostConcurrency { get; init; } = 2;

    /// <summary>Requests in flight overall at once.</summary>
    public int GlobalConcurrency { get; init; } = 16;

    public string UserAgent { get; init; } = DefaultUserAgent;

    /// <summary>
    /// The longest a host's Retry-After is honoured for, so a broken or hostile header cannot park
    /// an outlet forever.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; init; } = Backoff.DefaultCap;
}
