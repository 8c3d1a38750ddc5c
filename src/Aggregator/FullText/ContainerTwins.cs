using AngleSharp.Dom;

namespace Aggregator.FullText;

/// <summary>
/// A story whose paragraphs are split over several wrappers (an ad slot, a figure or a "read more" box between the
/// runs, sometimes each run in its own column) keeps only the best-scored run in the container: the runs beside it
/// score too little, or sit under another parent where the sibling gathering never looks. Paragraphs elsewhere on the
/// page built exactly like the container's own (same element and class, in a parent of the same element and class)
/// and not mostly links are the same story's, so they join it in page order. Only a shape that names itself by a class
/// counts: a bare paragraph in a bare div is every sidebar's and comment's shape too. A heading that is wholly a link
/// opens a teaser card, whose excerpt a page builder often shapes like the story's paragraphs: the twins are taken only
/// between the last such heading above the container and the first one below it.
/// </summary>
internal static class ContainerTwins
{
    /// <summary>Shorter blocks are labels and buttons more often than paragraphs.</summary>
    private const int MinTwinLength = 25;

    /// <summary>Readability's bound for a paragraph sibling: past it, a block is a teaser or a link list (0.5 joined no more on either corpus).</summary>
    private const double MaxLinkDensity = 0.25;

    /// <summary>The main shape must hold at least this share of the container's paragraph text, or it is not the story's shape.</summary>
    private const double MinShapeShare = 0.5;

    /// <summary>Blocks outside <paramref name="topCandidate"/> shaped like its paragraphs, split into those before it and after it.</summary>
    public static (List<IElement> Before, List<IElement> After) Find(IElement body, IElement topCandidate)
    {
        var shape = MainShape(topCandidate);
        if (shape is null)
        {
            return ([], []);
        }

        var before = new List<IElement>();
        var after = new List<IElement>();
        var passed = false;
        foreach (var e in Dom.DescendantElements(body))
        {
            if (e == topCandidate)
            {
                passed = true;
                continue;
            }

            if (topCandidate.Contains(e) || e.Contains(topCandidate))
            {
                continue;
            }

            if (IsLinkedHeading(e))
            {
                if (passed)
                {
                    break;
                }

                before.Clear();
                continue;
            }

            if (!string.Equals(ShapeOf(e), shape, StringComparison.Ordinal))
            {
                continue;
            }

            var taken = passed ? after : before;
            if (taken.Count > 0 && taken[^1].Contains(e))
            {
                continue;
            }

            if (Dom.InnerText(e).Length >= MinTwinLength && Dom.LinkDensity(e) < MaxLinkDensity)
            {
                taken.Add(e);
            }
        }

        return (before, after);
    }

    /// <summary>Moves the twins into <paramref name="article"/>, those before the container first; any the gathering or the lede already took stay where they are.</summary>
    public static void Join(IElement article, (List<IElement> Before, List<IElement> After) twins, IElement? lede)
    {
        bool Free(IElement t) => !article.Contains(t) && (lede is null || (lede != t && !lede.Contains(t) && !t.Contains(lede)));

        for (var i = twins.Before.Count - 1; i >= 0; i--)
        {
            if (Free(twins.Before[i]))
            {
                article.Prepend(twins.Before[i]);
            }
        }

        foreach (var twin in twins.After.Where(Free))
        {
            article.AppendChild(twin);
        }
    }

    private static bool IsLinkedHeading(IElement e) =>
        Dom.Tag(e) is "H1" or "H2" or "H3" or "H4" or "H5" or "H6"
        && Dom.InnerText(e).Length > 0
        && (Dom.HasAncestorTag(e, "a") || Dom.LinkDensity(e) >= 0.9);

    private static string? MainShape(IElement container)
    {
        var paragraphs = Dom.Is(container, "p") ? [container] : Dom.ByTag(container, "p");
        var byShape = new Dictionary<string, int>(StringComparer.Ordinal);
        var total = 0;
        foreach (var p in paragraphs)
        {
            var length = Dom.InnerText(p).Length;
            total += length;
            if (ShapeOf(p) is { } shape && Dom.LinkDensity(p) < 0.25)
            {
                byShape[shape] = byShape.GetValueOrDefault(shape) + length;
            }
        }

        if (byShape.Count == 0)
        {
            return null;
        }

        var main = byShape.MaxBy(kv => kv.Value);
        var named = main.Key.Split('|').Any(part => !part.EndsWith('.'));
        return main.Value >= total * MinShapeShare && named ? main.Key : null;
    }

    private static string? ShapeOf(IElement e) =>
        e.ParentElement is { } parent ? Dom.Tag(e) + "." + (e.ClassName ?? string.Empty).Trim() + "|" + Dom.Tag(parent) + "." + (parent.ClassName ?? string.Empty).Trim() : null;
}
