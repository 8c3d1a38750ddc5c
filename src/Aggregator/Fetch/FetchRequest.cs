namespace Aggregator.Fetch;

/// <summary>
/// One GET the pipeline wants: the URL, the validators remembered from the last poll, and the
/// outlet's own headers and User-Agent (both win over the defaults).
/// </summary>
/// <param name="TrustedOrigin">
/// The outlet's configured URL: its origin (scheme, host, port) may be on a private network
/// because the operator chose it. Any other origin reached (a redirect, an article link) must be
/// public unless <see cref="FetchOptions.AllowPrivateNetworks"/>. Null trusts the request URL's own origin.
/// </param>
/// <param name="RespectRobots">
/// Ask the origin's robots.txt first (scraped listings, full-text article pages); declared feeds
/// are published to be polled and skip it.
/// </param>
/// <param name="RateGroup">
/// Outlets sharing one backend (several hosts of one publisher): they share a concurrency limit,
/// a spacing between request starts, and any Retry-After one of them receives.
/// </param>
/// <param name="Form">
/// A form to POST instead of a GET (a WebSub subscription): it goes through the same scheme check,
/// trust rules and limits, and is redirected only by 307 and 308, which keep the method.
/// </param>
/// <param name="KeepFirstBytes">
/// Read at most this many bytes of the body and keep them, the rest unread: for a document only that much of which
/// is ever used (a robots.txt, RFC 9309 §2.5), a longer body is cut there instead of refused as too large.
/// </param>
public sealed record FetchRequest(
    Uri Url,
    string? ETag = null,
    string? LastModified = null,
    IReadOnlyDictionary<string, string>? Headers = null,
    string? UserAgent = null,
    Uri? TrustedOrigin = null,
    bool RespectRobots = false,
    string? RateGroup = null,
    IReadOnlyList<KeyValuePair<string, string>>? Form = null,
    int? KeepFirstBytes = null);
