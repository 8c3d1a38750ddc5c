using AngleSharp.Dom;

namespace Aggregator.Scrape;

/// <summary>
/// Recognizes page furniture (CONTRACT §5: never an article) by element, role, class and id,
/// and links that lead to furniture pages (categories, tags, authors, pagination, feeds, logins, shares).
/// </summary>
internal static class PageFurniture
{
    private static readonly HashSet<string> ExcludedWords = new(StringComparer.Ordinal)
    {
        "nav", "navbar", "navigation", "menu", "menubar", "share", "shares", "sharing", "sharedaddy", "social",
        "pagination", "pager", "paging", "tags", "tagcloud", "tag-cloud", "comments", "comment-list", "commentlist",
        "breadcrumb", "breadcrumbs", "footer", "colophon", "skip-link", "cookie", "cookies",
    };

    private static readonly HashSet<string> SecondaryWords = new(StringComparer.Ordinal)
    {
        "sidebar", "widget", "widgets", "widget-area", "secondary", "aside", "header", "masthead", "banner",
        "related", "promo", "advert", "advertisement", "ads", "sponsored", "newsletter", "subscribe", "donate",
        "appeal", "fundraising", "popular", "trending", "most-read",
    };

    private static readonly HashSet<string> MainWords = new(StringComparer.Ordinal) { "main", "content", "site-main", "main-content", "primary", "posts", "blog" };

    private static readonly HashSet<string> FurnitureSegments = new(StringComparer.OrdinalIgnoreCase)
    {
        "category", "categories", "tag", "tags", "author", "authors", "feed", "rss", "atom", "login", "logout",
        "wp-login.php", "wp-admin", "register", "signup", "sign-up", "subscribe", "donate", "donation", "donations",
        "share", "search", "cart", "account", "my-account", "contact", "contact-us", "about", "about-us",
        "privacy", "privacy-policy", "terms", "cookie-policy",
    };

    private static readonly HashSet<string> FurnitureQueryKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "share", "replytocom", "s", "paged", "page", "cat", "tag", "author", "feed", "action",
    };

    /// <summary>The strongest furniture signal on the element itself.</summary>
    public static FurnitureLevel Classify(IElement element)
    {
        // html and body carry page-state classes ("sticky-header", "category-coups") that describe the whole page.
        if (element.LocalName is "html" or "body")
        {
            return FurnitureLevel.None;
        }

        switch (element.LocalName)
        {
            case "nav" or "footer" or "menu":
                return FurnitureLevel.Excluded;
            case "header" or "aside":
                return FurnitureLevel.Secondary;
        }

        switch (element.GetAttribute("role"))
        {
            case "navigation" or "contentinfo" or "menu" or "menubar":
                return FurnitureLevel.Excluded;
            case "banner" or "complementary":
                return FurnitureLevel.Secondary;
        }

        var level = element.LocalName == "main" || element.GetAttribute("role") == "main" ? FurnitureLevel.Main : FurnitureLevel.None;
        foreach (var token in Tokens(element))
        {
            if (Matches(token, ExcludedWords))
            {
                return FurnitureLevel.Excluded;
            }

            if (Matches(token, SecondaryWords))
            {
                level = FurnitureLevel.Secondary;
            }
            else if (level == FurnitureLevel.None && MainWords.Contains(token))
            {
                level = FurnitureLevel.Main;
            }
        }

        return level;
    }

    /// <summary>Links that are never an article: the page itself, the home page, taxonomy, pagination, feeds, accounts, shares.</summary>
    public static bool IsFurnitureUrl(Uri link, Uri page)
    {
        if (SameDocument(link, page))
        {
            return true;
        }

        // The home page is furniture, but "/?p=123" is WordPress's plain permalink to a post.
        if (link.AbsolutePath == "/")
        {
            return link.Query.Length <= 1 || IsFurnitureQuery(link.Query);
        }

        var segments = link.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            if (FurnitureSegments.Contains(segment))
            {
                return true;
            }

            if (string.Equals(segment, "page", StringComparison.OrdinalIgnoreCase) && i + 1 < segments.Length && segments[i + 1].All(char.IsAsciiDigit))
            {
                return true;
            }
        }

        return segments.Length > 0 && segments[^1].EndsWith(".xml", StringComparison.OrdinalIgnoreCase)
            || IsFurnitureQuery(link.Query);
    }

    /// <summary>Equal but for the fragment.</summary>
    public static bool SameDocument(Uri a, Uri b) =>
        Uri.Compare(a, b, UriComponents.HttpRequestUrl, UriFormat.SafeUnescaped, StringComparison.OrdinalIgnoreCase) == 0;

    private static bool IsFurnitureQuery(string query)
    {
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var key = pair.Split('=', 2)[0];
            if (FurnitureQueryKeys.Contains(key))
            {
                return true;
            }
        }

        return false;
    }

    private static IEnumerable<string> Tokens(IElement element)
    {
        foreach (var token in element.ClassList)
        {
            yield return token.ToLowerInvariant();
        }

        if (element.Id is { Length: > 0 } id)
        {
            yield return id.ToLowerInvariant();
        }
    }

    // "main-navigation" and "nav-links" match "navigation" and "nav": the word, or the word as a dash- or
    // underscore-separated prefix or suffix of the class.
    private static bool Matches(string token, HashSet<string> words)
    {
        // State classes ("has-sidebar", "no-comments") describe a neighbour, not the element.
        if (token.StartsWith("has-", StringComparison.Ordinal) || token.StartsWith("no-", StringComparison.Ordinal)
            || token.StartsWith("with-", StringComparison.Ordinal) || token.StartsWith("is-", StringComparison.Ordinal))
        {
            return false;
        }

        if (words.Contains(token))
        {
            return true;
        }

        var lookup = words.GetAlternateLookup<ReadOnlySpan<char>>();
        for (var i = 0; i < token.Length; i++)
        {
            if (token[i] is '-' or '_' && (lookup.Contains(token.AsSpan(0, i)) || lookup.Contains(token.AsSpan(i + 1))))
            {
                return true;
            }
        }

        return false;
    }
}
