using System.Text;
using AngleSharp.Dom;

namespace Aggregator.FullText;

/// <summary>
/// DOM helpers for the extractor. Walks are iterative so that hostile nesting cannot exhaust the stack.
/// </summary>
internal static class Dom
{
    private static readonly HashSet<string> DivToPElements = new(StringComparer.Ordinal)
    {
        "BLOCKQUOTE", "DL", "DIV", "IMG", "OL", "P", "PRE", "TABLE", "UL",
    };

    private static readonly HashSet<string> PhrasingElements = new(StringComparer.Ordinal)
    {
        "ABBR", "AUDIO", "B", "BDO", "BR", "BUTTON", "CITE", "CODE", "DATA", "DATALIST", "DFN", "EM", "EMBED",
        "I", "IMG", "INPUT", "KBD", "LABEL", "MARK", "MATH", "METER", "NOSCRIPT", "OBJECT", "OUTPUT", "PROGRESS",
        "Q", "RUBY", "SAMP", "SCRIPT", "SELECT", "SMALL", "SPAN", "STRONG", "SUB", "SUP", "TEXTAREA", "TIME",
        "VAR", "WBR",
    };

    public static string Tag(IElement e) => e.LocalName.ToUpperInvariant();

    public static bool Is(IElement e, string tag) => string.Equals(e.LocalName, tag, StringComparison.OrdinalIgnoreCase);

    /// <summary>The concatenated text of every descendant text node.</summary>
    public static string RawText(INode root)
    {
        if (root.NodeType == NodeType.Text)
        {
            return ((IText)root).Data;
        }

        var sb = new StringBuilder();
        foreach (var node in Descendants(root))
        {
            if (node.NodeType == NodeType.Text)
            {
                sb.Append(((IText)node).Data);
            }
        }

        return sb.ToString();
    }

    /// <summary>Readability's getInnerText: trimmed, runs of whitespace collapsed.</summary>
    public static string InnerText(INode e, bool normalize = true)
    {
        var text = RawText(e).Trim();
        return normalize ? ReadabilityPatterns.Normalize().Replace(text, " ") : text;
    }

    /// <summary>
    /// Pre-order descendants (not the root itself). Iterative, and by child index rather than
    /// NextSibling, which AngleSharp answers by searching the parent's child list.
    /// </summary>
    public static IEnumerable<INode> Descendants(INode root)
    {
        var stack = new Stack<(INodeList List, int Index)>();
        stack.Push((root.ChildNodes, 0));
        while (stack.Count > 0)
        {
            var (list, index) = stack.Pop();
            if (index >= list.Length)
            {
                continue;
            }

            var node = list[index];
            stack.Push((list, index + 1));
            yield return node;
            if (node.HasChildNodes)
            {
                stack.Push((node.ChildNodes, 0));
            }
        }
    }

    public static IEnumerable<IElement> DescendantElements(INode root)
    {
        foreach (var node in Descendants(root))
        {
            if (node is IElement e)
            {
                yield return e;
            }
        }
    }

    public static List<IElement> ByTag(INode root, params string[] tags)
    {
        var list = new List<IElement>();
        foreach (var e in DescendantElements(root))
        {
            foreach (var tag in tags)
            {
                if (Is(e, tag))
                {
                    list.Add(e);
                    break;
                }
            }
        }

        return list;
    }

