using AngleSharp.Dom;

namespace Aggregator.FullText;

/// <summary>
/// The lede (standfirst, intro, subheadline) of a news page usually sits in the article header beside the
/// title, outside the container that holds the paragraphs, so the container choice leaves it out. The page
/// states its own summary in the description metadata, and where that summary is also shown as a block above
/// the container, that block is the lede. Matching the page's own description, not class names, keeps teasers
/// of other stories out: they do not repeat this page's summary.
/// </summary>
internal static class Lede
{
    /// <summary>Share of a description's words the block must hold; descriptions are often trimmed or reworded slightly.</summary>
    private const double MinCoverage = 0.8;

    /// <summary>A shorter description is too little to tell a lede from a title or a label.</summary>
    private const int MinDescriptionLength = 60;

    /// <summary>A block much longer than the description is a container that holds the lede, not the lede.</summary>
    private const double MaxLengthRatio = 3;

    /// <summary>Descriptions are often cut to 150 characters while the lede runs on for a few sentences.</summary>
    private const int MaxLedeLength = 1000;

    /// <summary>A lede is a few sentences; a shorter line under the title is a kicker, a byline or a date.</summary>
    private const int MinLedeLength = 80;

    private const int MinLedeWords = 12;

    /// <summary>Between the title and its lede sit at most a byline, a date and a reading time.</summary>
    private const int MaxSkippedAfterTitle = 3;

    /// <summary>The block before <paramref name="topCandidate"/> in document order that repeats one of the page's descriptions, if any.</summary>
    public static IElement? Find(IElement body, IElement topCandidate, IReadOnlyList<string> descriptions)
    {
        var usable = descriptions.Where(d => d.Length >= MinDescriptionLength).ToList();
        if (usable.Count == 0)
        {
            return null;
        }

        var minLength = usable.Min(d => d.Length) / 2;
        var maxLength = Math.Max(usable.Max(d => d.Length) * MaxLengthRatio, MaxLedeLength);
        foreach (var element in Dom.DescendantElements(body))
        {
            if (element == topCandidate)
            {
                return null;
            }

            if (element.Contains(topCandidate) || Dom.IsPhrasingContent(element) || !IsLeafOrList(element))
            {
                continue;
            }

            var text = Dom.InnerText(element);
            if (text.Length < minLength || text.Length > maxLength || Dom.LinkDensity(element) > 0.25)
            {
                continue;
            }

            if (usable.Any(d => TextSimilarity.Of(text, d) >= MinCoverage))
            {
                return element;
            }
        }

        return null;
    }

    /// <summary>A block of inline content, or a list of such items: some sites print the lede as bullet points.</summary>
    private static bool IsLeafOrList(IElement element) =>
        element.Children.All(c => Dom.IsPhrasingContent(c) || (Dom.Is(c, "li") && c.Children.All(Dom.IsPhrasingContent)));

    /// <summary>
    /// Where the description gives no match, the first block of prose after the page's title heading (removed as a
    /// duplicate of the title while pruning), past a short byline or date, when it reads as sentences and comes
    /// before the container. The walk goes on in page order, into wrappers and out of the title's own wrapper: a
    /// standfirst sits as often in a box beside the title's box as right under it.
    /// </summary>
    public static IElement? AfterTitle(IElement? afterTitle, IElement topCandidate) =>
        FirstAfterTitle(afterTitle, within: null, e => e == topCandidate || topCandidate.Contains(e)
            || !topCandidate.CompareDocumentPosition(e).HasFlag(DocumentPositions.Preceding));

    /// <summary>
    /// The lede inside a header pruned as unlikely ("entry-header", "intro-header") that held the title heading: the first
    /// block of prose after the heading within that header. Only the one block is kept, not the header's bylines and share bars.
    /// </summary>
    public static IElement? InPrunedHeader(IElement header, IElement titleHeading) =>
        FirstAfterTitle(Dom.NextElement(titleHeading, skipChildren: true), header, _ => false);

    private static IElement? FirstAfterTitle(IElement? start, IElement? within, Func<IElement, bool> pastTheStory)
    {
        var skipped = 0;
        var e = start;
        while (e is not null && skipped <= MaxSkippedAfterTitle && (within is null || within.Contains(e)))
        {
            if (pastTheStory(e))
            {
                return null;
            }

            var text = Dom.InnerText(e);
            if (text.Length < MinLedeLength)
            {
                skipped++;
                e = Dom.NextElement(e, skipChildren: true);
                continue;
            }

            if (!e.Children.All(Dom.IsPhrasingContent))
            {
                // A wrapper of blocks: its first block is the candidate, whatever wraps it.
                e = Dom.NextElement(e);
                continue;
            }

            return IsLede(e, text) ? e : null;
        }

        return null;
    }

    private static bool IsLede(IElement e, string text) =>
        text.Length <= MaxLedeLength
        && text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= MinLedeWords
        && Dom.LinkDensity(e) < 0.25
        && !DateLines.IsDateLine(text)
        && !BylineLines.IsBylineLine(text);

    /// <summary>Puts the lede in front of the gathered content unless the content already says it.</summary>
    public static void Prepend(IElement article, IElement lede)
    {
        var text = Dom.InnerText(lede);
        if (article.Contains(lede) || Dom.InnerText(article).Contains(text[..Math.Min(text.Length, 60)], StringComparison.Ordinal))
        {
            return;
        }

        article.Prepend(lede);
    }
}
