using Aggregator.Model;
using Aggregator.Normalize;

namespace Aggregator.Publish;

/// <summary>Where each format of a topic feed lives, derived from <see cref="TopicFeed.FeedBaseUrl"/>.</summary>
public static class FeedUrls
{
    public const string AtomExtension = "atom";
    public const string RssExtension = "rss";
    public const string JsonExtension = "json";

    /// <summary>FeedBaseUrl + "{topic}.{extension}", e.g. http://127.0.0.1:8080/feeds/venezuela.atom.</summary>
    public static string For(TopicFeed feed, string extension)
    {
        // A base URL given with user:password (--base-url, defaults.publicUrl) keeps them out of every link we write.
        string baseUrl = PublicLink.WithoutUserInfo(feed.FeedBaseUrl).AbsoluteUri;
        // Without the trailing slash, URI resolution would replace the base's last segment instead of appending.
        string separator = baseUrl.EndsWith('/') ? string.Empty : "/";
        var url = string.Concat(baseUrl, separator, Uri.EscapeDataString(feed.Topic.Id), ".", extension);
        return feed.Filter is null ? url : string.Concat(url, "?", feed.Filter);
    }

    /// <summary>The same feed's URL with a query, e.g. "?before=…" for an older page.</summary>
    public static string For(TopicFeed feed, string extension, string? query) =>
        query is null ? For(feed, extension) : string.Concat(For(feed, extension), feed.Filter is null ? "?" : "&", query);

    /// <summary>
    /// The archive links of a page (RFC 5005 §3): rel, URL pairs for "first", "next" (older) and
    /// "previous" (newer); nothing for a feed that fits on one page.
    /// </summary>
    public static IEnumerable<(string Rel, string Href)> PagingLinks(TopicFeed feed, string extension)
    {
        var paging = feed.Paging;
        if (paging.IsFirstPage && paging.NextBefore is null)
        {
            yield break;
        }
        yield return ("first", For(feed, extension));
        if (paging.PreviousAfter is { } after)
        {
            yield return ("previous", For(feed, extension, "after=" + after));
        }
        if (paging.NextBefore is { } before)
        {
            yield return ("next", For(feed, extension, "before=" + before));
        }
    }
}
