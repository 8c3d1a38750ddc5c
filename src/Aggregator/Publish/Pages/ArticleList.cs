using Aggregator.Parse;
using System.Text;
using Aggregator.Model;
using Aggregator.Normalize;

namespace Aggregator.Publish.Pages;

/// <summary>The readable river of a topic or a search: each article with its outlet, times, teaser and copies, and the pager.</summary>
public static class ArticleList
{
    /// <param name="pageUrl">This page's URL with a query appended ("before=…"), for the pager.</param>
    public static void Append(StringBuilder html, TopicFeed feed, DateTimeOffset now, Func<string?, string> pageUrl, string emptyText)
    {
        if (feed.Items.Count == 0)
        {
            html.Append("<p class=\"muted\">").Append(HtmlEscape.AttributeValue(emptyText)).Append("</p>");
        }
        foreach (var item in feed.Items)
        {
            var article = item.Article;
            html.Append("<article><h2>");
            if (ItemFields.Link(item) is { } link)
            {
                html.Append("<a href=\"").Append(HtmlEscape.AttributeValue(link)).Append("\">").Append(HtmlEscape.AttributeValue(ItemFields.Title(article))).Append("</a>");
            }
            else
            {
                html.Append(HtmlEscape.AttributeValue(ItemFields.Title(article)));
            }
            var published = ItemFields.Published(article);
            html.Append("</h2><p class=\"meta\">");
            if (ItemFields.OutletHref(item.Source) is { } outletHref)
            {
                html.Append("<a href=\"").Append(HtmlEscape.AttributeValue(outletHref)).Append("\">").Append(HtmlEscape.AttributeValue(ItemFields.OutletName(item.Source))).Append("</a>");
            }
            else
            {
                html.Append(HtmlEscape.AttributeValue(ItemFields.OutletName(item.Source)));
            }
            html.Append(" · <time datetime=\"").Append(RelativeTime.Iso(published)).Append("\">")
                .Append(HtmlEscape.AttributeValue(RelativeTime.Describe(published, now))).Append("</time> (")
                .Append(RelativeTime.Absolute(published)).Append(")</p>");
            if (TeaserHtml.For(article) is { } teaser)
            {
                // Sanitized when stored; written as the feeds carry it.
                html.Append("<div class=\"teaser\">").Append(teaser).Append("</div>");
            }
            if (Publish.AlsoPublishedBy.Paragraph(item.AlsoPublishedBy) is { } also)
            {
                html.Append(also.Replace("<p>", "<p class=\"meta\">", StringComparison.Ordinal));
            }
            html.Append("</article>");
        }

        var paging = feed.Paging;
        if (paging.PreviousAfter is not null || paging.NextBefore is not null || !paging.IsFirstPage)
        {
            html.Append("<nav class=\"pager\" aria-label=\"Pages\"><span>");
            if (!paging.IsFirstPage)
            {
                html.Append("<a href=\"").Append(HtmlEscape.AttributeValue(pageUrl(null))).Append("\">Newest</a> ");
            }
            if (paging.PreviousAfter is { } after)
            {
                html.Append("<a rel=\"prev\" href=\"").Append(HtmlEscape.AttributeValue(pageUrl("after=" + after))).Append("\">Newer</a>");
            }
            html.Append("</span><span>");
            if (paging.NextBefore is { } before)
            {
                html.Append("<a rel=\"next\" href=\"").Append(HtmlEscape.AttributeValue(pageUrl("before=" + before))).Append("\">Older</a>");
            }
            html.Append("</span></nav>");
        }
    }

    /// <summary>A page URL: the base, the reader's filter, and a paging query, joined with the right separators.</summary>
    public static string Url(string baseUrl, string? filter, string? paging)
    {
        var query = string.Join('&', new[] { filter, paging }.Where(p => !string.IsNullOrEmpty(p)));
        return query.Length == 0 ? baseUrl : baseUrl + "?" + query;
    }
}
