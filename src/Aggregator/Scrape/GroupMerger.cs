using AngleSharp.Dom;

namespace Aggregator.Scrape;

/// <summary>
/// Takes every group that holds the outlet's articles, not the single best one: cousin groups of one path (a list
/// per year or month, per column) are merged before scoring, and after it the best group takes its kin, groups in the
/// same content whose links have the same pattern under the outlet's own path (a "latest" block above older lists, a
/// strip of cards beside a grid). Items come out in page order, so the newest are never lost to an older archive.
/// </summary>
internal static class GroupMerger
{
    /// <summary>
    /// Groups whose items have the same path (grandparent, parent and item shape) in the same part of the page (main
    /// content, sidebar) become one, unless one nests in the other: a sidebar's "ul > li > a" is not the archive's.
    /// </summary>
    public static List<CandidateGroup> SameShape(List<CandidateGroup> groups, Func<CandidateGroup, string> grandparent, ListingPage page)
    {
        var byPath = new Dictionary<string, (CandidateGroup Group, HashSet<IElement> Members)>(StringComparer.Ordinal);
        var merged = new List<CandidateGroup>();
        foreach (var group in groups)
        {
            var key = $"{page.FurnitureAround(group.Members[0].ParentElement!)} {grandparent(group)} > {group.ParentShape} > {group.ChildShape}";
            if (byPath.TryGetValue(key, out var first) && !Nests(group.Members, first.Members))
            {
                first.Group.Members.AddRange(group.Members);
                first.Members.UnionWith(group.Members);
                first.Group.Cousins++;
                continue;
            }

            byPath[key] = (group, new HashSet<IElement>(group.Members, ReferenceEqualityComparer.Instance));
            merged.Add(group);
        }

        return merged;
    }

    /// <summary>The chosen group with its kin, in page order, with the reason each other group was taken.</summary>
    public static DetectedListing WithKin(ScoredGroup best, List<ScoredGroup> scored, ListingPage page, string? why)
    {
        var taken = new List<ScoredGroup> { best };
        var members = new HashSet<IElement>(best.Items, ReferenceEqualityComparer.Instance);
        var links = new HashSet<string>(best.Links.Select(Key), StringComparer.Ordinal);
        var patterns = best.Links.Select(LinkPattern.Of).ToHashSet(StringComparer.Ordinal);
        var region = MainRegion(best.Items[0], page);
        // A list of bare titles ("More articles…") beside dated teasers is a pointer to other pages, not this listing.
        bool? bestIsBare = null;
        foreach (var candidate in scored.OrderByDescending(c => c.Score))
        {
            if (candidate == best
                || (candidate.Level == FurnitureLevel.Secondary && best.Level != FurnitureLevel.Secondary)
                || candidate.Qualifying < 0.5
                || !candidate.Links.Any(l => !links.Contains(Key(l)))
                || (region is not null && !ElementWalk.IsInside(candidate.Items[0], region))
                || !SamePattern(candidate, patterns)
                || candidate.Items.Any(InProse)
                || (!(bestIsBare ??= Richness(best, page) < 0.5) && Richness(candidate, page) < 0.5)
                || Nests(candidate.Items, members) || Nests(members, candidate.Items))
            {
                continue;
            }

            taken.Add(candidate);
            members.UnionWith(candidate.Items);
            links.UnionWith(candidate.Links.Select(Key));
        }

        // Siblings of the chosen items with titles too short to be evidence ("Cities") link the same kind of page: an
        // essay index of one- and two-word titles is read whole. A "more posts" link at the end of the list is not one.
        var shortTitled = new List<IElement>();
        if (best.Items.Count >= 3)
        {
            foreach (var (group, item, link) in taken.SelectMany(t => t.ShortTitled.Select(s => (t.Group, s.Item, s.Link))))
            {
                if (patterns.Contains(LinkPattern.Of(link)) && !IsNavigationLink(item, group) && links.Add(Key(link)))
                {
                    shortTitled.Add(item);
                }
            }
        }

        var reasons = new List<string>();
        if (why is not null)
        {
            reasons.Add(why);
        }

        if (best.Group.Cousins > 0)
        {
            reasons.Add($"{best.Group.Cousins + 1} groups of the same shape merged in page order");
        }

        if (taken.Count > 1)
        {
            reasons.Add($"{taken.Count - 1} more with the same link pattern ({string.Join(", ", patterns.Order(StringComparer.Ordinal).Take(3))})");
        }

        if (shortTitled.Count > 0)
        {
            reasons.Add($"{shortTitled.Count} more of the same shape with short titles");
        }

        var items = taken.Count == 1 && shortTitled.Count == 0 ? best.Items : InPageOrder(taken.SelectMany(t => t.Items).Concat(shortTitled), page);
        return new DetectedListing(items, string.Join(" + ", taken.Select(t => t.Path)), best.Score, reasons.Count == 0 ? null : string.Join("; ", reasons));
    }

    private static string Key(Uri link) => ArticleKey.Of(link);

