namespace Aggregator.Scrape;

/// <summary>
/// The shape of an article URL under the outlet's own path: the host, the fixed directories, numbers as "#" and the
/// slug as "*" ("/2024/05/some-title/" → "host/#/#/*", "/posts/some-title/" → "host/posts/*"). Groups whose links share
/// it list the same kind of page: the outlet's articles.
/// </summary>
internal static class LinkPattern
{
    public static string Of(Uri link)
    {
        var segments = link.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var parts = new string[segments.Length];
        for (var i = 0; i < segments.Length; i++)
        {
            parts[i] = i == segments.Length - 1 ? "*" : segments[i].All(char.IsAsciiDigit) ? "#" : segments[i].ToLowerInvariant();
        }

        return SiteHost.Registrable(link) + "/" + string.Join('/', parts) + (link.Query.Length > 1 ? "?" : string.Empty);
    }

    /// <summary>A single slug under the site's root says little: it must also read like an article (a slug of words, a number).</summary>
    public static bool IsSpecific(string pattern) => pattern.Count(c => c == '/') > 1 || pattern.EndsWith('?');
}
