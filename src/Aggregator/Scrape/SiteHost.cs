namespace Aggregator.Scrape;

/// <summary>
/// The registrable part of a host name ("www.bbc.co.uk" → "bbc.co.uk"), approximated without the
/// Public Suffix List (a PSL package such as Nager.PublicSuffix is not available here): two labels,
/// or three when the second-to-last is a generic second-level label under a country code.
/// </summary>
internal static class SiteHost
{
    private static readonly HashSet<string> SecondLevel = new(StringComparer.OrdinalIgnoreCase)
    {
        "co", "com", "org", "net", "gov", "gob", "edu", "ac", "or", "ne", "go", "gv", "nic", "mil", "nom", "ltd", "plc", "sch",
    };

    public static string Registrable(Uri uri)
    {
        var host = uri.IdnHost.TrimEnd('.').ToLowerInvariant();
        if (uri.HostNameType != UriHostNameType.Dns)
        {
            return host;
        }

        var labels = host.Split('.');
        if (labels.Length <= 2)
        {
            return host;
        }

        var take = labels[^1].Length == 2 && SecondLevel.Contains(labels[^2]) ? 3 : 2;
        return string.Join('.', labels[^take..]);
    }
}
