using System.Text;
using Aggregator.Model;

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

            sb.Append("<a href=\"").AppendEscaped(copies[i].Link.AbsoluteUri).Append("\">")
              .AppendEscaped(XmlSafe.Clean(copies[i].Outlet.Name)).Append("</a>");
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
