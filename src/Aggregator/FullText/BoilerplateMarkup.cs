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

    /// <summary>Each name word and the kind of furniture it marks; the kind names the row in the report's table.</summary>
    private static readonly Dictionary<string, string> Words = Kinds(
        (BoilerplateKind.Byline, ["byline", "bylines", "dateline", "author", "authors", "bio"]),
        (BoilerplateKind.DateAndMeta, ["meta", "metadata", "postmetadata", "date", "dates", "timestamp", "published", "updated", "posted", "pubdate", "modified", "utility"]),
        (BoilerplateKind.TagsAndRatings, ["tags", "tag", "rating", "ratings", "voting"]),
        (BoilerplateKind.Share, ["share", "shares", "sharing", "sharedaddy", "social"]),
        (BoilerplateKind.Related, ["related", "recommended", "recommendations"]),
        (BoilerplateKind.Newsletter, ["newsletter", "subscribe", "subscription", "signup"]),
        (BoilerplateKind.Comments, ["comment", "comments", "respond", "disqus", "kommentar", "kommentare", "commentaires", "comentarios"]),
        (BoilerplateKind.Ads, ["promo", "advert", "advertisement", "sponsor", "sponsored"]),
        (BoilerplateKind.Furniture, ["breadcrumb", "breadcrumbs", "disclaimer", "toolbar", "licence", "license", "footer", "sidebar", "noprint", "cookie", "cookies", "consent", "embedded", "embed"]));

    /// <summary>
    /// Names run together without a separator ("relatedposts", "entryfooter", "newsletterbox", "socialicons"): these
    /// stems count at either end of a longer word. Not "teaser" (German sites call the lead paragraph so) nor "widget"
    /// (page builders wrap every block of the text in one).
    /// </summary>
    private static readonly string[] Stems = ["related", "newsletter", "sharing", "social", "footer", "sidebar", "disqus"];

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

    public static bool IsMarked(IElement element) => MarkedKind(element) is not null;

    /// <summary>The kind of furniture the element's names mark it as, or null for none.</summary>
    public static string? MarkedKind(IElement element)
    {
        if (Dom.Is(element, "time"))
        {
            return BoilerplateKind.DateAndMeta;
        }

        if (string.Equals(element.GetAttribute("rel"), "author", StringComparison.OrdinalIgnoreCase))
        {
            return BoilerplateKind.Byline;
        }

        return KindOf(element.GetAttribute("class")) ?? KindOf(element.Id) ?? KindOf(element.GetAttribute("itemprop"))
            ?? KindOf(element.GetAttribute(CarriedNames));
    }

    /// <summary>A figcaption, or a block named as a caption or photo credit.</summary>
    public static bool IsCaption(IElement element) =>
        Dom.Is(element, "figcaption") || HasCaptionWord(element.GetAttribute("class")) || HasCaptionWord(element.Id)
        || HasCaptionWord(element.GetAttribute("itemprop")) || HasCaptionWord(element.GetAttribute(CarriedNames));

    private static Dictionary<string, string> Kinds(params (string Kind, string[] Words)[] groups) =>
        groups.SelectMany(g => g.Words.Select(w => (w, g.Kind))).ToDictionary(p => p.w, p => p.Kind, StringComparer.Ordinal);

    private static bool HasCaptionWord(string? names) => RoleWords(names).Any(p => CaptionWords.Contains(p.Word));

    private static string? KindOf(string? names)
    {
        foreach (var (word, next) in RoleWords(names))
        {
            if (Words.TryGetValue(word, out var kind))
            {
                return kind;
            }

            // "read-more", "more-stories", "next-post": the pairs, not "more" or "next" alone.
            if (next is not null && IsPair(word, next) is { } pairKind)
            {
                return pairKind;
            }

            if (Compound(word) is { } stem)
            {
                return Words[stem];
            }
        }

        return null;
    }

    private static string? Compound(string word)
    {
        foreach (var stem in Stems)
        {
            if (word.Length >= stem.Length + 3 && (word.StartsWith(stem, StringComparison.Ordinal) || word.EndsWith(stem, StringComparison.Ordinal)))
            {
                return stem;
            }
        }

        return null;
    }

    /// <summary>The words of each name with the word after it, skipping taxonomy tokens, slugs and negated words.</summary>
    private static IEnumerable<(string Word, string? Next)> RoleWords(string? names)
    {
        if (string.IsNullOrEmpty(names))
        {
            yield break;
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

                yield return (parts[i], i + 1 < parts.Count ? parts[i + 1] : null);
            }
        }
    }

    private static string? IsPair(string first, string second) => (first, second) switch
    {
        ("more", "stories") or ("more", "articles") or ("more", "posts") or ("next", "post")
            or ("prev", "post") or ("previous", "post") or ("you", "may") => BoilerplateKind.Related,
        ("about", "author") => BoilerplateKind.Byline,
        ("sign", "up") => BoilerplateKind.Newsletter,
        _ => null,
    };
}
