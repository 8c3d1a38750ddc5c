using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Aggregator.Model;
using Aggregator.Parse;

namespace Aggregator.Normalize;

/// <summary>
/// Turns what a parser or scraper read into what the store keeps: canonical identity, sanitized
/// HTML with absolute URLs, plain-text title, and times no later than the fetch.
/// </summary>
public static class EntryNormalizer
{
    private const int MaxCategories = 32;

    // An entry may carry thousands of enclosures (a hostile feed did): each is a row stored and republished per reader.
    private const int MaxEnclosures = 16;

    // Short fields have short bounds: a feed can put a megabyte anywhere, and what we store we republish
    // to readers (one 1 MB author took a feed reader 45 s). Anything longer is cut, and the cut is reported.
    public const int MaxTitleLength = 500;
    public const int MaxAuthorLength = 200;
    public const int MaxCategoryLength = 100;
    public const int MaxMediaTypeLength = 100;

    /// <summary>Longer source ids are kept as a hash of themselves: cut, two ids sharing a prefix would become one.</summary>
    public const int MaxSourceIdLength = 512;

    /// <summary>Every entry becomes a candidate: a reader shows it, so it is stored (its identity, without link or id, from its content).</summary>
    /// <param name="clipped">Receives one note per field that was not stored as the feed gave it (cut, hashed, over a limit, not a web link).</param>
    public static ArticleCandidate Normalize(
        FeedEntry entry, string outletId, Uri fallbackLink, DateTimeOffset fetchedAt, ICollection<FieldNote>? clipped = null)
    {
        clipped ??= [];
        var sourceId = string.IsNullOrWhiteSpace(entry.Id) ? null : entry.Id.Trim();
        if (sourceId is { Length: > MaxSourceIdLength })
        {
            clipped.Add(new FieldNote("id", FieldNote.Hashed, $"{sourceId.Length.ToString(CultureInfo.InvariantCulture)} chars, kept as its hash"));
            sourceId = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sourceId)));
        }
        // Link fallbacks: the entry's link when it is a web URL; else its id when that is one (RSS guid permalinks);
        // else the feed's own page, with an identity made from the id so it never merges with other entries;
        // without an id either (RSS asks only for a title or a description), an identity made from what the entry says.
        // A link in another scheme (ms-msdt:, search-ms:, intent:) is one a reader would hand to the operating
        // system, so it is never the article's link; it still tells the entry apart when there is no id.
        // Credentials are dropped before the canonical URL is made, so rotating a password changes no identity.
        var link = PublicLink.Of(entry.Link) ?? (sourceId is not null && IsWebUrl(sourceId, out var idUrl) ? PublicLink.Of(idUrl) : null);
        NotWeb(entry.Link, "link", clipped);
        NotWeb(entry.ImageUrl, "image", clipped);
        if (entry.Enclosures.Count(e => !PublicLink.IsWeb(e.Url)) is > 0 and var notWeb)
        {
            clipped.Add(new FieldNote("enclosures", FieldNote.NotWeb, $"{notWeb.ToString(CultureInfo.InvariantCulture)} not web links, dropped"));
        }
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
            link = PublicLink.WithoutUserInfo(fallbackLink);
            canonical = ContentIdentity.For(outletId, entry.Title, entry.Content ?? entry.Summary, entry.Enclosures.Count > 0 ? entry.Enclosures[0].Url : null, () => Rest(entry));
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
            Title = TitleOf(entry, summary ?? content, link, clipped),
            Summary = summary,
            Content = content,
            Author = Bounded(NullIfBlank(entry.Author?.Trim()), MaxAuthorLength, "author", clipped),
            // Published falls back to Updated: a future Updated is counted once, as itself.
            Published = Clamp(entry.Published ?? entry.Updated, fetchedAt, entry.Published is null ? null : "published", clipped),
            Updated = Clamp(entry.Updated, fetchedAt, "updated", clipped),
            // Most entries have neither categories nor enclosures: no query chain and no list for nothing.
            Categories = entry.Categories.Count == 0 ? [] : entry.Categories
                .Select(c => c.Trim())
                .Where(c => c.Length > 0)
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .Take(Counted(entry.Categories.Count, MaxCategories, "categories", clipped))
                .Select(c => Bounded(c, MaxCategoryLength, "category", clipped)!)
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .ToList(),
            Enclosures = entry.Enclosures.Count == 0 ? [] : entry.Enclosures.Where(e => PublicLink.IsWeb(e.Url))
                .Take(Counted(entry.Enclosures.Count, MaxEnclosures, "enclosures", clipped))
                .Select(e => e with { Url = PublicLink.WithoutUserInfo(e.Url) })
                .Select(e => e.MediaType is { Length: > MaxMediaTypeLength } ? e with { MediaType = Bounded(e.MediaType, MaxMediaTypeLength, "enclosure type", clipped) } : e)
                .ToList(),
            ImageUrl = PublicLink.Of(entry.ImageUrl),
        };
    }

    // Title fallbacks: the entry's title; else the start of its text; else its link (Miniflux does the same).
    private static string TitleOf(FeedEntry entry, string? html, Uri link, ICollection<FieldNote> clipped)
    {
        // Readers and scrapers hand over titles as plain text already: "the <blink> tag" is words, not markup.
        var title = CollapseWhitespace(entry.Title);
        if (title.Length == 0 && html is not null)
        {
            title = HtmlText.Truncate(HtmlText.ToPlainText(html, TextLayout.Blocks), 80);
        }
        if (title.Length == 0)
        {
            title = link.AbsoluteUri;
        }
        return Bounded(title, MaxTitleLength, "title", clipped)!;
    }

    /// <summary>A link of the entry in another scheme than http(s): not stored (a reader would hand it to the operating system), and noted.</summary>
    private static void NotWeb(Uri? url, string field, ICollection<FieldNote> clipped)
    {
        if (url is not null && !PublicLink.IsWeb(url))
        {
            var scheme = url.IsAbsoluteUri ? url.Scheme + ":" : "relative";
            clipped.Add(new FieldNote(field, FieldNote.NotWeb, $"{scheme} is not a web link, dropped"));
        }
    }

    private static string? Bounded(string? text, int maxChars, string field, ICollection<FieldNote> clipped)
    {
        if (text is null || text.Length <= maxChars)
        {
            return text;
        }
        clipped.Add(new FieldNote(field, FieldNote.Cut, $"{text.Length.ToString(CultureInfo.InvariantCulture)} chars"));
        return HtmlText.Truncate(text, maxChars);
    }

    /// <summary>
    /// How many of a list to keep: all up to <paramref name="max"/>; beyond it the rest are dropped, and the cut is
    /// reported like a clipped field, so thousands of categories or enclosures on one entry do not go silently.
    /// </summary>
    private static int Counted(int count, int max, string field, ICollection<FieldNote> clipped)
    {
        if (count > max)
        {
            clipped.Add(new FieldNote(field, FieldNote.OverLimit,
                $"{count.ToString(CultureInfo.InvariantCulture)}, kept at most {max.ToString(CultureInfo.InvariantCulture)}"));
        }
        return max;
    }

    /// <summary>The label, in aggregator_entries_dropped_total, of entries with nothing in them to store.</summary>
    public const string EmptyReason = "empty";

    /// <summary>
    /// True when the entry holds nothing at all (no title, link, id, text, enclosure, date, author or category): what a
    /// lenient read keeps of an entry cut off before its content. A reader shows it; a store has nothing to keep.
    /// </summary>
    public static bool IsEmpty(FeedEntry e) =>
        string.IsNullOrWhiteSpace(e.Id) && e.Link is null && string.IsNullOrWhiteSpace(e.Title) && string.IsNullOrWhiteSpace(e.Summary)
        && string.IsNullOrWhiteSpace(e.Content) && e.Enclosures.Count == 0 && e.Published is null && e.Updated is null
        && e.Authors.Count == 0 && e.Categories.Count == 0 && e.ImageUrl is null;

    private static string Rest(FeedEntry entry) => string.Join('\u001e',
        entry.Published?.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), entry.Updated?.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
        entry.Author, string.Join('\u001d', entry.Categories), entry.ImageUrl?.AbsoluteUri);

    public static string CollapseWhitespace(string? text) =>
        text is null ? string.Empty
        : IsCollapsed(text) ? text
        : string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    // Most titles are single-spaced already: returned as they are, not split into words and joined again (issue 23).
    private static bool IsCollapsed(string text)
    {
        if (text.Length > 0 && (text[0] == ' ' || text[^1] == ' '))
        {
            return false;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == ' ' ? text[i - 1] == ' ' : char.IsWhiteSpace(c))
            {
                return false;
            }
        }

        return true;
    }

    // A date in the future is a publisher's clock or typo; keeping it would pin the item to the top.
    private static DateTimeOffset? Clamp(DateTimeOffset? time, DateTimeOffset fetchedAt, string? field, ICollection<FieldNote> clipped)
    {
        if (time is not { } t || t <= fetchedAt)
        {
            return time;
        }
        if (field is not null)
        {
            clipped.Add(new FieldNote(field, FieldNote.Future, string.Create(CultureInfo.InvariantCulture,
                $"{t.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}, after the fetch: kept as the fetch time")));
        }
        return fetchedAt;
    }

    private static bool IsWebUrl(string value, out Uri url) =>
        Uri.TryCreate(value, UriKind.Absolute, out url!) && url.Scheme is "http" or "https";

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
