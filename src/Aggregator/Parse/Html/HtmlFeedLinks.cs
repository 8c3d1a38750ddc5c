using AngleSharp.Html.Parser;

namespace Aggregator.Parse.Html;

/// <summary>Feed autodiscovery: the &lt;link rel="alternate"&gt; feeds an HTML page advertises.</summary>
public static class HtmlFeedLinks
{
    private static readonly HashSet<string> FeedTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json", "application/json",
        "application/x.atom+xml", "application/x-atom+xml",
    };

    /// <summary>Absolute feed URLs in page order, resolved against &lt;base href&gt; and the page URL; no duplicates.</summary>
    public static IReadOnlyList<Uri> Discover(string html, Uri pageUri)
    {
        var parser = new HtmlParser(new HtmlParserOptions { IsScripting = false });
        using var document = parser.ParseDocument(NestingGuard.Clamp(Head(html), out _));
        var baseUri = UriResolver.Resolve(document.QuerySelector("base[href]")?.GetAttribute("href"), pageUri) ?? pageUri;
        var feeds = new List<Uri>();
        foreach (var link in document.QuerySelectorAll("link[rel][href]"))
        {
            var rel = (link.GetAttribute("rel") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var type = (link.GetAttribute("type") ?? "").Split(';')[0].Trim();
            if (!rel.Contains("alternate", StringComparer.OrdinalIgnoreCase) || !FeedTypes.Contains(type))
            {
                continue;
            }

            // WordPress advertises its REST API as an application/json alternate on every page; it is not a feed.
            var href = link.GetAttribute("href") ?? "";
            if (type.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                && (href.Contains("/wp-json/", StringComparison.OrdinalIgnoreCase) || href.Contains("oembed", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            if (UriResolver.Resolve(href, baseUri) is Uri url && !feeds.Contains(url))
            {
                feeds.Add(url);
            }
        }

        return feeds;
    }

    /// <summary>
    /// The part of the page where feed links live. Tree building is superlinear in nesting depth
    /// (100,000 nested divs take AngleSharp tens of seconds), so the body is never handed over.
    /// </summary>
    public static string Head(string html)
    {
        var body = html.IndexOf("<body", StringComparison.OrdinalIgnoreCase);
        var end = body >= 0 ? body : html.IndexOf("</head>", StringComparison.OrdinalIgnoreCase);
        end = end >= 0 ? end : html.Length;
        return html[..Math.Min(end, MaxHeadChars)];
    }

    private const int MaxHeadChars = 64 * 1024;
}
