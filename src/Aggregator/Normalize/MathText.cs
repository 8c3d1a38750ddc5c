using System.Text;
using AngleSharp.Dom;
using Aggregator.Parse;

namespace Aggregator.Normalize;

/// <summary>
/// A MathML formula kept as its text. Its markup stays out (MathML is where parsers disagree about namespaces, the
/// road of mutation XSS), but a formula is the article's text: dropping it whole lost every equation of a maths
/// article (162 words of the Readability corpus's mathjax page). Display math keeps a line of its own.
/// </summary>
internal static class MathText
{
    public static void Write(StringBuilder sb, IElement math)
    {
        var text = Text(math);
        if (text.Length == 0)
        {
            return;
        }

        var tag = IsDisplay(math) ? "div" : "span";
        sb.Append('<').Append(tag).Append('>');
        HtmlEscape.AppendText(sb, text);
        sb.Append("</").Append(tag).Append('>');
    }

    /// <summary>Whether the formula stands on a line of its own.</summary>
    public static bool IsDisplay(IElement math) => string.Equals(math.GetAttribute("display"), "block", StringComparison.OrdinalIgnoreCase);

    /// <summary>The formula's text as a reader sees it, trimmed; empty when it shows none.</summary>
    public static string Text(IElement math)
    {
        var text = new StringBuilder();
        var stack = new Stack<INode>();
        stack.Push(math);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (node is IText t)
            {
                text.Append(t.Data);
                continue;
            }

            // A formula's source (TeX) rides along in annotations that no browser shows; a script or style let in
            // through a text element (mtext) is not text either.
            if (node is IElement e && node != math && (e.LocalName is "annotation" or "annotation-xml" || HtmlSanitizerPolicy.DroppedWithContent.Contains(e.LocalName)))
            {
                continue;
            }

            for (var i = node.ChildNodes.Length - 1; i >= 0; i--)
            {
                stack.Push(node.ChildNodes[i]);
            }
        }

        return text.ToString().Trim();
    }
}
