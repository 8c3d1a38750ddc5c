using AngleSharp.Dom;

namespace Aggregator.FullText;

/// <summary>
/// The precision pass over the chosen content, after Readability's cleaning: Readability keeps whatever sits
/// inside the winning container, and on news pages that container also holds captions, credit lines, the
/// byline and date block, share bars, related-story lists, newsletter boxes, author bios and embeds that
/// render as bare URLs. Each rule is generic (markup names, link density, position, size relative to the
/// article) and none may take a block that holds a large part of the article's text.
/// </summary>
internal static class BoilerplateFilter
{
    /// <summary>
    /// A marked block is only boilerplate while it is small beside the article: a page whose whole body sits in
    /// a "comment-content" or "entry-meta" wrapper keeps it.
    /// </summary>
    internal const double MaxShareOfArticle = 0.3;

    public static void Run(IElement article, BoilerplateTally? tally = null, LinkRegions? regions = null)
    {
        var total = Dom.InnerText(article).Length;
        if (total == 0)
        {
            BoilerplateMarkup.Forget(article);
            return;
        }

        var budget = (int)(total * MaxShareOfArticle);
        var elements = Dom.DescendantElements(article).ToList();
        var captions = elements.Where(BoilerplateMarkup.IsCaption).ToList();

        // In a gallery or slideshow the captions are the text; elsewhere they describe a photo beside it.
        var captionText = captions.Where(c => !captions.Any(o => o != c && o.Contains(c))).Sum(c => Dom.InnerText(c).Length);
        var isGallery = captionText > budget;
        foreach (var element in elements)
        {
            if (element.ParentElement is null || !Dom.IsDescendant(element, article))
            {
                continue;
            }

            var kind = BoilerplateMarkup.MarkedKind(element) ?? (!isGallery && BoilerplateMarkup.IsCaption(element) ? BoilerplateKind.Captions : null);
            if (kind is not null)
            {
                RemoveMarked(element, budget, kind, tally);
            }
        }

        var blocks = LeafBlocks(article);
        foreach (var block in blocks)
        {
            if (block.ParentElement is null || !Dom.IsDescendant(block, article))
            {
                continue;
            }

            var text = Dom.InnerText(block);
            var kind = DateLines.IsDateLine(text) ? BoilerplateKind.DateLine
                : CreditLines.IsCreditLine(text) ? BoilerplateKind.CreditLine
                : CaptionCredits.IsCaption(text) ? BoilerplateKind.CaptionCredit
                : LinkBlocks.IsBareUrl(block, text) ? BoilerplateKind.BareUrl
                : LinkBlocks.IsLabelledLink(block, text) ? BoilerplateKind.LabelledLink
                : NewsletterLines.IsNewsletterLine(text) ? BoilerplateKind.NewsletterLine
                : AdLabels.IsAdLabel(text) ? BoilerplateKind.AdLabel
                : MediaLabels.IsMediaLabel(text) ? BoilerplateKind.MediaLabel
                : BylineLines.IsBylineLine(text) ? BoilerplateKind.BylineLine
                : DatelineParts.IsDatelineRow(text) ? BoilerplateKind.DatelineRow
                : LoneHeadlineLinks.IsLoneHeadlineLink(block, text) ? BoilerplateKind.LoneHeadlineLink
                : null;
            if (kind is not null)
            {
                tally?.Add(kind, text);
                block.Remove();
            }
        }

        NameLines.Remove(article, blocks, tally);

        RepeatedText.Remove(article, tally);
        ClosingSections.Remove(article, budget, tally);
        LinkBlocks.RemoveHeadedLinkLists(article, tally);
        LinkBlocks.RemoveTrailingLinkBlocks(article, tally);
        regions?.Remove(article, tally);
        BoilerplateMarkup.Forget(article);
    }

    /// <summary>
    /// An inline element (a byline link, a time, a credit span) goes with the short line it sits in, so no
    /// "By" or "Photo:" is left behind; inside running prose it stays, or the sentence would lose words.
    /// </summary>
    private static void RemoveMarked(IElement element, int budget, string kind, BoilerplateTally? tally)
    {
        var text = Dom.InnerText(element);
        if (text.Length > budget)
        {
            return;
        }

        if (!Dom.IsPhrasingContent(element))
        {
            tally?.Add(kind, text);
            element.Remove();
            return;
        }

        var block = element.ParentElement;
        while (block is not null && Dom.IsPhrasingContent(block))
        {
            block = block.ParentElement;
        }

        if (block is null)
        {
            return;
        }

        var blockText = Dom.InnerText(block);
        if (blockText.Length - text.Length <= ShortLine.Slack && blockText.Length <= budget)
        {
            tally?.Add(kind, blockText);
            block.Remove();
        }
    }

    /// <summary>Blocks with no block inside: paragraphs, list items, leaf divs, headings.</summary>
    internal static List<IElement> LeafBlocks(IElement root) =>
        Dom.DescendantElements(root)
            .Where(e => !Dom.IsPhrasingContent(e) && !Dom.HasAncestorTag(e, "table", -1) && !Dom.HasAncestorTag(e, "pre", -1)
                && e.Children.All(Dom.IsPhrasingContent))
            .ToList();
}
