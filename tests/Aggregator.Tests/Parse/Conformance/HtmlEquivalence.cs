using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Aggregator.Parse;

namespace Aggregator.Tests.Parse.Conformance;

/// <summary>
/// Compares two HTML strings as a browser would read them, not as they are spelled: both are parsed with
/// an HTML5 parser and written back in one canonical form (attributes sorted, namespace declarations
/// dropped, void elements and self-closing tags alike, comments dropped, whitespace runs collapsed, one
/// bare wrapping &lt;div&gt; removed). Relative URLs are resolved against a base when one is given, which
/// is what the Normalize stage does with <see cref="Aggregator.Model.FeedEntry.BaseUri"/>.
/// </summary>
public static class HtmlEquivalence
{
    private static readonly HtmlParser Parser = new();

    private static readonly HashSet<string> UrlAttributes = new(StringComparer.OrdinalIgnoreCase)
    {
        "href", "src", "cite", "background", "action", "longdesc", "poster", "usemap", "codebase", "data", "xlink:href",
    };

    public static bool Equivalent(string? expected, string? actual, Uri? baseUri = null)
    {
        if (expected == actual)
        {
            return true;
        }

        return Canonical(expected ?? "", baseUri) == Canonical(actual ?? "", baseUri);
    }

    /// <summary>The canonical form <see cref="Equivalent"/> compares.</summary>
    public static string Canonical(string html, Uri? baseUri)
    {
        var document = Parser.ParseDocument("<!DOCTYPE html><html><body>" + html);
        var body = (INode?)document.Body ?? document;
        var sb = new StringBuilder();
        var children = Significant(body).ToList();
        // feedparser keeps the xhtml <div> wrapper that RFC 4287 says is not content; so may others.
        if (children is [IElement { LocalName: "div", Attributes.Length: 0 } only])
        {
            children = Significant(only).ToList();
        }

        foreach (var child in children)
        {
            Write(child, sb, baseUri);
        }

        return HtmlText.CollapseWhitespace(sb.ToString());
    }

    private static IEnumerable<INode> Significant(INode parent) =>
        parent.ChildNodes.Where(n => n is IElement || (n is IText t && !string.IsNullOrWhiteSpace(t.Data)));

    private static void Write(INode node, StringBuilder sb, Uri? baseUri)
    {
        switch (node)
        {
            case IText text:
                sb.Append(HtmlEscape.Text(text.Data));
                break;
            case IElement element:
                sb.Append('<').Append(element.LocalName.ToLowerInvariant());
                foreach (var attribute in element.Attributes
                    .Where(a => a.Name != "xmlns" && !a.Name.StartsWith("xmlns:", StringComparison.Ordinal))
                    .OrderBy(a => a.Name, StringComparer.Ordinal))
                {
                    var value = attribute.Value.Trim();
                    if (baseUri is not null && UrlAttributes.Contains(attribute.Name) && UriResolver.Resolve(value, baseUri) is Uri resolved)
                    {
                        value = resolved.AbsoluteUri;
                    }

                    sb.Append(' ').Append(attribute.Name.ToLowerInvariant()).Append("=\"").Append(HtmlEscape.AttributeValue(value)).Append('"');
                }

                sb.Append('>');
                foreach (var child in element.ChildNodes)
                {
                    Write(child, sb, baseUri);
                }

                sb.Append("</").Append(element.LocalName.ToLowerInvariant()).Append('>');
                break;
        }
    }
}