    public static int CountTag(INode root, string tag)
    {
        var count = 0;
        foreach (var e in DescendantElements(root))
        {
            if (Is(e, tag))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Depth-first next element; with <paramref name="skipChildren"/> the subtree is skipped.</summary>
    public static IElement? NextElement(IElement node, bool skipChildren = false)
    {
        if (!skipChildren && node.FirstElementChild is { } first)
        {
            return first;
        }

        if (node.NextElementSibling is { } next)
        {
            return next;
        }

        IElement? current = node;
        do
        {
            current = current.ParentElement;
        }
        while (current is not null && current.NextElementSibling is null);

        return current?.NextElementSibling;
    }

    /// <summary>Removes the node and returns the element a depth-first walk should visit next.</summary>
    public static IElement? RemoveAndGetNext(IElement node)
    {
        var next = NextElement(node, skipChildren: true);
        node.Remove();
        return next;
    }

    public static List<IElement> Ancestors(IElement node, int maxDepth = 0)
    {
        var list = new List<IElement>();
        var current = node.ParentElement;
        while (current is not null)
        {
            list.Add(current);
            if (maxDepth > 0 && list.Count == maxDepth)
            {
                break;
            }

            current = current.ParentElement;
        }

        return list;
    }

    public static bool HasAncestorTag(IElement node, string tag, int maxDepth = 3, Func<IElement, bool>? filter = null)
    {
        var depth = 0;
        var current = node.ParentElement;
        while (current is not null)
        {
            if (maxDepth > 0 && depth > maxDepth)
            {
                return false;
            }

            if (Is(current, tag) && (filter is null || filter(current)))
            {
                return true;
            }

            current = current.ParentElement;
            depth++;
        }

        return false;
    }

    public static double LinkDensity(IElement element)
    {
        var textLength = InnerText(element).Length;
        if (textLength == 0)
        {
            return 0;
        }

        double linkLength = 0;
        foreach (var a in ByTag(element, "a"))
        {
            var href = a.GetAttribute("href");
            // In-page anchors (footnotes, tables of contents) are part of the text more than navigation.
            var coefficient = href is { Length: > 1 } && href[0] == '#' ? 0.3 : 1;
            linkLength += InnerText(a).Length * coefficient;
        }

        return linkLength / textLength;
    }

    public static double TextDensity(IElement e, IReadOnlyCollection<string> tags)
    {
        var textLength = InnerText(e).Length;
        if (textLength == 0)
        {
            return 0;
        }

        var childrenLength = 0;
        foreach (var child in DescendantElements(e))
        {
            if (tags.Contains(Tag(child)))
            {
                childrenLength += InnerText(child).Length;
            }
        }

        return (double)childrenLength / textLength;
    }

    /// <summary>Whether <paramref name="node"/> sits below <paramref name="root"/> (not root itself): a rule that removed
    /// an ancestor has detached it.</summary>
    public static bool IsDescendant(IElement node, IElement root)
    {
        for (var e = node.ParentElement; e is not null; e = e.ParentElement)
        {
            if (e == root)
            {
                return true;
            }
        }

        return false;
    }

    public static bool IsWhitespace(INode node) =>
        (node.NodeType == NodeType.Text && string.IsNullOrWhiteSpace(node.TextContent))
        || (node is IElement e && Is(e, "br"));

    public static bool IsElementWithoutContent(IElement node)
    {
        if (!string.IsNullOrWhiteSpace(RawText(node)))
        {
            return false;
        }

        var children = node.Children.Length;
        return children == 0 || children == CountTag(node, "br") + CountTag(node, "hr");
    }

    public static bool HasChildBlockElement(IElement element)
    {
        foreach (var e in DescendantElements(element))
        {
            if (DivToPElements.Contains(Tag(e)))
            {
                return true;
            }
        }

        return false;
    }

    public static bool HasSingleTagInside(IElement element, string tag)
    {
        if (element.Children.Length != 1 || !Is(element.Children[0], tag))
        {
            return false;
        }

        foreach (var child in element.ChildNodes)
        {
            if (child.NodeType == NodeType.Text && !string.IsNullOrWhiteSpace(child.TextContent))
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsPhrasingContent(INode node)
    {
        if (node.NodeType == NodeType.Text)
        {
            return true;
        }

        if (node is not IElement e)
        {
            return false;
        }

        var tag = Tag(e);
        if (PhrasingElements.Contains(tag))
        {
            return true;
        }

        if (tag is "A" or "DEL" or "INS")
        {
            foreach (var d in DescendantElements(e))
            {
                var dt = Tag(d);
                if (!PhrasingElements.Contains(dt) && dt is not ("A" or "DEL" or "INS"))
                {
                    return false;
                }
            }

            return true;
        }

        return false;
    }

    public static bool IsProbablyVisible(IElement node)
    {
        var style = node.GetAttribute("style");
        if (style is not null
            && (ReadabilityPatterns.DisplayNone().IsMatch(style) || ReadabilityPatterns.VisibilityHidden().IsMatch(style)))
        {
            return false;
        }

        if (node.HasAttribute("hidden"))
        {
            return false;
        }

        // Some sites mark the real image aria-hidden next to a fallback; Readability keeps those.
        return !string.Equals(node.GetAttribute("aria-hidden"), "true", StringComparison.Ordinal)
            || node.ClassName?.Contains("fallback-image", StringComparison.Ordinal) == true;
    }

    /// <summary>Renames an element by building a replacement that takes over children and attributes.</summary>
    public static IElement SetTag(IElement node, string tag, Dictionary<IElement, double>? scores = null)
    {
        var replacement = node.Owner!.CreateElement(tag);
        while (node.FirstChild is { } child)
        {
            replacement.AppendChild(child);
        }

        foreach (var attr in node.Attributes.ToList())
        {
            try
            {
                replacement.SetAttribute(attr.Name, attr.Value);
            }
            catch (DomException)
            {
                // Attribute names that are legal to the tolerant parser but not to setAttribute are dropped.
            }
        }

        node.Parent?.ReplaceChild(replacement, node);
        if (scores is not null && scores.Remove(node, out var score))
        {
            scores[replacement] = score;
        }

        return replacement;
    }

    public static int CharCount(IElement e) => ReadabilityPatterns.Commas().Count(InnerText(e));
}
