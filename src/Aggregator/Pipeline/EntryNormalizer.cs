using Aggregator.Model;
using Aggregator.Normalize;
using Aggregator.Store;

namespace Aggregator.Pipeline;

/// <summary>
/// Turns what a parser or scraper read into what the store keeps: canonical identity, sanitized
/// HTML with absolute URLs, plain-text title, and times no later than the fetch.
/// </summary>
public static class EntryNormalizer
{
    private const int MaxCategories = 32;
    private const int MaxTitleLength = 500;

    /// <returns>null when the entry has neither a link nor an id, so nothing could ever recognise it again.</returns>
    public static ArticleCandidate? Normalize(FeedEntry entry, string outletId, Uri fallbackLink, DateTimeOffset fetchedAt)
    {
        var sourceId = string.IsNullOrWhiteSpace(entry.Id) ? null : entry.Id.Trim();
        // Link fallbacks: the entry's link when it is a web URL; else its id when that is one (RSS guid permalinks);
        // else the feed's own page, with an identity made from the id so it never merges with other entries.
        // A link in another scheme (ms-msdt:, search-ms:, intent:) is one a reader would hand to the operating
        // system, so it is never the article's link; it still tells the entry apart when there is no id.
        // Credentials are dropped before the canonical URL is made, so rotating a password changes no identity.
        var link = PublicLink.Of(entry.Link) ?? (sourceId is not null && IsWebUrl(sourceId, out var idUrl) ? PublicLink.Of(idUrl) : null);
        var identity = sourceId ?? entry.Link?.AbsoluteUri;
        string canonical;
        if (link is not null)
        {
            canonical = UrlCanonicalizer.Canonicalize(link);
        }
        else if (identity is not null)
        {
            link = PublicLink.WithoutUserInfo(fallbackLink);
            canonical = $"urn:x-aggregator:{outletId}:{identity}";
        }
        else
        {
            return null;
        }

        var baseUri = entry.BaseUri ?? link;
        var summary = NullIfBlank(HtmlSanitizer.Sanitize(entry.Summary, baseUri));
        var content = NullIfBlank(HtmlSanitizer.Sanitize(entry.Content, baseUri));
        return new ArticleCandidate
        {
            OutletId = outletId,
            SourceId = sourceId,
            CanonicalUrl = canonical,
            Link = link,
            Title = TitleOf(entry, summary ?? content, link),
            Summary = summary,
            Content = content,
            Author = NullIfBlank(entry.Author?.Trim()),
            Published = Clamp(entry.Published ?? entry.Updated, fetchedAt),
            Updated = Clamp(entry.Updated, fetchedAt),
            Categories = entry.Categories
                .Select(c => c.Trim())
                .Where(c => c.Length > 0)
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .Take(MaxCategories)
                .ToList(),
            Enclosures = entry.Enclosures.Where(e => PublicLink.IsWeb(e.Url)).Select(e => e with { Url = PublicLink.WithoutUserInfo(e.Url) }).ToList(),
            ImageUrl = PublicLink.Of(entry.ImageUrl),
        };
    }

    /// <summary>The article the topic matcher sees for a candidate (ids are not known yet and not needed).</summary>
    public static Article ForMatching(ArticleCandidate candidate) => new()
    {
        Id = string.Empty,
        ClusterId = string.Empty,
        OutletId = candidate.OutletId,
        CanonicalUrl = candidate.CanonicalUrl,
        Link = candidate.Link,
        Title = candidate.Title,
        Summary = candidate.Summary,
        Content = candidate.Content,
        Categories = candidate.Categories,
        FirstSeen = DateTimeOffset.MinValue,
    };

    // Title fallbacks: the entry's title; else the start of its text; else its link (Miniflux does the same).
    private static string TitleOf(FeedEntry entry, string? html, Uri link)
    {
        // Readers and scrapers hand over titles as plain text already: "the <blink> tag" is words, not markup.
        var title = CollapseWhitespace(entry.Title);
        if (title.Length == 0 && html is not null)
        {
            title = HtmlText.Truncate(HtmlText.ToPlainText(html), 80);
        }
        if (title.Length == 0)
        {
            title = link.AbsoluteUri;
        }
        return title.Length > MaxTitleLength ? HtmlText.Truncate(title, MaxTitleLength) : title;
    }

    public static string CollapseWhitespace(string? text) =>
        text is null ? string.Empty : string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    // A date in the future is a publisher's clock or typo; keeping it would pin the item to the top.
    private static DateTimeOffset? Clamp(DateTimeOffset? time, DateTimeOffset fetchedAt) =>
        time is { } t && t > fetchedAt ? fetchedAt : time;

    private static bool IsWebUrl(string value, out Uri url) =>
        Uri.TryCreate(value, UriKind.Absolute, out url!) && url.Scheme is "http" or "https";

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
