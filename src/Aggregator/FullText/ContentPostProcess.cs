using AngleSharp.Dom;

namespace Aggregator.FullText;

/// <summary>Final tidying of the extracted fragment: nested wrapper divs, classes, handlers.</summary>
internal static class ContentPostProcess
{
    private static readonly HashSet<string> ClassesToKeep = new(StringComparer.Ordinal) { "page", "caption" };

    public static void Run(IElement article)
    {
        SimplifyNestedElements(article);
        CleanAttributes(article);
    }

    private static void SimplifyNestedElements(IElement article)
    {
        IElement? node = article;
        while (node is not null)
        {
            if (node != article && node.Parent is not null && (Dom.Is(node, "div") || Dom.Is(node, "section")))
            {
                if (Dom.IsElementWithoutContent(node))
                {
                    node = Dom.RemoveAndGetNext(node);
                    continue;
                }

                if (Dom.HasSingleTagInside(node, "div") || Dom.HasSingleTagInside(node, "section"))
                {
                    var child = node.Children[0];
                    foreach (var attr in node.Attributes.ToList())
                    {
                        try
                        {
                            child.SetAttribute(attr.Name, attr.Value);
                        }
                        catch (DomException)
                        {
                            // Names setAttribute rejects are dropped.
                        }
                    }

                    node.Parent.ReplaceChild(child, node);
                    node = child;
                    continue;
                }
            }

            node = Dom.NextElement(node);
            if (node is not null && node != article && !Dom.IsDescendant(node, article))
            {
                break;
            }
        }
    }

    private static void CleanAttributes(IElement article)
    {
        foreach (var e in Dom.DescendantElements(article).Prepend(article))
        {
            foreach (var attr in e.Attributes.ToList())
            {
                var name = attr.Name;
                // The pipeline sanitizes again, but handlers and inline styles never belong in reader output.
                if (name.StartsWith("on", StringComparison.OrdinalIgnoreCase) || name == "style")
                {
                    e.RemoveAttribute(name);
                }
            }

            if (e.GetAttribute("class") is { } cls)
            {
                var kept = cls.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(ClassesToKeep.Contains).ToArray();
                if (kept.Length == 0)
                {
                    e.RemoveAttribute("class");
                }
                else
                {
                    e.SetAttribute("class", string.Join(' ', kept));
                }
            }
        }
    }
}
