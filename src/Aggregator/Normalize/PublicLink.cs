using System.Text.RegularExpressions;
using Aggregator.Fetch;

namespace Aggregator.Normalize;

/// <summary>
/// The one rule for a URL we store as a link or show to anyone: http or https with a host, and never the
/// user:password part. Feeds name links in any scheme (ms-msdt:, search-ms:, intent:) that a reader would
/// hand to the operating system, and an outlet's URL may carry its credentials, which every link resolved
/// against it inherits.
/// </summary>
public static partial class PublicLink
{
    /// <summary>True for an absolute http or https URL with a host.</summary>
    public static bool IsWeb(Uri? url) =>
        url is { IsAbsoluteUri: true } && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps) && url.IdnHost.Length > 0;

    /// <summary>The URL without its user:password part when it is a web URL; null for any other scheme.</summary>
    public static Uri? Of(Uri? url) => IsWeb(url) ? WithoutUserInfo(url!) : null;

    /// <summary>The text to write into an href: <see cref="Of"/> as an escaped absolute URI, or null.</summary>
    public static string? Href(Uri? url) => Of(url)?.AbsoluteUri;

    /// <summary>The same URL without user:password (the same instance when it has none): the fetcher's own rule.</summary>
    public static Uri WithoutUserInfo(Uri url) => SafeUrl.WithoutUserInfo(url);

    /// <summary>
    /// Free text (an error line, a notice) with the user:password part of every URL in it removed, for
    /// status, /healthz, the index page and the log: a message may quote a URL resolved against the outlet's.
    /// </summary>
    public static string Redact(string text) =>
        text.Contains('@', StringComparison.Ordinal) ? UserInfoInText().Replace(text, "${scheme}") : text;

    [GeneratedRegex(@"(?<scheme>\b[A-Za-z][A-Za-z0-9+.\-]*://)[^\s/?#""'<>]*@", RegexOptions.CultureInvariant)]
    private static partial Regex UserInfoInText();
}
