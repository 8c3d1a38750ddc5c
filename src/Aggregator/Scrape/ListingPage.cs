using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace Aggregator.Scrape;

/// <summary>
/// A parsed listing page and what every item is judged against: the URL links resolve from,
/// and how often each heading and paragraph text occurs (an appeal printed twice is furniture).
/// </summary>
internal sealed class ListingPage
{
    private readonly Dictionary<string, int> headingCounts = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, int> paragraphCounts = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, HashSet<string>> headingLinks = new(StringComparer.OrdinalIgnoreCase);

    // Detection asks the same questions of the same elements and links many times over.
    private readonly Dictionary<IElement, FurnitureLevel> furniture = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<IElement, FurnitureLevel> around = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<IElement, HashSet<string>> classWords = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, Uri?> resolved = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool> articleCandidates = new(StringComparer.Ordinal);
    private Dictionary<IElement, int>? sizes;
    private HashSet<IElement>? linkHolders;
    private readonly string site;
    private readonly string? canonicalSite;

    public ListingPage(IHtmlDocument document, Uri pageUrl, DateTimeOffset fetchedAt)
    {
        Document = document;
        PageUrl = IsHttp(pageUrl) ? pageUrl : ReadCanonical(document) ?? pageUrl;
        FetchedAt = fetchedAt;
        BaseUri = ReadBase(document, PageUrl);
        site = SiteHost.Registrable(PageUrl);
        // A page served from a mirror, a CDN or a proxy still names its own site in its canonical URL.
        canonicalSite = ReadCanonical(document) is { } canonical ? SiteHost.Registrable(canonical) : null;
        if (document.DocumentElement is not { } root)
        {
            return;
        }

        foreach (var element in ElementWalk.Descendants(root))
        {
            if (element.LocalName != "p" && !ElementWalk.IsHeading(element))
            {
                continue;
            }

            var text = TextOf.Element(element);
            if (text.Length == 0)
            {
                continue;
            }

            var counts = element.LocalName == "p" ? paragraphCounts : headingCounts;
            counts[text] = counts.GetValueOrDefault(text) + 1;
            if (element.LocalName != "p")
            {
                if (!headingLinks.TryGetValue(text, out var links))
                {
                    headingLinks[text] = links = new HashSet<string>(StringComparer.Ordinal);
                }

                var anchor = ElementWalk.Descendants(element).FirstOrDefault(IsLink) ?? ElementWalk.Ancestors(element).FirstOrDefault(IsLink);
                links.Add(Resolve(anchor?.GetAttribute("href")) is { } target ? ArticleKey.Of(target) : string.Empty);
            }
        }
    }

    public IHtmlDocument Document { get; }

    /// <summary>
    /// The page's address: as fetched, or for a page read from a file (preview FILE), the canonical URL the page
    /// names, so its relative links and same-site checks still mean something.
    /// </summary>
    public Uri PageUrl { get; }

    /// <summary>Where relative links resolve: &lt;base href&gt; (itself resolved against the page), else the page URL.</summary>
    public Uri BaseUri { get; }

    public DateTimeOffset FetchedAt { get; }

    /// <summary>The page's own name: &lt;title&gt;, else og:title, else the first h1.</summary>
    public string? Title
    {
        get
        {
            var title = TextOf.Collapse(Document.Title);
            if (title.Length == 0)
            {
                title = TextOf.Collapse(Document.QuerySelector("meta[property='og:title']")?.GetAttribute("content"));
            }

            if (title.Length == 0 && Document.QuerySelector("h1") is { } h1)
            {
                title = TextOf.Element(h1);
            }

            return title.Length == 0 ? null : title;
        }
    }

