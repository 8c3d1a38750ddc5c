using AngleSharp.Dom;

namespace Aggregator.Scrape;

/// <summary>
/// Finds the listing on a page without selectors: among groups of same-shaped siblings where each holds a link
/// to an article of the site and a headline, the group with the most items, the most teaser text beyond the link,
/// headings, and a place in the main content rather than in headers, sidebars or widgets. Navigation, menus,
/// footers, share widgets, tag clouds, pagination and comments are never candidates.
/// </summary>
internal static class RepeatedStructureDetector
{
    private const int MinItems = 3;

    private const int MaxItemElements = 400;

    // Elements that never stand for a listing item.
    private static readonly HashSet<string> NotItems = new(StringComparer.Ordinal)
    {
        "script", "style", "link", "meta", "br", "hr", "img", "input", "option", "optgroup", "source", "template", "noscript",
        "svg", "head", "title", "button", "select", "textarea", "iframe", "picture", "base", "col", "colgroup", "wbr", "path",
    };

    public static DetectedListing? Detect(ListingPage page)
    {
        if (page.Document.DocumentElement is not { } root)
        {
            return null;
        }

        // Cousin groups of one path (a list per year, per month, per column of one kind) are one group.
        var groups = GroupMerger.SameShape(Group(root), g => g.Grandparent is null ? string.Empty : Describe(g.Grandparent), page);
        var probes = new Dictionary<IElement, ItemProbe>(ReferenceEqualityComparer.Instance);
        var scored = new List<ScoredGroup>();
        foreach (var group in groups)
        {
            if (Score(group, page, probes) is { } candidate)
            {
                scored.Add(candidate);
            }
        }

        var best = scored.Where(c => c.Items.Count >= MinItems).MaxBy(c => c.Score) is { } top ? GroupMerger.Finest(top, scored) : null;
        // A page with one or two articles has no repeated structure; it is read when the evidence is strong, and
        // it beats a sidebar's list of recent posts, which is not this page's listing.
        if ((best is null || best.Level == FurnitureLevel.Secondary) && SmallListing.Choose(scored, page, probes) is { } small)
        {
            return GroupMerger.WithKin(small, scored, page, $"{Plural(small.Items.Count, "article")} with strong evidence: {SmallListing.Evidence(small, page)}");
        }

        return best is null ? null : GroupMerger.WithKin(best, scored, page, null);
    }

    private static string Plural(int count, string noun) => count == 1 ? $"one {noun}" : $"{count} {noun}s";

    private static List<CandidateGroup> Group(IElement root)
    {
        var groups = new Dictionary<(IElement Anchor, string Shape), CandidateGroup>(AnchorAndShape.Instance);
        var ordered = new List<CandidateGroup>();
        var children = new List<IElement>();
        foreach (var parent in ElementWalk.Descendants(root).Prepend(root))
        {
            children.Clear();
            foreach (var child in ElementWalk.Children(parent))
            {
                if (!NotItems.Contains(child.LocalName))
                {
                    children.Add(child);
                }
            }

            if (children.Count == 0)
            {
                continue;
            }

            var parentShape = Describe(parent);
            if (children.Count == 1)
            {
                Add(groups, ordered, parent, parentShape, (FirstStableClass(children[0]), [children[0]]), children[0].LocalName);
                continue;
            }

            foreach (var siblings in children.GroupBy(c => c.LocalName, StringComparer.Ordinal))
            {
                Add(groups, ordered, parent, parentShape, SharedClass(siblings.ToList()), siblings.Key);
            }
        }

        return ordered;
    }

    private static void Add(
        Dictionary<(IElement Anchor, string Shape), CandidateGroup> groups, List<CandidateGroup> ordered,
        IElement parent, string parentShape, (string? Token, IReadOnlyList<IElement> Members) shared, string tag)
    {
        var childShape = shared.Token is null ? tag : $"{tag}.{shared.Token}";
        var key = (parent.ParentElement ?? parent, parentShape + " > " + childShape);
        if (!groups.TryGetValue(key, out var group))
        {
            groups[key] = group = new CandidateGroup(parent.ParentElement, parentShape, childShape);
            ordered.Add(group);
        }

        group.Members.AddRange(shared.Members);
    }

