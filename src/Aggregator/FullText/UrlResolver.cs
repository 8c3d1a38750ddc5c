using System.Text;
using AngleSharp.Dom;

namespace Aggregator.FullText;

/// <summary>Makes every link and media URL in the content absolute against the page (or its &lt;base href&gt;).</summary>
internal static class UrlResolver
{
    public static Uri BaseOf(IDocument doc, Uri pageUrl)
    {
        var href = doc.QuerySelector("base[href]")?.GetAttribute("href");
        return !string.IsNullOrWhiteSpace(href) && Uri.TryCreate(pageUrl, href.Trim(), out var b) ? b : pageUrl;
    }

    public static void Fix(IElement root, Uri baseUrl, Uri pageUrl, IDocument doc)
    {
        foreach (var a in Dom.ByTag(root, "a"))
        {
            var href = a.GetAttribute("href");
            if (href is null)
            {
                continue;
            }

            if (href.TrimStart().StartsWith("javascript:", StringComparison.OrdinalIgnoreCase))
            {
                // The script is gone, so the link would do nothing: keep its text only.
                if (a.ChildNodes.Length == 1 && a.FirstChild!.NodeType == NodeType.Text)
                {
                    a.Parent?.ReplaceChild(doc.CreateTextNode(a.TextContent), a);
                }
                else
                {
                    var span = doc.CreateElement("span");
                    while (a.FirstChild is { } c)
                    {
                        span.AppendChild(c);
                    }

                    a.Parent?.ReplaceChild(span, a);
                }

                continue;
            }

            // In-page anchors stay relative when the base is the page itself.
            if (href.StartsWith('#') && baseUrl == pageUrl)
            {
                continue;
            }

            a.SetAttribute("href", Absolute(baseUrl, href));
        }

        foreach (var media in Dom.ByTag(root, "img", "picture", "figure", "video", "audio", "source"))
        {
            foreach (var name in new[] { "src", "poster" })
            {
                if (media.GetAttribute(name) is { } value)
                {
                    media.SetAttribute(name, Absolute(baseUrl, value));
                }
            }

            if (media.GetAttribute("srcset") is { } srcset)
            {
                media.SetAttribute("srcset", AbsoluteSrcset(baseUrl, srcset));
            }
        }
    }

    private static string Absolute(Uri baseUrl, string value)
    {
        var trimmed = value.Trim();
        return Uri.TryCreate(baseUrl, trimmed, out var u) ? u.AbsoluteUri : trimmed;
    }

    private static string AbsoluteSrcset(Uri baseUrl, string srcset)
    {
        var sb = new StringBuilder();
        foreach (var candidate in srcset.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var space = candidate.IndexOfAny([' ', '\t', '\n']);
            var url = space < 0 ? candidate : candidate[..space];
            var descriptor = space < 0 ? string.Empty : candidate[space..];
            if (sb.Length > 0)
            {
                sb.Append(", ");
            }

            sb.Append(Absolute(baseUrl, url)).Append(descriptor);
        }

        return sb.ToString();
    }
}
