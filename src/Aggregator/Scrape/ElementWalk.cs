using AngleSharp.Dom;

namespace Aggregator.Scrape;

/// <summary>Tree walks without recursion, so no page shape can exhaust the stack.</summary>
internal static class ElementWalk
{
    /// <summary>The descendants of <paramref name="root"/> in document order (not the root itself).</summary>
    // Indexing ChildNodes is O(1); AngleSharp's NextElementSibling searches the parent's list, which made
    // a walk over 20,000 siblings quadratic.
    public static IEnumerable<IElement> Descendants(IElement root)
    {
        var stack = new Stack<(INode Node, int Next)>();
        stack.Push((root, 0));
        while (stack.Count > 0)
        {
            var (node, next) = stack.Pop();
            var children = node.ChildNodes;
            for (var i = next; i < children.Length; i++)
            {
                if (children[i] is IElement element)
                {
                    stack.Push((node, i + 1));
                    stack.Push((element, 0));
                    yield return element;
                    break;
                }
            }
        }
    }

    /// <summary>The element children of <paramref name="parent"/>, in order.</summary>
    public static IEnumerable<IElement> Children(IElement parent)
    {
        var children = parent.ChildNodes;
        for (var i = 0; i < children.Length; i++)
        {
            if (children[i] is IElement element)
            {
                yield return element;
            }
        }
    }

    /// <summary>The ancestors of <paramref name="element"/>, nearest first.</summary>
    public static IEnumerable<IElement> Ancestors(IElement element)
    {
        for (var parent = element.ParentElement; parent is not null; parent = parent.ParentElement)
        {
            yield return parent;
        }
    }

    public static bool IsInside(IElement element, IElement ancestor)
    {
        for (var node = element.ParentElement; node is not null; node = node.ParentElement)
        {
            if (node == ancestor)
            {
                return true;
            }
        }

        return false;
    }

    public static bool IsHeading(IElement element) =>
        element.LocalName is "h1" or "h2" or "h3" or "h4" or "h5" or "h6";
}
