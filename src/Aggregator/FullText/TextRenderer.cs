using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace Aggregator.FullText;

/// <summary>Plain text of the content with a blank line between blocks, for indexing and matching.</summary>
internal static partial class TextRenderer
{
    private static readonly HashSet<string> BlockTags = new(StringComparer.Ordinal)
    {
        "ADDRESS", "ARTICLE", "BLOCKQUOTE", "BR", "DD", "DIV", "DL", "DT", "FIGCAPTION", "FIGURE", "H1", "H2", "H3",
        "H4", "H5", "H6", "HR", "LI", "OL", "P", "PRE", "SECTION", "TABLE", "TR", "UL", "TD", "TH",
    };

    [GeneratedRegex(@"[ \t\r\f\v\u00A0]+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@" *\n[ \n]*")]
    private static partial Regex Breaks();

    public static string Render(IElement root)
    {
        var sb = new StringBuilder();
        var stack = new Stack<(INode Node, bool Leaving)>();
        stack.Push((root, false));
        while (stack.Count > 0)
        {
            var (node, leaving) = stack.Pop();
            if (node.NodeType == NodeType.Text)
            {
                sb.Append(((IText)node).Data.Replace('\n', ' '));
                continue;
            }

            var isBlock = node is IElement e && BlockTags.Contains(Dom.Tag(e));
            if (leaving)
            {
                if (isBlock)
                {
                    sb.Append('\n');
                }

                continue;
            }

            if (isBlock)
            {
                sb.Append('\n');
            }

            stack.Push((node, true));
            var children = node.ChildNodes;
            for (var i = children.Length - 1; i >= 0; i--)
            {
                stack.Push((children[i], false));
            }
        }

        var text = Spaces().Replace(sb.ToString(), " ");
        text = Breaks().Replace(text, "\n\n");
        return text.Trim();
    }
}
