using Aggregator.Parse;
using Aggregator.Model;

namespace Aggregator.Publish.Pages;

/// <summary>GET /search?q=: everything stored that matches, newest first, with the search's own feeds.</summary>
public static class SearchHtmlPage
{
    /// <param name="feed">The results, or null before anything was asked.</param>
    /// <param name="problem">Why the query was refused (the page is then a 400).</param>
    public static string Render(TopicFeed? feed, Uri siteBase, DateTimeOffset now, string? queryText, string? problem)
    {
        var pageBase = new Uri(siteBase, "search").AbsoluteUri;
        var title = feed is null ? "Search" : $"Search: {queryText}";
        var html = PageLayout.Begin(title, siteBase,
            feed is null ? [] : PageLayout.Alternates(title, ext => FeedUrls.For(feed, ext)), queryText);
        html.Append("<h1>").Append(HtmlEscape.AttributeValue(title)).Append("</h1>");
        if (problem is not null)
        {
            html.Append("<p class=\"error\" role=\"alert\">").Append(HtmlEscape.AttributeValue(problem)).Append("</p>");
        }
        if (feed is null)
        {
            html.Append("<p>Words, \"exact phrases\", prefix* (at least ").Append(Topics.SearchQuery.MinPrefixLength)
                .Append(" letters), -excluded and outlet:ID; accents and case do not matter.</p>");
            return PageLayout.End(html);
        }
        PageLayout.AppendSubscribe(html, "this search", ext => FeedUrls.For(feed, ext));
        ArticleList.Append(html, feed, now, paging => ArticleList.Url(pageBase, feed.Filter, paging), "Nothing stored matches.");
        return PageLayout.End(html);
    }
}
