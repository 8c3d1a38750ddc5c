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
    /// <summary>Share of the description's words the block must hold; descriptions are often trimmed or reworded slightly.</summary>
    private const double MinCoverage = 0.8;

    /// <summary>A shorter description is too little to tell a lede from a title or a label.</summary>
    private const int MinDescriptionLength = 60;

    /// <summary>A block much longer than the description is a container that holds the lede, not the lede.</summary>
    private const double MaxLengthRatio = 3;

    /// <summary>The block before <paramref name="topCandidate"/> in document order that repeats the page's description, if any.</summary>
    public static IElement? Find(IElement body, IElement topCandidate, string? description)
    {
        if (description is null || description.Length < MinDescriptionLength)
        {
            return null;
        }

        var maxLength = description.Length * MaxLengthRatio;
        foreach (var element in Dom.DescendantElements(body))
        {
            if (element == topCandidate)
            {
                return null;
            }

            if (element.Contains(topCandidate) || Dom.IsPhrasingContent(element) || !element.Children.All(Dom.IsPhrasingContent))
            {
                continue;
            }

            var text = Dom.InnerText(element);
            if (text.Length < description.Length / 2 || text.Length > maxLength || Dom.LinkDensity(element) > 0.25)
            {
                continue;
            }

            if (TextSimilarity.Of(text, description) >= MinCoverage)
            {
                return element;
            }
        }

        return null;
    }

    /// <summary>Puts the lede in front of the gathered content unless the content already says it.</summary>
    public static void Prepend(IElement article, IElement lede, string description)
    {
        if (article.Contains(lede) || TextSimilarity.Of(Dom.InnerText(article), description) >= MinCoverage)
        {
            return;
        }

        article.Prepend(lede);
    }
}