    // The class most siblings share ("post" of WordPress's "post-12 post type-post …"), and the siblings that have it.
    private static (string? Token, IReadOnlyList<IElement> Members) SharedClass(List<IElement> siblings)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        string? best = null;
        foreach (var sibling in siblings)
        {
            foreach (var token in StableClasses(sibling))
            {
                var count = counts[token] = counts.GetValueOrDefault(token) + 1;
                if (best is null || count > counts[best])
                {
                    best = token;
                }
            }
        }

        if (best is null || counts[best] * 2 < siblings.Count)
        {
            return (null, siblings.ToArray());
        }

        return (best, siblings.Where(s => StableClasses(s).Contains(best)).ToArray());
    }

    private static ScoredGroup? Score(
        CandidateGroup group, ListingPage page, Dictionary<IElement, ItemProbe> probes)
    {
        var items = new List<IElement>();
        var itemLinks = new List<Uri>();
        var level = FurnitureLevel.Excluded;
        var links = new HashSet<string>(StringComparer.Ordinal);
        double positionSum = 0, beyondSum = 0, densitySum = 0;
        var headings = 0;
        var considered = 0;
        var shortTitled = new List<(IElement, Uri)>();
        string? linkPath = null;
        foreach (var member in group.Members)
        {
            var around = page.FurnitureAround(member.ParentElement!);

            if (around == FurnitureLevel.Excluded || page.Furniture(member) == FurnitureLevel.Excluded)
            {
                continue;
            }

            // The group sits where its members mostly sit: main content unless every one is in a sidebar.
            level = level == FurnitureLevel.Excluded || around < level ? around : level;

            considered++;
            if (!probes.TryGetValue(member, out var probe))
            {
                probes[member] = probe = Probe(member, page);
            }

            if (!probe.Qualifies || !links.Add(ArticleKey.Of(probe.Link!)))
            {
                if (probe is { Qualifies: false, Link: { } shortLink })
                {
                    shortTitled.Add((member, shortLink));
                }

                continue;
            }

            items.Add(member);
            itemLinks.Add(probe.Link!);
            linkPath ??= probe.LinkPath;
            headings += probe.HasHeading ? 1 : 0;
            positionSum += around switch
            {
                FurnitureLevel.Main => 1.5,
                FurnitureLevel.Secondary => 0.2,
                _ => 1.0,
            };
            beyondSum += Math.Min(Math.Max(probe.TextLength - probe.MainLinkTextLength, 0), 400);
            densitySum += probe.TextLength == 0 ? 1 : Math.Min(1.0, (double)probe.AllLinksTextLength / probe.TextLength);
        }

        var n = items.Count;
        if (n == 0)
        {
            return null;
        }

        // More items, headings, teaser text beyond the link, few links, main content, and most siblings qualifying.
        var score = n
            * (1 + (double)headings / n)
            * (1 + beyondSum / n / 100)
            * (1.2 - densitySum / n)
            * (positionSum / n)
            * (0.5 + 0.5 * n / considered);
        var path = group.Grandparent is null
            ? $"{group.ParentShape} > {group.ChildShape} {linkPath}"
            : $"{Describe(group.Grandparent)} > {group.ParentShape} > {group.ChildShape} {linkPath}";
        return new ScoredGroup(group, items, itemLinks, score, path.TrimEnd(), level, considered) { ShortTitled = shortTitled };
    }

    private static ItemProbe Probe(IElement item, ListingPage page)
    {
        // A teaser is a small block; a block of hundreds of elements holds a page section, and probing every
        // block of a deeply nested page in full would take time the square of its size.
        if (page.Size(item) > MaxItemElements || !page.HoldsLink(item))
        {
            return new ItemProbe(null, string.Empty, false, false, 0, 0, 0);
        }

        var (linkElement, link) = ItemReader.FindLink(item, null, page, strict: true);
        var heading = linkElement is null ? null : ItemReader.ClosestHeading(linkElement, item);
        var anyHeading = heading is not null && !DateArchive.IsDateHeading(TextOf.Element(heading)) ? heading : null;
        var allLinks = item.LocalName == "a" ? LinkText(item).Length : 0;
        var headings = 0;
        var articles = new HashSet<string>(StringComparer.Ordinal);
        if (link is not null)
        {
            articles.Add(ArticleKey.Of(link));
        }

        foreach (var element in ElementWalk.Descendants(item))
        {
            if (element.LocalName == "a")
            {
                allLinks += LinkText(element).Length;
                if (articles.Count < 3 && page.Resolve(element.GetAttribute("href")) is { } target && page.IsArticleCandidate(target)
                    && !page.IsInsideFurnitureWithin(element, item))
                {
                    articles.Add(ArticleKey.Of(target));
                }
            }
            else if (ElementWalk.IsHeading(element) && !page.IsInsideFurnitureWithin(element, item)
                && TextOf.Element(element) is { Length: > 1 } text && !DateArchive.IsDateHeading(text))
            {
                headings++;
                anyHeading ??= element;
            }
        }

        var linkText = linkElement is null ? string.Empty : LinkText(linkElement);
        var itemText = TextOf.Element(item);
        var linkPath = linkElement is null || linkElement == item ? string.Empty : heading is null ? "a" : $"{heading.LocalName} a";
        // A block holding several articles (a year of an archive, a column, a section of cards) contains items; it is not one.
        var container = articles.Count >= 3 || (articles.Count == 2 && headings >= 2);
        return new ItemProbe(
            container ? null : link,
            linkPath,
            anyHeading is not null,
            anyHeading is not null || (ItemReader.LooksLikeHeadline(linkText) && LeadsWith(itemText, linkText)),
            itemText.Length,
            linkText.Length,
            allLinks);
    }

    // Without a heading, a teaser starts with its headline link (after a date or kicker at most); a link in the
    // middle of prose (a wiki paragraph, an article's body) is a reference, not a headline.
    private static bool LeadsWith(string itemText, string linkText)
    {
        var at = itemText.IndexOf(linkText, StringComparison.Ordinal);
        return at is >= 0 and <= 24;
    }

    // A link wrapped around a whole card (heading, teaser, date) reads as its heading; counting the card's
    // text as link text would make a teaser look like a menu entry.
    private static string LinkText(IElement link)
    {
        if (link.FirstElementChild is null)
        {
            return TextOf.Element(link);
        }

        var heading = ElementWalk.Descendants(link).FirstOrDefault(ElementWalk.IsHeading);
        return TextOf.Element(heading ?? link);
    }

    /// <summary>"main#main.site-main": tag, id and first class, leaving out ids and classes that number things.</summary>
    public static string Describe(IElement element)
    {
        var text = element.LocalName;
        if (element.Id is { Length: > 0 and <= 40 } id && !id.Any(char.IsAsciiDigit) && !id.Any(char.IsWhiteSpace))
        {
            text += "#" + id;
        }

        return FirstStableClass(element) is { } token ? $"{text}.{token}" : text;
    }

    private static string? FirstStableClass(IElement element)
    {
        var classes = StableClasses(element);
        return classes.Count == 0 ? null : classes[0];
    }

    // Classes with digits number things ("post-123", "row-0", "col-md-4") and differ between siblings of one shape.
    private static List<string> StableClasses(IElement element)
    {
        var stable = new List<string>();
        var classes = element.GetAttribute("class");
        if (string.IsNullOrWhiteSpace(classes))
        {
            return stable;
        }

        foreach (var token in classes.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            if (token.Length <= 40 && !token.Any(char.IsAsciiDigit) && !stable.Contains(token))
            {
                stable.Add(token);
            }
        }

        return stable;
    }
}
