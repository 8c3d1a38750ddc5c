using System.Text;
using Aggregator.Model;
using Aggregator.Normalize;
using Aggregator.Parse;

namespace Aggregator.Publish;

/// <summary>The paragraph that names the other outlets carrying the same story, for readers that show only the HTML.</summary>
public static class AlsoPublishedBy
{
    /// <summary>"&lt;p&gt;Also published by: &lt;a href=…&gt;Outlet A&lt;/a&gt;, …&lt;/p&gt;", or null when there are no copies.</summary>
    public static string? Paragraph(IReadOnlyList<TopicFeedCopy> copies)
    {
        if (copies.Count == 0)
        {
            return null;
        }

        var sb = new StringBuilder(64 + (copies.Count * 96));
        sb.Append("<p>Also published by: ");
        for (int i = 0; i < copies.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(", ");
            }

            // Appended after sanitizing, inside another outlet's summary: every name and link is escaped here, and a
            // link that is not http(s) is no link at all, or one outlet's content could plant markup in another's.
            // Escaped as an attribute value, quotes too: a name is an outlet's text, and even a reader that
            // scans the markup loosely must not find an attribute in it.
            string name = ItemFields.OutletName(copies[i].Outlet);
            if (PublicLink.Href(copies[i].Link) is { } href)
            {
                sb.Append("<a href=\"").AppendAttributeValue(XmlSafe.Clean(href)).Append("\">").AppendAttributeValue(name).Append("</a>");
            }
            else
            {
                sb.AppendAttributeValue(name);
            }
        }

        return sb.Append("</p>").ToString();
    }

    /// <summary>The given HTML with the paragraph appended; null when both are missing.</summary>
    public static string? AppendTo(string? html, IReadOnlyList<TopicFeedCopy> copies)
    {
        string? paragraph = Paragraph(copies);
        if (paragraph is null)
        {
            return string.IsNullOrEmpty(html) ? null : html;
        }

        return string.IsNullOrEmpty(html) ? paragraph : string.Concat(html, "\n", paragraph);
    }
}
