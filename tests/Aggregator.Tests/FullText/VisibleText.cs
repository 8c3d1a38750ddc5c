using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Aggregator.Tests.FullText;

/// <summary>
/// HTML to the text a reader sees, as an extraction benchmark turns a feed entry's content into text: the text
/// nodes in order, every block-level element (and &lt;br&gt;) on a line of its own, no script, style or other
/// unrendered element, and no attribute text (an image's alt is not what the page shows).
/// </summary>
internal static class VisibleText
{
    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "address", "article", "aside", "blockquote", "br", "center", "dd", "details", "dialog", "dir", "div", "dl", "dt",
        "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr",
        "legend", "li", "main", "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot",
        "th", "thead", "tr", "ul", "caption",
    };

    private static readonly HashSet<string> Unrendered = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "noscript", "template", "head", "title", "iframe", "object", "embed", "svg", "canvas",
    };

    public static string Of(string? html)
    {
        if (string.IsNullOrWhiteSpace(html))
        {
            return string.Empty;
        }

        var document = new HtmlParser().ParseDocument(html);
        var sb = new StringBuilder();
        var stack = new Stack<(INode Node, bool Leaving)>();
        stack.Push((document.DocumentElement, false));
        while (stack.Count > 0)
        {
            var (node, leaving) = stack.Pop();
            if (node is IText text)
            {
                sb.Append(text.Data);
                continue;
            }

            if (node is not IElement element || Unrendered.Contains(element.LocalName))
            {
                continue;
            }

            var block = Blocks.Contains(element.LocalName);
            if (block)
            {
                sb.Append('\n');
            }

            if (leaving)
            {
                continue;
            }

            stack.Push((node, true));
            for (var i = node.ChildNodes.Length - 1; i >= 0; i--)
            {
                stack.Push((node.ChildNodes[i], false));
            }
        }

        return string.Join('\n', sb.ToString().Split('\n').Select(l => string.Join(' ', l.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))).Where(l => l.Length > 0));
    }
}
