using System.Globalization;
using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace Aggregator.FullText;

/// <summary>Collects title, byline, excerpt, site name and publication time from the page head.</summary>
internal static partial class MetadataReader
{
    [GeneratedRegex(@"\s*(article|dc|dcterm|og|twitter)\s*:\s*(author|creator|description|published_time|title|site_name)\s*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PropertyPattern();

    [GeneratedRegex(@"^\s*(?:(dc|dcterm|og|twitter|parsely|weibo:(article|webpage))\s*[-\.:]\s*)?(author|creator|pub-date|description|title|site_name)\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"\s")]
    private static partial Regex Whitespace();

    public static ArticleMetadata Read(IDocument doc, JsonLdMetadata jsonLd)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var meta in doc.QuerySelectorAll("meta"))
        {
            var content = meta.GetAttribute("content")?.Trim();
            if (string.IsNullOrEmpty(content))
            {
                continue;
            }

            var matched = false;
            if (meta.GetAttribute("property") is { } property)
            {
                // property may hold several space-separated names ("og:title dc:title").
                foreach (Match m in PropertyPattern().Matches(property))
                {
                    values[Whitespace().Replace(m.Value.ToLowerInvariant(), string.Empty)] = content;
                    matched = true;
                }
            }

            if (!matched && meta.GetAttribute("name") is { } name && NamePattern().IsMatch(name))
            {
                var key = Whitespace().Replace(name.ToLowerInvariant(), string.Empty).Replace('.', ':');
                values[key] = content;
            }
        }

        var title = jsonLd.Title
            ?? Get(values, "dc:title", "dcterm:title", "og:title", "weibo:article:title", "weibo:webpage:title", "title", "twitter:title", "parsely-title")
            ?? TitleCleaner.FromDocument(doc);

        var articleAuthor = values.TryGetValue("article:author", out var aa) && !LooksLikeUrl(aa) ? aa : null;
        var byline = jsonLd.Byline
            ?? Get(values, "dc:creator", "dcterm:creator", "author", "parsely-author")
            ?? articleAuthor;

        var excerpt = jsonLd.Excerpt
            ?? Get(values, "dc:description", "dcterm:description", "og:description", "weibo:article:description", "weibo:webpage:description", "description", "twitter:description");

        var siteName = jsonLd.SiteName ?? Get(values, "og:site_name");

        var published = ParseDate(jsonLd.DatePublished)
            ?? ParseDate(Get(values, "article:published_time", "parsely-pub-date"))
            ?? ParseDate(ArticleTime(doc));

        string[] descriptionKeys = ["dc:description", "dcterm:description", "og:description", "description", "twitter:description"];
        var descriptions = new[] { jsonLd.Excerpt }.Concat(descriptionKeys.Select(k => values.GetValueOrDefault(k)))
            .Select(EntityText.Decode)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .ToList();

        return new ArticleMetadata(
            EntityText.Decode(title),
            EntityText.Decode(byline),
            EntityText.Decode(excerpt),
            EntityText.Decode(siteName),
            published)
        {
            Descriptions = descriptions,
        };
    }

    private static string? Get(Dictionary<string, string> values, params string[] keys)
    {
        foreach (var key in keys)
        {
            if (values.TryGetValue(key, out var v))
            {
                return v;
            }
        }

        return null;
    }

    private static bool LooksLikeUrl(string s) =>
        Uri.TryCreate(s, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps);

    /// <summary>A time[datetime] inside the article element, when the head says nothing.</summary>
    private static string? ArticleTime(IDocument doc)
    {
        var time = doc.QuerySelector("article time[datetime], [itemprop=datePublished][datetime], time[pubdate][datetime]")
            ?? doc.QuerySelector("main time[datetime]");
        return time?.GetAttribute("datetime");
    }

    private static DateTimeOffset? ParseDate(string? s)
    {
        if (string.IsNullOrWhiteSpace(s))
        {
            return null;
        }

        return DateTimeOffset.TryParse(s.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d) ? d : null;
    }
}
