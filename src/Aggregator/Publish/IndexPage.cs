using System.Globalization;
using System.Text;
using Aggregator.Model;
using Aggregator.Normalize;
using Aggregator.Parse;

namespace Aggregator.Publish;

/// <summary>The HTML home page: topics with subscribe links and autodiscovery, outlets with their health. No JavaScript.</summary>
public static class IndexPage
{
    public static string Render(string siteTitle, IEnumerable<TopicDefinition> topics, IEnumerable<Outlet> outlets,
        IReadOnlyDictionary<string, OutletHealth> health, string feedsBase)
    {
        var topicList = topics.ToList();
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(HtmlEscape.AttributeValue(siteTitle)).Append("</title>");
        foreach (var topic in topicList)
        {
            foreach (var format in FeedFormatKind.All)
            {
                html.Append("<link rel=\"alternate\" type=\"").Append(format.MediaType.Split(';')[0]).Append("\" title=\"")
                    .Append(HtmlEscape.AttributeValue(topic.Title)).Append(" (").Append(format.Extension).Append(")\" href=\"")
                    .Append(HtmlEscape.AttributeValue($"{feedsBase}{topic.Id}.{format.Extension}")).Append("\">");
            }
        }
        html.Append("<style>body{font:16px/1.5 system-ui,sans-serif;max-width:50rem;margin:auto;padding:1rem}")
            .Append("table{border-collapse:collapse;width:100%}td,th{padding:.3rem;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}")
            .Append(".bad{color:#a00}.ok{color:#070}</style></head><body>")
            .Append("<h1>").Append(HtmlEscape.AttributeValue(siteTitle)).Append("</h1><h2>Topics</h2><ul>");
        foreach (var topic in topicList)
        {
            html.Append("<li><strong>").Append(HtmlEscape.AttributeValue(topic.Title)).Append("</strong>");
            if (topic.Description is { } description)
            {
                html.Append(" — ").Append(HtmlEscape.AttributeValue(description));
            }
            html.Append("<br>Subscribe:");
            foreach (var format in FeedFormatKind.All)
            {
                html.Append(" <a href=\"").Append(HtmlEscape.AttributeValue($"{feedsBase}{topic.Id}.{format.Extension}")).Append("\">")
                    .Append(format.Extension switch { "atom" => "Atom", "rss" => "RSS", _ => "JSON Feed" }).Append("</a>");
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
            if (state is { ConsecutiveFailures: > 0 })
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
        html.Append("</table><p><a href=\"outlets.opml\">Outlets as OPML</a></p></body></html>\n");
        return html.ToString();
    }
}
