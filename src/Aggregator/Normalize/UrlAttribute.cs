using System.Text;
using System.Text.RegularExpressions;

namespace Aggregator.Normalize;

/// <summary>
/// Reading a URL out of an attribute the way a browser does, so a sanitizer check sees what the
/// browser would follow (the "jav&#x09;ascript:" family of tricks relies on the difference).
/// </summary>
internal static partial class UrlAttribute
{
    /// <summary>Largest data: image kept inline; anything bigger is an abuse of a feed, not an illustration.</summary>
    public const int MaxDataUriLength = 64 * 1024;

    /// <summary>WHATWG URL parsing: strip leading/trailing C0 controls and spaces, drop every tab and newline.</summary>
    public static string Clean(string value)
    {
        var span = value.AsSpan().Trim(" \0\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000B\f\r\u000E\u000F\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F");
        if (span.IndexOfAny('\t', '\n', '\r') < 0)
        {
            // Most URLs have nothing to strip: the value itself, not a copy of it per link of every article.
            return span.Length == value.Length ? value : span.ToString();
        }

        var sb = new StringBuilder(span.Length);
        foreach (var c in span)
        {
            if (c is not ('\t' or '\n' or '\r'))
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    /// <summary>The absolute form of a link if it is http, https (or mailto when allowed), without user:password; null otherwise.</summary>
    public static string? Resolve(string value, Uri? baseUri, bool allowMailto)
    {
        var cleaned = Clean(value);
        if (cleaned.Length == 0)
        {
            return null;
        }

        Uri? uri;
        if (baseUri is { IsAbsoluteUri: true })
        {
            if (!Uri.TryCreate(baseUri, cleaned, out uri))
            {
                return null;
            }
        }
        else if (!Uri.TryCreate(cleaned, UriKind.Absolute, out uri))
        {
            return null;
        }

        if (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        {
            // Relative links inherit the base's user:password, and the base may be an outlet URL with credentials.
            return uri.IdnHost.Length == 0 ? null : PublicLink.WithoutUserInfo(uri).AbsoluteUri;
        }

        return allowMailto && uri.Scheme == Uri.UriSchemeMailto ? uri.AbsoluteUri : null;
    }

    /// <summary>A base64 data: URI of a raster image format browsers cannot script, or null.</summary>
    public static string? DataImage(string value)
    {
        var cleaned = Clean(value);
        if (cleaned.Length > MaxDataUriLength || !cleaned.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var match = DataImagePattern().Match(cleaned);
        if (!match.Success)
        {
            return null;
        }

        var payload = match.Groups["data"].Value;
        var compact = new StringBuilder(payload.Length);
        foreach (var c in payload)
        {
            if (!char.IsWhiteSpace(c))
            {
                compact.Append(c);
            }
        }

        return "data:image/" + match.Groups["type"].Value.ToLowerInvariant() + ";base64," + compact;
    }

    // SVG is deliberately absent: an SVG image can carry script.
    [GeneratedRegex(@"^data:image/(?<type>png|gif|jpeg|jpg|webp);base64,(?<data>[A-Za-z0-9+/=\s]*)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DataImagePattern();
}
