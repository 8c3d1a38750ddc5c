using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Aggregator.FullText;

/// <summary>
/// Parses the page and readies it for scoring: caps nesting depth, drops scripts and styles,
/// brings noscript images back, turns &lt;br&gt;&lt;br&gt; runs into paragraphs and fonts into spans.
/// </summary>
internal static class DocumentPrep
{
    /// <summary>Deeper markup is flattened to its text; real articles nest far less than this.</summary>
    public const int MaxDepth = 256;

    /// <summary>
    /// AngleSharp's child removal and insertion are linear in the number of siblings, so very wide
    /// elements make the DOM surgery quadratic; their children are regrouped into chunks instead.
    /// </summary>
    public const int MaxChildren = 8000;

    private const int ChunkSize = 1000;

    private static readonly string[] DroppedUpFront = ["script", "style", "template", "noscript"];

    public static IHtmlDocument Parse(string html)
    {
        var parser = new HtmlParser(new HtmlParserOptions { IsScripting = false, IsNotConsumingCharacterReferences = false });
        // The tree builder is quadratic in nesting depth, so hostile nesting is cut before parsing.
        var doc = parser.ParseDocument(Aggregator.Parse.NestingGuard.Clamp(html, out _));
        CapDepth(doc);
        CapWidth(doc);
        RemoveComments(doc);
        return doc;
    }

    public static void Prepare(IHtmlDocument doc)
    {
        UnwrapNoscriptImages(doc);
        foreach (var e in Dom.ByTag(doc, DroppedUpFront))
        {
            e.Remove();
        }

        if (doc.Body is { } body)
        {
            ReplaceBrs(body, doc);
        }

        foreach (var font in Dom.ByTag(doc, "font"))
        {
            Dom.SetTag(font, "span");
        }
    }

    private static void CapDepth(IDocument doc)
    {
        var flatten = new List<IElement>();
        var stack = new Stack<(INodeList List, int Index)>();
        stack.Push((doc.ChildNodes, 0));
        while (stack.Count > 0)
        {
            var (list, index) = stack.Pop();
            if (index >= list.Length)
            {
                continue;
            }

            var node = list[index];
            stack.Push((list, index + 1));
            if (!node.HasChildNodes)
            {
                continue;
            }

            if (stack.Count >= MaxDepth)
            {
                if (node is IElement e)
                {
                    flatten.Add(e);
                }

                continue;
            }

            stack.Push((node.ChildNodes, 0));
        }

        foreach (var e in flatten)
        {
            // One assignment replaces the whole subtree with its text.
            e.TextContent = Dom.RawText(e);
        }
    }

    private static void CapWidth(IDocument doc)
    {
        var wide = Dom.DescendantElements(doc).Where(e => e.ChildNodes.Length > MaxChildren).ToList();
        foreach (var parent in wide)
        {
            var kids = parent.ChildNodes.ToList();
            // Clearing in one go is linear, unlike removing the children one by one.
            parent.TextContent = string.Empty;
            IElement? chunk = null;
            for (var i = 0; i < kids.Count; i++)
            {
                if (i % ChunkSize == 0)
                {
                    chunk = doc.CreateElement("div");
                    parent.AppendChild(chunk);
                }

                chunk!.AppendChild(kids[i]);
            }
        }
    }

    private static void RemoveComments(IDocument doc)
    {
        var comments = Dom.Descendants(doc).Where(n => n.NodeType == NodeType.Comment).ToList();
        foreach (var c in comments)
        {
            c.Parent?.RemoveChild(c);
        }
    }

    private static void UnwrapNoscriptImages(IDocument doc)
    {
        // Images with no source at all are lazy-load shells whose real copy sits in a noscript.
        foreach (var img in Dom.ByTag(doc, "img"))
        {
            var keep = img.Attributes.Any(a =>
                a.Name is "src" or "srcset" or "data-src" or "data-srcset" or "data-original" or "data-lazy-src"
                || ReadabilityPatterns.ImageExtension().IsMatch(a.Value));
            if (!keep)
            {
                img.Remove();
            }
        }

        foreach (var noscript in Dom.ByTag(doc, "noscript"))
        {
            if (!IsSingleImage(noscript) || noscript.PreviousElementSibling is not { } prev || !IsSingleImage(prev))
            {
                continue;
            }

            var prevImg = Dom.Is(prev, "img") ? prev : Dom.ByTag(prev, "img")[0];
            var newImg = Dom.ByTag(noscript, "img")[0];
            foreach (var attr in prevImg.Attributes.ToList())
            {
                if (attr.Value.Length == 0
                    || !(attr.Name is "src" or "srcset" || ReadabilityPatterns.ImageExtension().IsMatch(attr.Value))
                    || string.Equals(newImg.GetAttribute(attr.Name), attr.Value, StringComparison.Ordinal))
                {
                    continue;
                }

                var name = newImg.HasAttribute(attr.Name) ? "data-old-" + attr.Name : attr.Name;
                try
                {
                    newImg.SetAttribute(name, attr.Value);
                }
                catch (DomException)
                {
                    // An attribute name setAttribute rejects is not worth keeping.
                }
            }

            noscript.Parent?.ReplaceChild(noscript.FirstElementChild!, prev);
        }
    }

    private static bool IsSingleImage(IElement? node)
    {
        while (node is not null)
        {
            if (Dom.Is(node, "img"))
            {
                return true;
            }

            if (node.Children.Length != 1 || !string.IsNullOrWhiteSpace(node.TextContent))
            {
                return false;
            }

            node = node.Children[0];
        }

        return false;
    }

    private static INode? SkipWhitespace(INode? node)
    {
        while (node is not null && node.NodeType != NodeType.Element && string.IsNullOrWhiteSpace(node.TextContent))
        {
            node = node.NextSibling;
        }

        return node;
    }

    private static bool IsBr(INode? node) => node is IElement e && Dom.Is(e, "br");

    /// <summary>Two or more &lt;br&gt; in a row mark a paragraph break in old-style markup.</summary>
    private static void ReplaceBrs(IElement body, IDocument doc)
    {
        foreach (var br in Dom.ByTag(body, "br"))
        {
            if (br.Parent is null)
            {
                continue;
            }

            var next = br.NextSibling;
            var replaced = false;
            while ((next = SkipWhitespace(next)) is not null && IsBr(next))
            {
                replaced = true;
                var sibling = next.NextSibling;
                next.Parent!.RemoveChild(next);
                next = sibling;
            }

            if (!replaced)
            {
                continue;
            }

            var p = doc.CreateElement("p");
            br.Parent.ReplaceChild(p, br);
            next = p.NextSibling;
            while (next is not null)
            {
                if (IsBr(next) && IsBr(SkipWhitespace(next.NextSibling)))
                {
                    break;
                }

                if (!Dom.IsPhrasingContent(next))
                {
                    break;
                }

                var sibling = next.NextSibling;
                p.AppendChild(next);
                next = sibling;
            }

            while (p.LastChild is { } last && Dom.IsWhitespace(last))
            {
                p.RemoveChild(last);
            }

            if (p.ParentElement is { } parent && Dom.Is(parent, "p"))
            {
                Dom.SetTag(parent, "div");
            }
        }
    }
}
