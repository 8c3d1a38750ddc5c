using AngleSharp.Dom;

namespace Aggregator.FullText;

/// <summary>
/// Readability's prepArticle: strips presentational attributes, forms, embeds, share widgets and
/// blocks that look like navigation or ads from the chosen content, keeping data tables and figures.
/// </summary>
internal sealed class ContentCleaner(IDocument doc, GrabFlags flags, Dictionary<IElement, double> scores)
{
    private const int ShareElementThreshold = 500;

    private static readonly string[] PresentationalAttributes =
    [
        "align", "background", "bgcolor", "border", "cellpadding", "cellspacing", "frame", "hspace", "rules",
        "style", "valign", "vspace",
    ];

    private static readonly HashSet<string> SizeAttributeElements = new(StringComparer.Ordinal)
    {
        "TABLE", "TH", "TD", "HR", "PRE",
    };

    private static readonly HashSet<string> TextishTags = new(StringComparer.Ordinal)
    {
        "SPAN", "LI", "TD", "BLOCKQUOTE", "DL", "DIV", "IMG", "OL", "P", "PRE", "TABLE", "UL",
    };

    private static readonly string[] HeadingTags = ["H1", "H2", "H3", "H4", "H5", "H6"];

    private readonly HashSet<IElement> dataTables = new(ReferenceEqualityComparer.Instance);

    public void Clean(IElement article)
    {
        CleanStyles(article);
        MarkDataTables(article);
        LazyImages.Fix(article, doc);

        CleanConditionally(article, "form");
        CleanConditionally(article, "fieldset");
        Remove(article, "object");
        Remove(article, "embed");
        Remove(article, "footer");
        Remove(article, "link");
        Remove(article, "aside");
        Remove(article, "nav");

        foreach (var child in article.Children.ToList())
        {
            CleanMatchedNodes(child, static (node, match) =>
                ReadabilityPatterns.ShareElements().IsMatch(match) && Dom.RawText(node).Length < ShareElementThreshold);
        }

        Remove(article, "iframe");
        Remove(article, "input");
        Remove(article, "textarea");
        Remove(article, "select");
        Remove(article, "button");
        CleanHeaders(article);

        CleanConditionally(article, "table");
        CleanConditionally(article, "ul");
        CleanConditionally(article, "div");

        foreach (var h1 in Dom.ByTag(article, "h1"))
        {
            Dom.SetTag(h1, "h2", scores);
        }

        RemoveEmptyParagraphs(article);

        foreach (var br in Dom.ByTag(article, "br"))
        {
            var next = br.NextSibling;
            while (next is not null && next.NodeType != NodeType.Element && string.IsNullOrWhiteSpace(next.TextContent))
            {
                next = next.NextSibling;
            }

            if (next is IElement e && Dom.Is(e, "p"))
            {
                br.Remove();
            }
        }

        UnwrapSingleCellTables(article);
    }

    private static void CleanStyles(IElement root)
    {
        foreach (var e in Dom.DescendantElements(root).Prepend(root))
        {
            if (Dom.Is(e, "svg"))
            {
                continue;
            }

            foreach (var attr in PresentationalAttributes)
            {
                e.RemoveAttribute(attr);
            }

            if (SizeAttributeElements.Contains(Dom.Tag(e)))
            {
                e.RemoveAttribute("width");
                e.RemoveAttribute("height");
            }
        }
    }

    private void MarkDataTables(IElement root)
    {
        foreach (var table in Dom.ByTag(root, "table"))
        {
            if (DataTables.IsDataTable(table))
            {
                dataTables.Add(table);
            }
        }
    }

    private static void Remove(IElement root, string tag)
    {
        var isEmbed = tag is "object" or "embed" or "iframe";
        foreach (var e in Dom.ByTag(root, tag))
        {
            if (isEmbed && IsVideoEmbed(e))
            {
                continue;
            }

            e.Remove();
        }
    }

    private static bool IsVideoEmbed(IElement e)
    {
        if (e.Attributes.Any(a => ReadabilityPatterns.Videos().IsMatch(a.Value)))
        {
            return true;
        }

        return Dom.Is(e, "object") && ReadabilityPatterns.Videos().IsMatch(e.InnerHtml);
    }

    private static void CleanMatchedNodes(IElement e, Func<IElement, string, bool> filter)
    {
        var end = Dom.NextElement(e, skipChildren: true);
        var next = Dom.NextElement(e);
        while (next is not null && next != end)
        {
            next = filter(next, (next.ClassName ?? string.Empty) + " " + next.Id)
                ? Dom.RemoveAndGetNext(next)
                : Dom.NextElement(next);
        }
    }

    private void CleanHeaders(IElement root)
    {
        foreach (var h in Dom.ByTag(root, "h1", "h2"))
        {
            if (ClassWeight.Of(h, flags) < 0)
            {
                h.Remove();
            }
        }
    }

