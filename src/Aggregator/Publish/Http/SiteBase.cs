using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using Aggregator.Model;

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

    /// <summary>
    /// defaults.publicUrl when set (behind a proxy the request's own host is not what readers use), else the
    /// request's; else, when the Host header names no usable site, the address the connection came in on.
    /// </summary>
    public static Uri Of(HttpRequest request, ISiteCatalog site)
    {
        if (site.Defaults.PublicUrl is { } publicUrl)
        {
            // Every self link on every page starts here: a user:password in the setting is not for readers.
            return Normalize.PublicLink.WithoutUserInfo(publicUrl);
        }

        var key = (Scheme: request.Scheme, Host: request.Host.Value ?? string.Empty, PathBase: request.PathBase.Value ?? string.Empty);
        if (Remembered.TryGetValue(key, out var known))
        {
            return known;
        }

        // The Host header is whatever the client sent: Kestrel lets through an empty one (valid in HTTP/1.1) and a
        // port past 65535, and neither is a URL. A bad header costs the client its own self links, never a 500.
        if (FromHost(key.Scheme, key.Host, key.PathBase) is not { } uri)
        {
            return FromConnection(request);
        }

        if (Remembered.Count < MaxRemembered)
        {
            Remembered.TryAdd(key, uri);
        }

        return uri;
    }

    private static Uri? FromHost(string scheme, string host, string pathBase)
    {
        // Exactly a host and port: anything the header smuggled in as user:password, path, query or fragment
        // would otherwise travel into every link of the response.
        if (host.Length == 0 || host.AsSpan().IndexOfAny("/\\?#@") >= 0
            || !Uri.TryCreate($"{scheme}://{host}{pathBase}/", UriKind.Absolute, out var uri))
        {
            return null;
        }

        return Normalize.PublicLink.IsWeb(uri) && uri.Port > 0 ? uri : null;
    }

    private static Uri FromConnection(HttpRequest request)
    {
        var connection = request.HttpContext.Connection;
        var address = connection.LocalIpAddress is { } local
            ? local.IsIPv4MappedToIPv6 ? local.MapToIPv4() : local
            : IPAddress.Loopback;
        // Without a zone id, which a URL would need escaped.
        var host = address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{new IPAddress(address.GetAddressBytes())}]" : address.ToString();
        var port = connection.LocalPort > 0 ? string.Create(CultureInfo.InvariantCulture, $":{connection.LocalPort}") : string.Empty;
        var scheme = request.Scheme is "https" ? "https" : "http";
        return Uri.TryCreate($"{scheme}://{host}{port}{request.PathBase.ToUriComponent()}/", UriKind.Absolute, out var uri)
            ? uri
            : new Uri($"{scheme}://{host}{port}/");
    }
}
