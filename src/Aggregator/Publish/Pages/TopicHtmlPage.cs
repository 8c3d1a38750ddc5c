using Aggregator.Parse;
using Aggregator.Model;

namespace Aggregator.Publish.Pages;

/// <summary>GET /topics/{id}: a topic's newest articles as a readable page, with subscribe buttons and autodiscovery.</summary>
public static class TopicHtmlPage
{
    public static string Render(TopicFeed feed, Uri siteBase, DateTimeOffset now, string? queryText)
    {
        var pageBase = new Uri(siteBase, "topics/" + Uri.EscapeDataString(feed.Topic.Id)).AbsoluteUri;
        var title = queryText is null ? feed.Topic.Title : $"{feed.Topic.Title}: {queryText}";
        var html = PageLayout.Begin(title, siteBase,
            PageLayout.Alternates(title, ext => FeedUrls.For(feed, ext)),
            queryText, pageBase, "Search this topic");
        html.Append("<h1>").Append(HtmlEscape.AttributeValue(title)).Append("</h1>");
        if (feed.Topic.Description is { } description)
        {
            html.Append("<p>").Append(HtmlEscape.AttributeValue(description)).Append("</p>");
        }
        PageLayout.AppendSubscribe(html, queryText is null ? "this topic" : "this search", ext => FeedUrls.For(feed, ext));
        ArticleList.Append(html, feed, now, paging => ArticleList.Url(pageBase, feed.Filter, paging),
            queryText is null ? "No articles yet." : "No article of this topic matches.");
        return PageLayout.End(html);
    }
}
