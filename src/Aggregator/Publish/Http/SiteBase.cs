using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace Aggregator.Publish.Http;

/// <summary>The absolute root URL readers reached us by, for self links in what we serve.</summary>
internal static class SiteBase
{
    /// <summary>
    /// An instance is reached by a handful of names (localhost, its address, a proxy's host), so
    /// their URIs are kept rather than parsed again for every request; past this many distinct
    /// ones (a client sending made-up Host headers) they are built per request and not kept.
    /// </summary>
    private const int MaxRemembered = 32;

    private static readonly ConcurrentDictionary<(string Scheme, string Host, string PathBase), Uri> Remembered = new();

    /// <summary>defaults.publicUrl when set (behind a proxy the request's own host is not what readers use), else the request's.</summary>
    public static Uri Of(HttpRequest request, Hosting.ActiveConfig config)
    {
        if (config.Current.Config.Defaults.PublicUrl is { } publicUrl)
        {
            return publicUrl;
        }

        var key = (Scheme: request.Scheme, Host: request.Host.Value ?? string.Empty, PathBase: request.PathBase.Value ?? string.Empty);
        if (Remembered.TryGetValue(key, out var known))
        {
            return known;
        }

        var uri = new Uri($"{key.Scheme}://{key.Host}{key.PathBase}/");
        if (Remembered.Count < MaxRemembered)
        {
            Remembered.TryAdd(key, uri);
        }

        return uri;
    }
}
