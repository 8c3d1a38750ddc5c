using Aggregator.Parse;
using System.Text;

namespace Aggregator.Publish.Pages;

/// <summary>
/// What every HTML page shares: the head (viewport, autodiscovery, one inline stylesheet with a dark
/// scheme and a phone layout), the site header with its search form, and the page's CSP.
/// No script and nothing from another origin, so the policy stays "default-src 'none'".
/// </summary>
public static class PageLayout
{
    /// <summary>Only the inline stylesheet, and forms that submit to this site (the search box).</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    // Colours chosen for WCAG AA contrast on both schemes; the charts take theirs from here too.
    private const string Style =
        ":root{color-scheme:light dark;--fg:#1b1b1b;--bg:#fff;--muted:#555;--line:#d4d4d4;--link:#0b57d0;--bad:#a4000f;--ok:#176b26;--idle:#8a8a8a;--box:#f3f3f3}"
        + "@media (prefers-color-scheme:dark){:root{--fg:#e9e9e9;--bg:#141414;--muted:#b0b0b0;--line:#3a3a3a;--link:#8ab4f8;--bad:#ff8a8a;--ok:#7fd68f;--idle:#8f8f8f;--box:#1f1f1f}}"
        + "*{box-sizing:border-box}body{font:16px/1.5 system-ui,sans-serif;max-width:50rem;margin:auto;padding:1rem;color:var(--fg);background:var(--bg);overflow-wrap:anywhere}"
        + "a{color:var(--link)}header{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;border-bottom:1px solid var(--line);padding-bottom:.5rem}"
        + "header .site{font-weight:bold;margin-right:auto}form{display:flex;gap:.4rem;flex-wrap:wrap;align-items:center}"
        + "input[type=search]{font:inherit;padding:.3rem .5rem;min-width:0;flex:1 1 12rem;color:var(--fg);background:var(--bg);border:1px solid var(--muted);border-radius:.3rem}"
        + "button,.button{font:inherit;padding:.3rem .7rem;border:1px solid var(--muted);border-radius:.3rem;background:var(--box);color:var(--fg);text-decoration:none;display:inline-block}"
        + "h1{font-size:1.6rem;margin:.8rem 0 .4rem}h2{font-size:1.15rem;margin:0 0 .2rem}"
        + ".meta,.muted{color:var(--muted);font-size:.9rem}.subscribe{display:flex;gap:.5rem;flex-wrap:wrap;margin:.5rem 0 1rem}"
        + "article{border-bottom:1px solid var(--line);padding:.8rem 0}article img,article video,article iframe{display:none}"
        + ".teaser{margin:.3rem 0}.teaser p{margin:.3rem 0}nav.pager{display:flex;justify-content:space-between;gap:1rem;margin:1rem 0}"
        + "ul.topics{padding-left:1.2rem}ul.topics li{margin:.6rem 0}ul.headlines{margin:.2rem 0;padding-left:1.1rem;font-size:.95rem}"
        + "table{border-collapse:collapse;width:100%}td,th{padding:.3rem;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}"
        + ".bad{color:var(--bad)}.ok{color:var(--ok)}.outlet{border-bottom:1px solid var(--line);padding:.8rem 0}"
        + "svg.chart{width:100%;max-width:32rem;height:auto;display:block}.chart .bar{fill:var(--link)}.chart .axis{stroke:var(--line)}"
        + ".chart .new{fill:var(--ok)}.chart .unchanged{fill:var(--idle)}.chart .failed{fill:var(--bad)}.chart text{fill:var(--muted);font-size:10px}"
        + ".error{color:var(--bad)}dl{display:grid;grid-template-columns:auto 1fr;gap:.1rem .8rem;margin:.3rem 0}dt{color:var(--muted)}dd{margin:0}";

    /// <summary>Opens the document: head, header with search form, and the main landmark.</summary>
    /// <param name="siteBase">The served site; null for static files (`publish --out`), which have no search or outlet pages.</param>
    /// <param name="alternates">Autodiscovery: (media type, title, href) of each feed of this page.</param>
    public static StringBuilder Begin(string title, Uri? siteBase, IEnumerable<(string MediaType, string Title, string Href)> alternates,
        string? searchText = null, string? searchAction = null, string searchLabel = "Search all articles")
    {
        var html = new StringBuilder(16 * 1024);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<meta name=\"color-scheme\" content=\"light dark\">")
            .Append("<title>").Append(HtmlEscape.AttributeValue(title)).Append("</title>");
        foreach (var (mediaType, feedTitle, href) in alternates)
        {
            // Media types are our constants, written as they are.
            html.Append("<link rel=\"alternate\" type=\"").Append(mediaType).Append("\" title=\"").Append(HtmlEscape.AttributeValue(feedTitle))
                .Append("\" href=\"").Append(HtmlEscape.AttributeValue(href)).Append("\">");
        }
        html.Append("<style>").Append(Style).Append("</style></head><body><header>");
        if (siteBase is null)
        {
            return html.Append("<span class=\"site\">").Append(HtmlEscape.AttributeValue(Http.SiteEndpoints.SiteTitle)).Append("</span></header><main>");
        }
        html.Append("<a class=\"site\" href=\"")
            .Append(HtmlEscape.AttributeValue(siteBase.AbsoluteUri)).Append("\">").Append(HtmlEscape.AttributeValue(Http.SiteEndpoints.SiteTitle)).Append("</a>")
            .Append("<form role=\"search\" method=\"get\" action=\"").Append(HtmlEscape.AttributeValue(searchAction ?? new Uri(siteBase, "search").AbsoluteUri)).Append("\">")
            .Append("<label for=\"q\">").Append(HtmlEscape.AttributeValue(searchLabel)).Append("</label>")
            .Append("<input id=\"q\" name=\"q\" type=\"search\" maxlength=\"").Append(Topics.SearchQuery.MaxLength).Append("\" value=\"")
            .Append(HtmlEscape.AttributeValue(searchText ?? string.Empty)).Append("\"><button type=\"submit\">Search</button></form>")
            .Append("<a href=\"").Append(HtmlEscape.AttributeValue(new Uri(siteBase, "outlets").AbsoluteUri)).Append("\">Outlets</a></header><main>");
        return html;
    }

    public static string End(StringBuilder html) => html.Append("</main></body></html>\n").ToString();

    /// <summary>Autodiscovery entries for the three formats of a feed whose URLs <paramref name="urlOf"/> gives.</summary>
    public static IEnumerable<(string MediaType, string Title, string Href)> Alternates(string title, Func<string, string> urlOf) =>
        FeedFormatKind.All.Select(f => (f.MediaType.Split(';')[0], $"{title} ({FormatName(f)})", urlOf(f.Extension)));

    public static string FormatName(FeedFormatKind format) => format.Extension switch
    {
        "atom" => "Atom",
        "rss" => "RSS",
        _ => "JSON Feed",
    };

    /// <summary>The three subscribe buttons.</summary>
    public static void AppendSubscribe(StringBuilder html, string what, Func<string, string> urlOf)
    {
        html.Append("<p class=\"subscribe\"><span>Subscribe to ").Append(HtmlEscape.AttributeValue(what)).Append(":</span>");
        foreach (var format in FeedFormatKind.All)
        {
            html.Append("<a class=\"button\" href=\"").Append(HtmlEscape.AttributeValue(urlOf(format.Extension))).Append("\">")
                .Append(FormatName(format)).Append("</a>");
        }
        html.Append("</p>");
    }
}
