using AngleSharp.Dom;

namespace Aggregator.FullText;

/// <summary>
/// A figure that holds a picture (or a video) and a few lines of text: the text describes the picture, whatever
/// element holds it (a figcaption, a plain paragraph, a span), so it goes and the picture stays. A figure that also
/// holds code, a table, a list or a quotation is part of the argument and is left alone, as is one whose text is
/// longer than a caption.
/// </summary>
internal static class FigureCaptions
{
    private const int MaxCaption = 400;

    private static readonly string[] Media = ["img", "picture", "video", "audio", "iframe", "svg", "canvas", "object", "embed"];

    public static void Remove(IElement article, int budget, BoilerplateTally? tally)
    {
        foreach (var figure in Dom.ByTag(article, "figure"))
        {
            if (figure.ParentElement is null || Dom.ByTag(figure, Media).Count == 0
                || Dom.ByTag(figure, "pre", "code", "table", "blockquote", "ul", "ol", "figure").Count > 0)
            {
                continue;
            }

            var text = Dom.InnerText(figure);
            if (text.Length == 0 || text.Length > Math.Min(MaxCaption, budget))
            {
                continue;
            }

            tally?.Add(BoilerplateKind.FigureText, text);
            StripText(figure);
        }
    }

    /// <summary>Removes every text node and every element without a picture in it, keeping the pictures' wrappers.</summary>
    private static void StripText(IElement element)
    {
        foreach (var child in element.ChildNodes.ToList())
        {
            if (child is IElement e)
            {
                if (Media.Any(m => Dom.Is(e, m)))
                {
                    continue;
                }

                if (Dom.ByTag(e, Media).Count == 0)
                {
                    e.Remove();
                }
                else
                {
                    StripText(e);
                }
            }
            else if (child.NodeType == NodeType.Text && !string.IsNullOrWhiteSpace(child.TextContent))
            {
                element.RemoveChild(child);
            }
        }
    }
}
