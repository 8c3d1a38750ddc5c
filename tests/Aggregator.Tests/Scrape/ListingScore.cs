using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Aggregator.Model;

namespace Aggregator.Tests.Scrape;

/// <summary>One listing page with its truth: the article links a reader expects, and links that are the site's
/// articles but sit elsewhere on the page (a sidebar's recent posts), neither required nor counted against.</summary>
internal sealed record ListingCase(string Name, string Html, Uri PageUrl, IReadOnlyList<(string Url, string Title)> Articles, IReadOnlyList<string> Also);

/// <summary>What detection returned on one page, scored as the listings-dev corpus's score.py scores it.</summary>
internal sealed partial record ListingScore(string Name, int Articles, int Items, int Found, int Furniture, int Duplicates, string? Structure, string? Error)
{
    /// <summary>Found over everything countable that came back; null when nothing countable came back.</summary>
    public double? Precision => Found + Furniture + Duplicates == 0 ? null : (double)Found / (Found + Furniture + Duplicates);

    public double Recall => Articles == 0 ? 0 : (double)Found / Articles;

    public double F1 => Precision is { } p && p + Recall > 0 ? 2 * p * Recall / (p + Recall) : 0;

    /// <summary>Matches items by normalised URL, then by normalised title (score.py's rules).</summary>
    public static ListingScore Of(ListingCase page, IReadOnlyList<FeedEntry> items, string? structure, string? error)
    {
        var byUrl = new Dictionary<string, int>(StringComparer.Ordinal);
        var byTitle = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < page.Articles.Count; i++)
        {
            byUrl.TryAdd(UrlKey(page.Articles[i].Url), i);
            if (TitleKey(page.Articles[i].Title) is { Length: > 0 } title)
            {
                byTitle.TryAdd(title, i);
            }
        }

        var also = page.Also.Select(UrlKey).ToHashSet(StringComparer.Ordinal);
        var matched = new HashSet<int>();
        int furniture = 0, duplicates = 0;
        foreach (var item in items)
        {
            var key = UrlKey(item.Link?.AbsoluteUri);
            int? index = byUrl.TryGetValue(key, out var u) ? u : null;
            if (index is null && !also.Contains(key) && byTitle.TryGetValue(TitleKey(item.Title), out var t) && !matched.Contains(t))
            {
                index = t;
            }

            if (index is { } i)
            {
                duplicates += matched.Add(i) ? 0 : 1;
            }
            else if (!also.Contains(key))
            {
                furniture++;
            }
        }

        return new ListingScore(page.Name, page.Articles.Count, items.Count, matched.Count, furniture, duplicates, structure, error);
    }

    public static string UrlKey(string? url)
    {
        if (!Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri))
        {
            return url ?? string.Empty;
        }

        var path = Uri.UnescapeDataString(uri.AbsolutePath);
        path = IndexFile().Replace(path, "/").Replace("/./", "/", StringComparison.Ordinal).TrimEnd('/');
        path = path.Length == 0 ? "/" : path;
        var query = string.Join('&', uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(pair => !Tracking().IsMatch(pair.Split('=', 2)[0])).Order(StringComparer.Ordinal));
        var host = uri.Host.ToLowerInvariant();
        host = host.StartsWith("www.", StringComparison.Ordinal) ? host[4..] : host;
        return $"{host}|{path}|{query}";
    }

    public static string TitleKey(string? title)
    {
        var text = (title ?? string.Empty).Normalize(NormalizationForm.FormKC).ToLower(CultureInfo.InvariantCulture);
        return string.Join(' ', Words().Matches(text).Select(m => m.Value));
    }

    [GeneratedRegex(@"/index\.html?$")]
    private static partial Regex IndexFile();

    [GeneratedRegex("^(utm_.*|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_hsenc|_hsmi|igshid|yclid|ref_src|si)$", RegexOptions.IgnoreCase)]
    private static partial Regex Tracking();

    [GeneratedRegex(@"\w+")]
    private static partial Regex Words();
}
