using Aggregator.Model;

namespace Aggregator.Publish;

/// <summary>
/// The absolute root URL of this instance when no request is at hand (static export, WebSub pings):
/// defaults.publicUrl if configured, else the address the worker listens on.
/// </summary>
public sealed class SiteAddress(ISiteCatalog site, Uri listenAddress)
{
    public Uri BaseUrl => site.Defaults.PublicUrl ?? listenAddress;

    /// <summary>The first listen URL, with a wildcard host made reachable from this machine.</summary>
    public static Uri FromListenUrls(string urls)
    {
        var first = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0];
        var local = first.Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://+", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://*", "://127.0.0.1", StringComparison.Ordinal);
        return new Uri(local.EndsWith('/') ? local : local + "/");
    }
}
