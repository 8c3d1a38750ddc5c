namespace Aggregator.Fetch;

/// <summary>
/// Whether a URL is on the outlet's own origin, for its headers, its password and its private address: the same
/// scheme, host and port, or the same host upgraded from http to https (on the same port, or from 80 to 443), as a
/// site moving to https redirects its feed. A downgrade to http or any other host or port is someone else's.
/// </summary>
public static class OutletOrigin
{
    public static bool Includes(Uri trusted, Uri url) =>
        Fetcher.SameOrigin(url, trusted) || IsUpgrade(trusted, url);

    private static bool IsUpgrade(Uri from, Uri to) =>
        from.IsAbsoluteUri && to.IsAbsoluteUri
        && from.Scheme == Uri.UriSchemeHttp && to.Scheme == Uri.UriSchemeHttps
        && string.Equals(from.IdnHost, to.IdnHost, StringComparison.OrdinalIgnoreCase)
        && (from.Port == to.Port || (from.IsDefaultPort && to.IsDefaultPort));
}
