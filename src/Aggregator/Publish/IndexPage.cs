using System.Globalization;
using Aggregator.Model;
using Aggregator.Normalize;
using Aggregator.Parse;

namespace Aggregator.Publish;

/// <summary>The HTML home page: topics with subscribe links and autodiscovery, outlets with their health. No JavaScript.</summary>
public static class IndexPage
{
    /// <param name="headlines">Each topic's newest items (three are shown); topics missing here show none.</param>
    /// <param name="holds">Outlets whose last poll was held and not attempted since: waiting, not failing.</param>
    public static string Render(string siteTitle, IEnumerable<TopicDefinition> topics, IEnumerable<Outlet> outlets,
        IReadOnlyDictionary<string, OutletHealth> health, string feedsBase,
        IReadOnlyDictionary<string, IReadOnlyList<TopicFeedItem>>? headlines = null,
        IReadOnlyDictionary<string, Pipeline.PollHold>? holds = null)
    {
        var topicList = topics.ToList();
        // Served, the feeds live at {site}feeds/ and the site is one level up. Published as static files
        // (`publish --out`, relative links), there are no topic, search or outlet pages to link.
        var siteBase = Uri.TryCreate(feedsBase, UriKind.Absolute, out var feeds) ? new Uri(feeds, "../") : null;
        var alternates = topicList.SelectMany(topic => Pages.PageLayout.Alternates(topic.Title, ext => $"{feedsBase}{topic.Id}.{ext}"));
        var html = Pages.PageLayout.Begin(siteTitle, siteBase, alternates);
        html.Append("<h1>").Append(HtmlEscape.AttributeValue(siteTitle)).Append("</h1><h2>Topics</h2><ul class=\"topics\">");
        foreach (var topic in topicList)
        {
            if (siteBase is null)
            {
                html.Append("<li><strong>").Append(HtmlEscape.AttributeValue(topic.Title)).Append("</strong>");
            }
            else
            {
                html.Append("<li><a href=\"").Append(HtmlEscape.AttributeValue(new Uri(siteBase, "topics/" + Uri.EscapeDataString(topic.Id)).AbsoluteUri)).Append("\"><strong>")
                    .Append(HtmlEscape.AttributeValue(topic.Title)).Append("</strong></a>");
            }
            if (topic.Description is { } description)
            {
                html.Append(" — ").Append(HtmlEscape.AttributeValue(description));
            }
            if (headlines?.GetValueOrDefault(topic.Id) is { Count: > 0 } newest)
            {
                html.Append("<ul class=\"headlines\">");
                foreach (var item in newest.Take(3))
                {
                    html.Append("<li>");
                    if (ItemFields.Link(item) is { } link)
                    {
                        html.Append("<a href=\"").Append(HtmlEscape.AttributeValue(link)).Append("\">").Append(HtmlEscape.AttributeValue(ItemFields.Title(item.Article))).Append("</a>");
                    }
                    else
                    {
                        html.Append(HtmlEscape.AttributeValue(ItemFields.Title(item.Article)));
                    }
                    html.Append(" <span class=\"muted\">").Append(HtmlEscape.AttributeValue(ItemFields.OutletName(item.Source))).Append("</span></li>");
                }
                html.Append("</ul>");
            }
            html.Append("Subscribe:");
            foreach (var format in FeedFormatKind.All)
            {
                html.Append(" <a href=\"").Append(HtmlEscape.AttributeValue($"{feedsBase}{topic.Id}.{format.Extension}")).Append("\">")
                    .Append(Pages.PageLayout.FormatName(format)).Append("</a>");
            }
            html.Append("</li>");
        }
        html.Append("</ul><h2>Outlets</h2><table><tr><th>Outlet</th><th>Items</th><th>Last success</th><th>Health</th></tr>");
        foreach (var outlet in outlets)
        {
            var state = health.GetValueOrDefault(outlet.Id);
            html.Append("<tr><td>");
            // http(s) only and never with user:password: the page is public, the outlet's credentials are not.
            if (PublicLink.Href(outlet.Url) is { } href)
            {
                html.Append("<a href=\"").Append(HtmlEscape.AttributeValue(href)).Append("\">").Append(HtmlEscape.AttributeValue(outlet.Name)).Append("</a>");
            }
            else
            {
                html.Append(HtmlEscape.AttributeValue(outlet.Name));
            }
            html.Append("</td><td>")
                .Append((state?.ItemCount ?? 0).ToString(CultureInfo.InvariantCulture)).Append("</td><td>")
                .Append(state?.LastSuccess?.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) ?? "never").Append("</td><td>");
            if (holds?.GetValueOrDefault(outlet.Id) is { } hold)
            {
                // As `status` says it: waiting, until when, and which host, rate group or robots.txt asked.
                html.Append("waiting until ").Append(hold.Until.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture))
                    .Append(": ").Append(HtmlEscape.AttributeValue(PublicLink.Redact(hold.Text)));
            }
            else if (state is { ConsecutiveFailures: > 0 })
            {
                html.Append("<span class=\"bad\">failing (").Append(state.ConsecutiveFailures.ToString(CultureInfo.InvariantCulture))
                    .Append("): ").Append(HtmlEscape.AttributeValue(PublicLink.Redact(state.LastError ?? "unknown error"))).Append("</span>");
            }
            else
            {
                html.Append(state is null ? "not polled yet" : "<span class=\"ok\">ok</span>");
            }
            html.Append("</td></tr>");
        }
        html.Append("</table><p>");
        if (siteBase is not null)
        {
            html.Append("<a href=\"").Append(HtmlEscape.AttributeValue(new Uri(siteBase, "outlets").AbsoluteUri)).Append("\">Outlets at a glance</a> · ");
        }
        html.Append("<a href=\"").Append(HtmlEscape.AttributeValue(siteBase is null ? "outlets.opml" : new Uri(siteBase, "outlets.opml").AbsoluteUri))
            .Append("\">Outlets as OPML</a></p>");
        return Pages.PageLayout.End(html);
    }
}
