using System.Xml;

namespace Aggregator.Publish.Rss;

/// <summary>
/// The attributes of an atom:link that RSS carries as an extension element (self, hub, RFC 5005 paging). The element
/// itself is written by <see cref="RssExtension"/>, in the atom namespace and under the prefix the channel declares.
/// </summary>
internal sealed class AtomLinkElement(string rel, string href, string? type)
{
    public const string Namespace = "http://www.w3.org/2005/Atom";

    public void WriteAttributes(XmlWriter writer)
    {
        writer.WriteAttributeString("href", XmlSafe.Clean(href));
        writer.WriteAttributeString("rel", rel);
        if (type is not null)
        {
            writer.WriteAttributeString("type", type);
        }
    }
}