    private void CleanConditionally(IElement root, string tag)
    {
        if (!flags.HasFlag(GrabFlags.CleanConditionally))
        {
            return;
        }

        var nodes = Dom.ByTag(root, tag);
        for (var i = nodes.Count - 1; i >= 0; i--)
        {
            var node = nodes[i];
            if (node.Parent is not null && ShouldRemove(node, tag))
            {
                // "More stories" over a list of links that goes is a label for nothing once the list is gone.
                var label = node.PreviousElementSibling;
                var wasLinks = Dom.LinkDensity(node) >= LinkBlocks.LinkDense && (LinkBlocks.IsItemList(node) || LinkBlocks.EndsSection(node.NextElementSibling));
                node.Remove();
                if (wasLinks && label is not null && LinkBlocks.IsHeadingLike(label))
                {
                    label.Remove();
                }
            }
        }
    }

    private bool ShouldRemove(IElement node, string tag)
    {
        var isList = tag is "ul" or "ol";
        var innerText = Dom.InnerText(node);
        if (!isList)
        {
            var listLength = Dom.ByTag(node, "ul", "ol").Sum(l => Dom.InnerText(l).Length);
            isList = innerText.Length > 0 && (double)listLength / innerText.Length > 0.9;
        }

        if (tag == "table" && dataTables.Contains(node))
        {
            return false;
        }

        if (Dom.HasAncestorTag(node, "table", -1, dataTables.Contains) || Dom.HasAncestorTag(node, "code"))
        {
            return false;
        }

        if (Dom.ByTag(node, "table").Any(dataTables.Contains))
        {
            return false;
        }

        var weight = ClassWeight.Of(node, flags);
        if (weight < 0 && !IsStoryInFurnitureName(node))
        {
            return true;
        }

        if (Dom.CharCount(node) >= 10)
        {
            return false;
        }

        var p = Dom.CountTag(node, "p");
        var img = Dom.CountTag(node, "img");
        var li = Dom.CountTag(node, "li") - 100;
        var input = Dom.CountTag(node, "input");
        var headingDensity = Dom.TextDensity(node, HeadingTags);

        var embedCount = 0;
        foreach (var embed in Dom.ByTag(node, "object", "embed", "iframe"))
        {
            if (IsVideoEmbed(embed))
            {
                return false;
            }

            embedCount++;
        }

        if (ReadabilityPatterns.AdWords().IsMatch(innerText) || ReadabilityPatterns.LoadingWords().IsMatch(innerText))
        {
            return true;
        }

        var contentLength = innerText.Length;
        var linkDensity = Dom.LinkDensity(node);
        var textDensity = Dom.TextDensity(node, TextishTags);
        var isFigureChild = Dom.HasAncestorTag(node, "figure");

        var remove =
            (!isFigureChild && img > 1 && (double)p / img < 0.5)
            || (!isList && li > p)
            || (input > p / 3)
            || (!isList && !isFigureChild && headingDensity < 0.9 && contentLength < 25 && (img == 0 || img > 2) && linkDensity > 0)
            || (!isList && weight < 25 && linkDensity > 0.2)
            || (weight >= 25 && linkDensity > 0.5)
            || (embedCount == 1 && contentLength < 75) || embedCount > 1
            || (img == 0 && textDensity == 0);

        // A list of nothing but links (tags, "more stories") is navigation even inside the article.
        remove |= isList && weight < 25 && linkDensity > 0.95 && IsLinkList(node);

        // A list whose items are single images is a gallery, not navigation.
        if (isList && remove)
        {
            if (node.Children.Any(c => c.Children.Length > 1))
            {
                return true;
            }

            if (img == Dom.CountTag(node, "li"))
            {
                return false;
            }
        }

        return remove;
    }

    /// <summary>
    /// Readability drops a block on its class name alone; a "media" or "widget" box that holds the story's paragraphs
    /// goes on to the tests that judge what it holds. Not a comment, bio or sponsor box: their furniture is prose too.
    /// </summary>
    private static bool IsStoryInFurnitureName(IElement node) =>
        StoryProse.Holds(node) && !ReadabilityPatterns.ProseFurniture().IsMatch((node.ClassName ?? string.Empty) + " " + node.Id);

    private static bool IsLinkList(IElement node)
    {
        var items = Dom.ByTag(node, "li");
        return items.Count >= 3 && items.All(li => Dom.ByTag(li, "a").Count == 1 && Dom.ByTag(li, "img").Count == 0);
    }

    private static void RemoveEmptyParagraphs(IElement root)
    {
        foreach (var p in Dom.ByTag(root, "p"))
        {
            var media = Dom.ByTag(p, "img", "embed", "object", "iframe").Count;
            if (media == 0 && Dom.InnerText(p, normalize: false).Length == 0)
            {
                p.Remove();
            }
        }
    }

    private void UnwrapSingleCellTables(IElement root)
    {
        foreach (var table in Dom.ByTag(root, "table"))
        {
            var tbody = Dom.HasSingleTagInside(table, "TBODY") ? table.FirstElementChild! : table;
            if (!Dom.HasSingleTagInside(tbody, "TR"))
            {
                continue;
            }

            var row = tbody.FirstElementChild!;
            if (!Dom.HasSingleTagInside(row, "TD"))
            {
                continue;
            }

            var cell = row.FirstElementChild!;
            var phrasing = cell.ChildNodes.All(Dom.IsPhrasingContent);
            cell = Dom.SetTag(cell, phrasing ? "p" : "div", scores);
            table.Parent?.ReplaceChild(cell, table);
        }
    }
}
