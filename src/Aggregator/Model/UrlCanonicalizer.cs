using System.Text;

namespace Aggregator.Model;

/// <summary>
/// Canonical URLs (CONTRACT §5): the form two links to the same article share, so identity and
/// duplicate detection compare strings. RFC 3986 §6.2.2 syntax-based normalization plus the removal of
/// <see cref="TrackingParameters"/>.
/// </summary>
public static class UrlCanonicalizer
{
    private static readonly HashSet<string> HierarchicalSchemes = new(StringComparer.OrdinalIgnoreCase)
    {
        "http", "https", "ftp", "ws", "wss",
    };

    /// <summary>Canonical form of an absolute URI. A relative URI is a caller bug.</summary>
    public static string Canonicalize(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri)
        {
            throw new ArgumentException("url: a canonical URL needs an absolute URI", nameof(url));
        }

        // mailto:, urn: and the like are not host/path URLs (Uri still reports mailto's domain as a host);
        // only the fragment goes.
        if (!HierarchicalSchemes.Contains(url.Scheme))
        {
            return url.GetComponents(UriComponents.AbsoluteUri & ~UriComponents.Fragment, UriFormat.UriEscaped);
        }

        var sb = new StringBuilder(url.OriginalString.Length);
        sb.Append(url.Scheme.ToLowerInvariant()).Append("://");
        if (url.UserInfo.Length > 0)
        {
            AppendNormalizedEscapes(sb, url.UserInfo);
            sb.Append('@');
        }

        // IdnHost turns an internationalized name into punycode so both spellings compare equal;
        // it also strips an IPv6 literal's brackets, which Host keeps.
        sb.Append(url.HostNameType == UriHostNameType.Dns ? url.IdnHost.ToLowerInvariant() : url.Host.ToLowerInvariant());
        if (!url.IsDefaultPort && url.Port >= 0)
        {
            sb.Append(':').Append(url.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var path = NormalizeEscapes(url.AbsolutePath);
        // Decoding %2E can create new dot segments, so removal runs after it (RFC 3986 §6.2.2.3).
        path = RemoveDotSegments(path);
        sb.Append(path.Length == 0 ? "/" : path);

        AppendQuery(sb, url.Query);
        return sb.ToString();
    }

    private static void AppendQuery(StringBuilder sb, string query)
    {
        if (query.Length <= 1)
        {
            return;
        }

        var first = true;
        foreach (var part in query.AsSpan(1).ToString().Split('&'))
        {
            if (part.Length == 0)
            {
                continue;
            }

            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? part : part[..eq];
            if (TrackingParameters.IsTracker(Uri.UnescapeDataString(name)))
            {
                continue;
            }

            sb.Append(first ? '?' : '&');
            first = false;
            AppendNormalizedEscapes(sb, part);
        }
    }

    private static string NormalizeEscapes(string s)
    {
        if (!s.Contains('%', StringComparison.Ordinal))
        {
            return s;
        }

        var sb = new StringBuilder(s.Length);
        AppendNormalizedEscapes(sb, s);
        return sb.ToString();
    }

    /// <summary>
    /// Upper-cases the hex of every escape and decodes escaped unreserved characters (RFC 3986 §6.2.2.1-2);
    /// a stray '%' becomes %25 so the result parses again to itself.
    /// </summary>
    private static void AppendNormalizedEscapes(StringBuilder sb, string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c != '%')
            {
                sb.Append(c);
                continue;
            }

            if (i + 2 < s.Length && char.IsAsciiHexDigit(s[i + 1]) && char.IsAsciiHexDigit(s[i + 2]))
            {
                var value = (char)Convert.ToByte(s.Substring(i + 1, 2), 16);
                if (IsUnreserved(value))
                {
                    sb.Append(value);
                }
                else
                {
                    sb.Append('%').Append(char.ToUpperInvariant(s[i + 1])).Append(char.ToUpperInvariant(s[i + 2]));
                }

                i += 2;
            }
            else
            {
                sb.Append("%25");
            }
        }
    }

    private static bool IsUnreserved(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~';

    /// <summary>RFC 3986 §5.2.4, on whole segments.</summary>
    private static string RemoveDotSegments(string path)
    {
        if (!path.Contains('.', StringComparison.Ordinal))
        {
            return path;
        }

        var segments = path.Split('/');
        var output = new List<string>(segments.Length);
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            var last = i == segments.Length - 1;
            if (segment == ".")
            {
                if (last)
                {
                    output.Add("");
                }
            }
            else if (segment == "..")
            {
                if (output.Count > 1)
                {
                    output.RemoveAt(output.Count - 1);
                }

                if (last)
                {
                    output.Add("");
                }
            }
            else
            {
                output.Add(segment);
            }
        }

        var result = string.Join('/', output);
        return result.StartsWith('/') ? result : "/" + result;
    }
}
