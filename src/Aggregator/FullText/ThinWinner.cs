using AngleSharp.Dom;

namespace Aggregator.FullText;

/// <summary>
/// A second opinion on Readability's winner. Its score counts paragraphs and commas with a length bonus capped at 300
/// characters, so a box of short comma-rich lines (cookie tiers, a delivery note, a recipe's teaser) outscores the long
/// paragraphs of a recipe's steps, a product's description or a landing page's sections. When another of the best-scored
/// candidates holds several times the winner's paragraph text and is not scored far below it, that text is the page's
/// content and the winner only its densest corner.
/// </summary>
internal static class ThinWinner
{
    /// <summary>The other candidate must hold this many times the winner's paragraph text: twice was too eager on dev, five times too shy.</summary>
    private const double ProseRatio = 3;

    /// <summary>Nor score below this share of the winner's: a page's whole wrapper holds more text too, but scores little once its links count.</summary>
    private const double ScoreRatio = 0.3;

    /// <summary>Below this much paragraph text neither side is an article, and the first pass's retries handle the page.</summary>
    private const int MinProse = 500;

    /// <summary>The candidate to use instead of <paramref name="top"/>[0], or that one; <paramref name="top"/> is ordered by score, best first.</summary>
    public static IElement Recheck(IReadOnlyList<IElement> top, IReadOnlyDictionary<IElement, double> scores)
    {
        var winner = top[0];
        var own = ProseLength(winner);
        var (best, bestProse) = (winner, own);
        // The body is every page's sum, never a container: Readability never picks it either.
        foreach (var other in top.Skip(1).Where(t => !Dom.Is(t, "body")))
        {
            var prose = ProseLength(other);
            if (prose >= MinProse && prose >= ProseRatio * own && prose > bestProse && scores[other] >= ScoreRatio * scores[winner])
            {
                (best, bestProse) = (other, prose);
            }
        }

        return best;
    }

    /// <summary>The text of the paragraphs <paramref name="root"/> holds (divs without blocks are paragraphs by now).</summary>
    public static int ProseLength(IElement root) => Dom.ByTag(root, "p").Sum(p => Dom.InnerText(p).Length);
}
