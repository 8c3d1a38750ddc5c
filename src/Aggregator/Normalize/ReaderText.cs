using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Aggregator.Normalize;

/// <summary>
/// The one definition of the text a reader sees in HTML, as an extraction benchmark turns a feed entry's content into
/// text: the text nodes in order, every block-level element (and &lt;br&gt;) on a line of its own, nothing of an
/// element a browser does not render, and no attribute text (an image's alt is not what the page shows). Applied to
/// sanitized content (<see cref="OfPublished"/>) it is the text a published full-text entry carries, which the corpus
/// tests score, so they measure what readers get (issue 20).
/// </summary>
public static class ReaderText
{
    private const string HtmlNamespace = "http://www.w3.org/1999/xhtml";
    private const string MathMLNamespace = "http://www.w3.org/1998/Math/MathML";

    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "address", "article", "aside", "blockquote", "br", "center", "dd", "details", "dialog", "dir", "div", "dl", "dt",
        "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr",
        "legend", "li", "main", "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot",
        "th", "thead", "tr", "ul", "caption",
    };

    // What a browser parses but never paints; the sanitizer drops these too, so published content never holds them.
    private static readonly HashSet<string> Unrendered = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "noscript", "template", "head", "title", "iframe", "object", "embed", "svg", "canvas",
    };

    /// <summary>The lines a reader sees in <paramref name="html"/> (a fragment or a whole document), whitespace collapsed, none empty.</summary>
    public static IReadOnlyList<string> Lines(string? html)
    {
        if (string.IsNullOrWhiteSpace(html))
        {
            return [];
        }

        return Walk(new HtmlParser().ParseDocument(html).DocumentElement, published: false);
    }

    /// <summary>The lines a reader sees under <paramref name="root"/>, itself included.</summary>
    public static IReadOnlyList<string> Lines(INode root) => Walk(root, published: false);

    /// <summary>
    /// The lines a reader of the published entry sees of <paramref name="root"/>'s content, read off the DOM under the
    /// sanitizer's policy (<see cref="HtmlSanitizerPolicy"/>) instead of sanitizing and parsing again: the same lines as
    /// <see cref="OfPublished"/> of its markup, at no second parse (a hostile page nested 100,000 deep takes seconds to parse).
    /// </summary>
    public static IReadOnlyList<string> PublishedLines(IElement root) => Walk(root, published: true);

    private static List<string> Walk(INode root, bool published)
    {
        var sb = new StringBuilder();
        // An explicit stack, not recursion: hostile pages nest deeper than the call stack.
        var stack = new Stack<(INode Node, bool Leaving)>();
        stack.Push((root, false));
        while (stack.Count > 0)
        {
            var (node, leaving) = stack.Pop();
            if (node is IText text)
            {
                // A line break in the source is a space on screen (outside <pre>, which no benchmark keeps apart either).
                sb.Append(text.Data.Replace('\n', ' ').Replace('\r', ' '));
                continue;
            }

            if (node is not IElement element || Unrendered.Contains(element.LocalName))
            {
                continue;
            }

            var block = Blocks.Contains(element.LocalName);
            if (published && node != root)
            {
                if (element.NamespaceUri == MathMLNamespace && element.LocalName == "math")
                {
                    // The sanitizer keeps a formula as its text (MathText), on a line of its own when displayed.
                    var formula = MathText.Text(element);
                    sb.Append(MathText.IsDisplay(element) ? '\n' + formula + '\n' : formula);
                    continue;
                }

                if (element.NamespaceUri != HtmlNamespace || HtmlSanitizerPolicy.DroppedWithContent.Contains(element.LocalName))
                {
                    continue;
                }

                // Kept elements stay what they are, block containers become a div, anything else is unwrapped.
                block = block && (HtmlSanitizerPolicy.Elements.Contains(element.LocalName) || HtmlSanitizerPolicy.BlockContainers.Contains(element.LocalName));
            }

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

        var lines = new List<string>();
        foreach (var line in sb.ToString().Split('\n'))
        {
            var words = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (words.Length > 0)
            {
                lines.Add(string.Join(' ', words));
            }
        }

        return lines;
    }

    /// <summary>The text a reader sees in <paramref name="html"/>, one line per block.</summary>
    public static string Of(string? html) => string.Join('\n', Lines(html));

    /// <summary>The lines a reader of the published entry sees: <paramref name="html"/> sanitized as the publish step does, then read.</summary>
    public static IReadOnlyList<string> OfPublished(string? html, Uri? baseUri) => Lines(HtmlSanitizer.Sanitize(html, baseUri));
}
