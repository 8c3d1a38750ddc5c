using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace Aggregator.FullText;

/// <summary>
/// Whether an element's own names (class, id, itemprop, rel) say it is page furniture rather than article text:
/// captions and credits, bylines and dates, tags, ratings, share bars, related lists, newsletter and comment
/// boxes, author bios. Names are split into words ("entry-meta", "authorBox", "wp-caption-text") so
/// "tags" in "post-tags" counts and "tagline" does not.
/// </summary>
internal static partial class BoilerplateMarkup
{
    private const int MaxWords = 4;

    private const string CarriedNames = "data-unwrapped-names";

    private static readonly HashSet<string> Words = new(StringComparer.Ordinal)
    {
        "byline", "bylines", "dateline", "author", "authors",
        "bio", "meta", "metadata", "postmetadata", "date", "dates", "timestamp", "published", "updated", "posted",
        "pubdate", "modified", "utility", "tags", "tag", "rating", "ratings", "share", "shares", "sharing", "sharedaddy",
        "social", "related", "recommended", "recommendations", "newsletter", "subscribe", "subscription", "signup",
        "comment", "comments", "respond", "promo", "advert", "advertisement", "sponsor", "sponsored", "breadcrumb",
        "breadcrumbs", "disclaimer", "toolbar", "licence", "license",
    };

    /// <summary>Names of captions and credits: apart, because a gallery keeps them (see <see cref="BoilerplateFilter"/>).</summary>
    private static readonly HashSet<string> CaptionWords = new(StringComparer.Ordinal)
    {
        "caption", "captions", "figcaption", "legend", "credit", "credits", "copyright",
    };

    /// <summary>WordPress puts the post's taxonomy on its container ("tag-berlin", "category-news"): not a role.</summary>
    [GeneratedRegex(@"^(tag|category|categories|format|status|type|postid|post-\d|page-id|author-\d)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TaxonomyToken();

    [GeneratedRegex(@"[\p{Lu}]?[\p{Ll}]+|[\p{Lu}]+(?![\p{Ll}])", RegexOptions.CultureInvariant)]
    private static partial Regex NameWord();

    /// <summary>
    /// Keeps a wrapper's names on the paragraph that replaces it (Readability unwraps a div around one paragraph), so
    /// a "subscribe-box" or "author-bio" holding a single paragraph is still recognised. A separate attribute, so
    /// Readability's own class tests see what they always saw; <see cref="Forget"/> drops it from the output.
    /// </summary>
    public static void CarryNames(IElement wrapper, IElement replacement)
    {
        var names = string.Join(' ', new[] { wrapper.GetAttribute("class"), wrapper.Id, wrapper.GetAttribute(CarriedNames) }
            .Where(n => !string.IsNullOrWhiteSpace(n)));
        if (names.Length > 0)
        {
            replacement.SetAttribute(CarriedNames, names);
        }
    }

    public static void Forget(IElement root)
    {
        foreach (var e in root.QuerySelectorAll("[" + CarriedNames + "]"))
        {
            e.RemoveAttribute(CarriedNames);
        }
    }

    public static bool IsMarked(IElement element)
    {
        if (Dom.Is(element, "time"))
        {
            return true;
        }

        if (string.Equals(element.GetAttribute("rel"), "author", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return HasWord(element.GetAttribute("class"), Words) || HasWord(element.Id, Words) || HasWord(element.GetAttribute("itemprop"), Words)
            || HasWord(element.GetAttribute(CarriedNames), Words);
    }

    /// <summary>A figcaption, or a block named as a caption or photo credit.</summary>
    public static bool IsCaption(IElement element) =>
        Dom.Is(element, "figcaption") || HasWord(element.GetAttribute("class"), CaptionWords) || HasWord(element.Id, CaptionWords)
        || HasWord(element.GetAttribute("itemprop"), CaptionWords) || HasWord(element.GetAttribute(CarriedNames), CaptionWords);

    private static bool HasWord(string? names, HashSet<string> words)
    {
        if (string.IsNullOrEmpty(names))
        {
            return false;
        }

        foreach (var token in names.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (TaxonomyToken().IsMatch(token))
            {
                continue;
            }

            var parts = NameWord().Matches(token).Select(m => m.Value.ToLowerInvariant()).ToList();

            // A long name is a slug of the text ("sharing-with-a-single-developer"), not a role.
            if (parts.Count > MaxWords)
            {
                continue;
            }

            for (var i = 0; i < parts.Count; i++)
            {
                // "no_caption", "has-comments", "with-date": a property of the block, not what it is.
                if (i > 0 && parts[i - 1] is "no" or "non" or "has" or "with" or "without" or "hide" or "show")
                {
                    continue;
                }

                if (words.Contains(parts[i]))
                {
                    return true;
                }

                // "read-more", "more-stories", "next-post": the pairs, not "more" or "next" alone.
                if (ReferenceEquals(words, Words) && i + 1 < parts.Count && IsPair(parts[i], parts[i + 1]))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsPair(string first, string second) => (first, second) switch
    {
        ("more", "stories") or ("more", "articles") or ("more", "posts") or ("next", "post")
            or ("prev", "post") or ("previous", "post") or ("about", "author") or ("sign", "up") or ("you", "may") => true,
        _ => false,
    };
}
