using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Aggregator.Tests.Normalize;

/// <summary>
/// The text of a page as a full HTML5 parse (AngleSharp) gives it, blocks on their own lines:
/// the reference the hand-written scanner in HtmlText is checked against.
/// </summary>
internal static class BrowserTextOracle
{
    private static readonly HashSet<string> Blocks = new(StringComparer.Ordinal)
    {
        "p", "div", "section", "article", "aside", "header", "footer", "main", "nav", "address",
        "blockquote", "pre", "ul", "ol", "li", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
        "figure", "figcaption", "table", "thead", "tbody", "tfoot", "tr", "caption", "hr",
        "details", "summary", "form", "fieldset", "legend", "center", "br",
    };

    private static readonly HashSet<string> Invisible = new(StringComparer.Ordinal)
    {
        "script", "style", "template", "noscript", "noembed", "noframes", "head", "title", "textarea", "xmp",
        "iframe", "object", "svg", "math", "canvas", "select", "button", "datalist",
    };

    public static string Text(string html)
    {
        var body = new HtmlParser().ParseDocument(html).Body;
        var lines = new StringBuilder();
        var line = new StringBuilder();
        if (body is not null)
        {
            Walk(body, lines, line);
        }

        Flush(lines, line);
        return lines.ToString().TrimEnd('\n');
    }

    private static void Walk(INode node, StringBuilder lines, StringBuilder line)
    {
        foreach (var child in node.ChildNodes)
        {
            if (child is IText text)
            {
                line.Append(text.Data);
            }
            else if (child is IElement element && !Invisible.Contains(element.LocalName))
            {
                var name = element.LocalName;
                var block = Blocks.Contains(name);
                if (block)
                {
                    Flush(lines, line);
                }

                if (name is "td" or "th")
                {
                    line.Append(' ');
                }

                if (name == "img")
                {
                    line.Append(' ').Append(element.GetAttribute("alt")).Append(' ');
                }

                Walk(element, lines, line);
                if (block)
                {
                    Flush(lines, line);
                }
            }
        }
    }

    private static void Flush(StringBuilder lines, StringBuilder line)
    {
        var collapsed = string.Join(' ', line.ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Select(w => new string(w.Where(c => !char.IsControl(c)).ToArray())).Where(w => w.Length > 0));
        if (collapsed.Length > 0)
        {
            lines.Append(collapsed).Append('\n');
        }

        line.Clear();
    }
}