    private static readonly HashSet<string> NavigationWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "more", "all", "older", "newer", "next", "previous", "prev", "archive", "archives", "continue", "view", "see", "read", "index",
    };

    // "More posts", "View all", "Older entries →": a way to other pages, printed where the list starts or ends; in the
    // middle of the list, "Next" or "Archive fever" is a title like the others.
    private static bool IsNavigationLink(IElement item, CandidateGroup group)
    {
        var text = TextOf.Element(item);
        var first = text.Split([' ', '\u00a0'], 2, StringSplitOptions.RemoveEmptyEntries) is [var word, ..] ? word : string.Empty;
        var atAnEnd = item == group.Members[0] || item == group.Members[^1];
        return first.Length == 0 || text.IndexOfAny(['»', '→', '›', '…']) >= 0 || (atAnEnd && NavigationWords.Contains(first));
    }

    /// <summary>The share of items that print something beside their links: a date, a teaser, a byline.</summary>
    private static double Richness(ScoredGroup group, ListingPage page)
    {
        var rich = 0;
        foreach (var item in group.Items)
        {
            var own = TextOutsideLinks(item);
            rich += own.Length >= 40 || own.Any(char.IsAsciiDigit) || SmallListing.HasDate(item, page) || LeadsWithDate(item, page) ? 1 : 0;
        }

        return (double)rich / group.Items.Count;
    }

    // Docusaurus's archive prints the date inside the link: "May 1 - Release notes".
    private static bool LeadsWithDate(IElement item, ListingPage page)
    {
        var text = TextOf.Element(item);
        var end = text.IndexOfAny(['-', '–', '—', ':', '|', '·']);
        return end is > 2 and <= 24 && text[..end].Trim() is var lead
            && (DateArchive.IsDateHeading(lead) || ListingDateParser.Parse(lead, page.FetchedAt) is not null);
    }

    private static string TextOutsideLinks(IElement item)
    {
        var text = new System.Text.StringBuilder();
        var stack = new Stack<INode>();
        stack.Push(item);
        while (stack.Count > 0 && text.Length < 400)
        {
            var node = stack.Pop();
            if (node is IElement { LocalName: "a" or "script" or "style" })
            {
                continue;
            }

            if (node.NodeType == NodeType.Text)
            {
                text.Append(node.TextContent.Trim());
            }

            for (var i = node.ChildNodes.Length - 1; i >= 0; i--)
            {
                stack.Push(node.ChildNodes[i]);
            }
        }

        return text.ToString();
    }

    // Links in a paragraph are references in prose ("we use this space to share progress"), not a list of teasers.
    private static bool InProse(IElement item) => item.LocalName != "p" && ElementWalk.Ancestors(item).Any(a => a.LocalName == "p");

    /// <summary>
    /// A group whose items hold more articles than the chosen group's, each inside one of its items: the chosen
    /// group is a level of containers (months of an archive, columns), and the finer group lists one article per item.
    /// </summary>
    public static ScoredGroup Finest(ScoredGroup best, List<ScoredGroup> scored)
    {
        while (true)
        {
            var outer = new HashSet<IElement>(best.Items, ReferenceEqualityComparer.Instance);
            var current = best;
            var finer = scored
                .Where(g => g.Items.Count > current.Items.Count && g.Qualifying >= 0.5 && g.Level <= current.Level
                    && g.Items.Count(i => ElementWalk.Ancestors(i).Any(outer.Contains)) * 2 >= current.Items.Count)
                .MaxBy(g => g.Score);
            if (finer is null)
            {
                return best;
            }

            best = finer;
        }
    }

    // Most of the candidate's links look like the chosen group's; a bare slug at the site's root must also read like an article.
    private static bool SamePattern(ScoredGroup candidate, HashSet<string> patterns)
    {
        var same = candidate.Links.Count(l => LinkPattern.Of(l) is var p && patterns.Contains(p) && (LinkPattern.IsSpecific(p) || ListingPage.LooksLikeArticle(l)));
        return same * 3 >= candidate.Links.Count * 2;
    }

    // The main content the chosen group sits in (main, role=main, #content), if the page marks one.
    private static IElement? MainRegion(IElement item, ListingPage page)
    {
        foreach (var ancestor in ElementWalk.Ancestors(item))
        {
            if (page.Furniture(ancestor) == FurnitureLevel.Main)
            {
                return ancestor;
            }
        }

        return null;
    }

    /// <summary>Whether an element of <paramref name="inner"/> is, or sits inside, an element of <paramref name="outer"/>.</summary>
    private static bool Nests(IEnumerable<IElement> inner, IEnumerable<IElement> outer)
    {
        var set = outer as HashSet<IElement> ?? new HashSet<IElement>(outer, ReferenceEqualityComparer.Instance);
        foreach (var element in inner)
        {
            for (IElement? node = element; node is not null; node = node.ParentElement)
            {
                if (set.Contains(node))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static List<IElement> InPageOrder(IEnumerable<IElement> items, ListingPage page)
    {
        var wanted = new HashSet<IElement>(items, ReferenceEqualityComparer.Instance);
        var ordered = new List<IElement>(wanted.Count);
        foreach (var element in ElementWalk.Descendants(page.Document.DocumentElement))
        {
            if (wanted.Contains(element))
            {
                ordered.Add(element);
            }
        }

        return ordered;
    }
}
