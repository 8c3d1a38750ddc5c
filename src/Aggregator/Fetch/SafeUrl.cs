using System.Text;

namespace Aggregator.Fetch;

/// <summary>
/// An outlet URL may carry a password (http://user:pw@host/feed). It is for that origin's requests
/// only: never part of a URL that is sent, logged, or used as the base of the links a page holds.
/// </summary>
public static class SafeUrl
{
    public static Uri WithoutUserInfo(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri || url.UserInfo.Length == 0)
        {
            return url;
        }

        return new Uri(url.GetComponents(UriComponents.AbsoluteUri & ~UriComponents.UserInfo, UriFormat.UriEscaped));
    }

    /// <summary>The URL as a log line may show it.</summary>
    public static string ForLog(Uri url) => WithoutUserInfo(url) is { IsAbsoluteUri: true } safe ? safe.AbsoluteUri : url.OriginalString;

    /// <summary>The base64 "user:password" of a URL's userinfo, for an Authorization: Basic header; null without one.</summary>
    internal static string? BasicCredentials(Uri url)
    {
        if (!url.IsAbsoluteUri || url.UserInfo.Length == 0)
        {
            return null;
        }

        return Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(url.UserInfo)));
    }
}
