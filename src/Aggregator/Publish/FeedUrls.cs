using Aggregator.Model;

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
        string baseUrl = feed.FeedBaseUrl.AbsoluteUri;
        // Without the trailing slash, URI resolution would replace the base's last segment instead of appending.
        string separator = baseUrl.EndsWith('/') ? string.Empty : "/";
        return string.Concat(baseUrl, separator, Uri.EscapeDataString(feed.Topic.Id), ".", extension);
    }
}
