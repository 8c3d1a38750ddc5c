using Aggregator.Model;

namespace Aggregator.Fetch;

/// <summary>Limits and politeness for every outlet fetch.</summary>
public sealed record FetchOptions
{
    /// <summary>
    /// Names the project and where to read about it, so an outlet's admin who sees us in a log
    /// knows who polls them and how to reach us.
    /// </summary>
    public const string DefaultUserAgent = Product.UserAgent;

    /// <summary>Feeds first, then XML, then a page we may find a feed link in, then anything.</summary>
    public const string DefaultAccept =
        "application/atom+xml, application/rss+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, */*;q=0.5";

    /// <summary>Time allowed to open the TCP (and TLS) connection, DNS included.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long an idle pooled connection is kept: long enough for one poll's requests to one host. A poll reaches each
    /// host once per interval, so a connection left idle for the handler's default minute is always closed before its
    /// next use, and by then it has been promoted to gen2 only to die there (bench/alloc-profile.md, h48a). Real servers
    /// close idle connections after 5-75 s anyway; a few seconds still carries one poll's feed and page requests.
    /// </summary>
    public TimeSpan PooledConnectionIdleTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Total time one fetch may take, from connecting to the last body byte.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest body accepted, counted after decompression while reading.</summary>
    public long MaxBodyBytes { get; init; } = 10 * 1024 * 1024;

    public int MaxRedirects { get; init; } = 5;

    /// <summary>Requests in flight to one host (scheme-less authority) at once.</summary>
    public int PerHostConcurrency { get; init; } = 2;

    /// <summary>
    /// Requests in flight overall at once, from connecting to the last body byte. Most of that time
    /// is spent waiting on servers, which costs a socket and a few kilobytes, not CPU: so the limit is
    /// set for sockets, well above <see cref="DownloadConcurrency"/>. A few silent servers running
    /// into <see cref="Timeout"/> then hold a few of these slots while the quick answers go on past
    /// them (at 16, as many silent outlets stalled every poll for the whole timeout), and a poll of
    /// thousands of outlets still opens no more than this many connections and DNS lookups at once.
    /// </summary>
    public int GlobalConcurrency { get; init; } = 128;

    /// <summary>
    /// Response bodies being read at once, overall: reading is where a fetch costs memory (up to
    /// <see cref="MaxBodyBytes"/> buffered each) and CPU (decompression). Taken once the response
    /// headers are in, so waiting for a server never holds one.
    /// </summary>
    public int DownloadConcurrency { get; init; } = 16;

    public string UserAgent { get; init; } = DefaultUserAgent;

    /// <summary>
    /// The longest a host's Retry-After is honoured for, so a broken or hostile header cannot park
    /// an outlet forever.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; init; } = Backoff.DefaultCap;

    /// <summary>
    /// The longest a Retry-After holds the other URLs of the host that sent it (other outlets on the same host and
    /// port, article pages). The URL that received it waits up to <see cref="MaxRetryAfter"/>; its neighbours only
    /// this long, which keeps a round from hammering a host that said "too many", while a broken or hostile outlet
    /// on a shared host costs the others a poll at most, not a day.
    /// </summary>
    public TimeSpan MaxHostRetryAfter { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Lets pages, redirects and discovered links reach loopback and private networks. Off by
    /// default: those URLs come from pages we do not control, and an internal service (a router,
    /// a cloud metadata endpoint) must not be fetchable by publishing a link to it.
    /// </summary>
    public bool AllowPrivateNetworks { get; init; }

    /// <summary>Requests in flight at once across all hosts of one <see cref="FetchRequest.RateGroup"/>.</summary>
    public int RateGroupConcurrency { get; init; } = 2;

    /// <summary>Least time between the starts of two requests of one rate group.</summary>
    public TimeSpan RateGroupSpacing { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a fetched robots.txt is used before it is fetched again.</summary>
    public TimeSpan RobotsCacheDuration { get; init; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How long an unreachable robots.txt (5xx, timeout) means "disallow all" before it is tried
    /// again (RFC 9309 §2.3.1.4).
    /// </summary>
    public TimeSpan RobotsRetryAfterError { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// How long a robots.txt may stay unreachable (5xx, timeouts, a server that never answers), without a good copy
    /// kept from before, before it counts as absent and everything is allowed: RFC 9309 §2.3.1.4's "reasonably long
    /// period", so a host whose robots.txt hangs or errors for good does not keep its listing from being read forever.
    /// </summary>
    public TimeSpan RobotsUnreachableLimit { get; init; } = TimeSpan.FromDays(30);

    /// <summary>The longest Crawl-delay honoured, so a hostile robots.txt cannot stall the queue.</summary>
    public TimeSpan MaxCrawlDelay { get; init; } = TimeSpan.FromSeconds(60);
}