    /// <summary>An absolute http(s) URL for a raw href or src, or null (javascript:, mailto:, data:, malformed).</summary>
    public Uri? Resolve(string? raw)
    {
        var value = raw?.Trim();
        if (string.IsNullOrEmpty(value) || value.Length > 4096)
        {
            return null;
        }

        if (resolved.TryGetValue(value, out var known))
        {
            return known;
        }

        if (!Uri.TryCreate(BaseUri, value, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            uri = null;
        }

        resolved[value] = uri;
        return uri;
    }

    /// <summary>Whether a link stays on the page's site (same registrable domain).</summary>
    public bool IsSameSite(Uri uri)
    {
        var host = SiteHost.Registrable(uri);
        return string.Equals(host, site, StringComparison.Ordinal) || string.Equals(host, canonicalSite, StringComparison.Ordinal);
    }

    /// <summary>Whether a link may lead to an article: on this site, and not the page itself, a furniture page or a date archive.</summary>
    public bool IsArticleCandidate(Uri uri)
    {
        if (!articleCandidates.TryGetValue(uri.AbsoluteUri, out var candidate))
        {
            candidate = IsSameSite(uri) && !PageFurniture.IsFurnitureUrl(uri, PageUrl) && !DateArchive.IsArchiveUrl(uri);
            articleCandidates[uri.AbsoluteUri] = candidate;
        }

        return candidate;
    }

    /// <summary>How many elements an element holds, counted for the whole page in one pass the first time it is asked.</summary>
    public int Size(IElement element)
    {
        if (sizes is null)
        {
            sizes = new Dictionary<IElement, int>(ReferenceEqualityComparer.Instance);
            if (Document.DocumentElement is { } root)
            {
                // Children come after their parent in document order, so in reverse order each is counted before it.
                var all = ElementWalk.Descendants(root).Prepend(root).ToList();
                for (var i = all.Count - 1; i >= 0; i--)
                {
                    var size = 0;
                    foreach (var child in ElementWalk.Children(all[i]))
                    {
                        size += sizes[child] + 1;
                    }

                    sizes[all[i]] = size;
                }
            }
        }

        return sizes.GetValueOrDefault(element);
    }

    /// <summary>Whether the element is, or holds, a link with an href: marked for the whole page in one pass the first time it is asked.</summary>
    public bool HoldsLink(IElement element)
    {
        if (linkHolders is null)
        {
            linkHolders = new HashSet<IElement>(ReferenceEqualityComparer.Instance);
            if (Document.DocumentElement is { } root)
            {
                foreach (var anchor in ElementWalk.Descendants(root).Where(IsLink).ToList())
                {
                    // Stops at the first ancestor another link already marked.
                    var node = anchor;
                    while (node is not null && linkHolders.Add(node))
                    {
                        node = node.ParentElement;
                    }
                }
            }
        }

        return linkHolders.Contains(element);
    }

    /// <summary><see cref="PageFurniture.Classify"/>, remembered.</summary>
    public FurnitureLevel Furniture(IElement element)
    {
        if (!furniture.TryGetValue(element, out var level))
        {
            furniture[element] = level = PageFurniture.Classify(element);
        }

        return level;
    }

    /// <summary>The strongest furniture signal among the element and its ancestors (Excluded over Secondary over Main).</summary>
    public FurnitureLevel FurnitureAround(IElement element)
    {
        var chain = new List<IElement>();
        var level = FurnitureLevel.None;
        for (IElement? node = element; node is not null; node = node.ParentElement)
        {
            if (around.TryGetValue(node, out level))
            {
                break;
            }

            chain.Add(node);
        }

        for (var i = chain.Count - 1; i >= 0; i--)
        {
            var own = Furniture(chain[i]);
            level = own > level ? own : level;
            around[chain[i]] = level;
        }

        return level;
    }

    /// <summary>Whether <paramref name="element"/> sits in furniture below (not including) <paramref name="item"/>, such as an item's share buttons or tag list.</summary>
    public bool IsInsideFurnitureWithin(IElement element, IElement item)
    {
        for (IElement? node = element; node is not null && node != item; node = node.ParentElement)
        {
            if (Furniture(node) == FurnitureLevel.Excluded)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether one of the element's classes, or a dash- or underscore-separated part of one, is in <paramref name="words"/>.</summary>
    public bool HasClassWord(IElement element, IReadOnlySet<string> words)
    {
        if (!classWords.TryGetValue(element, out var own))
        {
            own = new HashSet<string>(StringComparer.Ordinal);
            foreach (var token in ClassTokens(element.GetAttribute("class")))
            {
                var lower = token.ToLowerInvariant();
                own.Add(lower);
                foreach (var part in lower.Split('-', '_'))
                {
                    own.Add(part);
                }
            }

            classWords[element] = own;
        }

        foreach (var word in own)
        {
            if (words.Contains(word))
            {
                return true;
            }
        }

        return false;
    }

    private static string[] ClassTokens(string? classes) =>
        string.IsNullOrWhiteSpace(classes) ? [] : classes.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    private static bool IsLink(IElement element) => element.LocalName == "a" && element.HasAttribute("href");

    /// <summary>
    /// A block is a repeated promotion when its heading is printed more than once on the page, not every time
    /// as a link to the same article (a featured copy of a story is still the story), and either one of its
    /// paragraphs is printed more than once too, or its link does not lead to an article.
    /// </summary>
    public bool IsRepeatedPromotion(IElement item, string heading, Uri link)
    {
        if (headingCounts.GetValueOrDefault(heading) < 2
            || (headingLinks.TryGetValue(heading, out var links) && links.Count == 1 && links.Contains(ArticleKey.Of(link))))
        {
            return false;
        }

        if (!LooksLikeArticle(link))
        {
            return true;
        }

        foreach (var paragraph in ElementWalk.Descendants(item))
        {
            if (paragraph.LocalName == "p" && TextOf.Element(paragraph) is { Length: >= 20 } text && paragraphCounts.GetValueOrDefault(text) >= 2)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A slug of three words or more, or a numeric id: what article URLs look like and donation pages do not.</summary>
    public static bool LooksLikeArticle(Uri link)
    {
        var segments = link.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        foreach (var segment in segments)
        {
            var words = segment.Split(['-', '_', '+', '.'], StringSplitOptions.RemoveEmptyEntries);
            if (words.Length >= 3 || HasDigitRun(segment, 3))
            {
                return true;
            }
        }

        return HasDigitRun(link.Query, 2);
    }

    private static bool HasDigitRun(string text, int length)
    {
        var run = 0;
        foreach (var c in text)
        {
            run = char.IsAsciiDigit(c) ? run + 1 : 0;
            if (run >= length)
            {
                return true;
            }
        }

        return false;
    }

    private static Uri ReadBase(IHtmlDocument document, Uri pageUrl)
    {
        var href = document.QuerySelector("base[href]")?.GetAttribute("href")?.Trim();
        if (!string.IsNullOrEmpty(href) && Uri.TryCreate(pageUrl, href, out var baseUri) && IsHttp(baseUri))
        {
            return baseUri;
        }

        return pageUrl;
    }

    private static Uri? ReadCanonical(IHtmlDocument document)
    {
        var href = document.QuerySelector("link[rel~='canonical'][href]")?.GetAttribute("href")
            ?? document.QuerySelector("meta[property='og:url'][content]")?.GetAttribute("content");
        return Uri.TryCreate(href?.Trim(), UriKind.Absolute, out var uri) && IsHttp(uri) ? uri : null;
    }

    private static bool IsHttp(Uri uri) => uri.IsAbsoluteUri && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
