using AngleSharp.Dom;

namespace Aggregator.FullText;

/// <summary>
/// Readability gathers only the container's own siblings, so a story whose text goes on in the next wrapper up (the
/// paragraph after a paywall box or an ad slot, the next content element of a page builder, a closing paragraph set
/// in the column rather than the post's box) loses that text. Walking up from the container a few levels, the blocks
/// that follow each ancestor are taken while they read as prose, and the walk ends at the first block that does not:
/// a link list, a teaser card, a form (the comment box that follows so many stories), a footer. Pruning has already taken comments, sidebars and footers by name,
/// and the cleaning and the precision pass still judge what is taken.
/// </summary>
internal static class ContainerContinuation
{
    /// <summary>Levels above the container whose following siblings are looked at; past them lies the page's layout.</summary>
    private const int MaxLevels = 2;

    /// <summary>A paragraph this long is prose: longer than Readability's 80 for a sibling, since these blocks lie outside the post's own wrapper (80 let an outlet's promo lines in).</summary>
    private const int ProseLength = 120;

    /// <summary>The share of a block's text that must be such paragraphs; at half, a block of labels around one paragraph passed.</summary>
    private const double MinProseShare = 0.8;

    /// <summary>Readability's bound for a paragraph sibling: past it, a block is a teaser or a link list.</summary>
    private const double MaxLinkDensity = 0.25;

    /// <summary>Shorter blocks (an empty ad slot, a picture, a "share" label) are passed over, neither prose nor an end.</summary>
    private const int NoiseLength = 25;

    /// <summary>Blocks after the container's ancestors that continue its text, in page order.</summary>
    public static List<IElement> Find(IElement topCandidate)
    {
        var found = new List<IElement>();
        var node = topCandidate;
        for (var level = 0; level < MaxLevels; level++)
        {
            if (node.ParentElement is not { } parent || Dom.Is(parent, "body") || Dom.Is(parent, "html"))
            {
                break;
            }

            node = parent;
            for (var sibling = node.NextElementSibling; sibling is not null; sibling = sibling.NextElementSibling)
            {
                if (HoldsControls(sibling))
                {
                    // A comment box's labels are short; passed over as noise, it would let the comments under it in.
                    return found;
                }

                var text = Dom.InnerText(sibling);
                if (text.Length < NoiseLength)
                {
                    continue;
                }

                if (!IsProse(sibling, text.Length))
                {
                    return found;
                }

                found.Add(sibling);
            }
        }

        return found;
    }

    /// <summary>Moves the blocks into <paramref name="article"/> after what it holds; any already taken stay where they are.</summary>
    public static void Join(IElement article, List<IElement> blocks)
    {
        foreach (var block in blocks.Where(b => !article.Contains(b)))
        {
            article.AppendChild(block);
        }
    }

    private static bool HoldsControls(IElement block) =>
        Dom.Is(block, "form") || Dom.ByTag(block, "form", "input", "textarea", "select", "button").Count > 0;

    /// <summary>Most of the block's text in paragraphs of prose, and the block not mostly links nor a landmark.</summary>
    private static bool IsProse(IElement block, int length)
    {
        if (Dom.Tag(block) is "FOOTER" or "ASIDE" or "NAV" or "UL" or "OL" or "TABLE"
            || Dom.LinkDensity(block) >= MaxLinkDensity
            || Dom.ByTag(block, "h1", "h2", "h3", "h4", "h5", "h6").Any(h => Dom.InnerText(h).Length > 0 && Dom.LinkDensity(h) >= 0.9))
        {
            return false;
        }

        var paragraphs = Dom.Is(block, "p") ? [block] : Dom.ByTag(block, "p");
        var prose = paragraphs
            .Select(p => Dom.InnerText(p))
            .Where(t => t.Length >= ProseLength)
            .Sum(t => t.Length);
        return prose >= MinProseShare * length;
    }
}
