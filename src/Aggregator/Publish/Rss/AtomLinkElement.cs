using System.Xml;
using System.Xml.Schema;
using System.Xml.Serialization;

namespace Aggregator.Publish.Rss;

/// <summary>
/// The attributes of an atom:link that RSS carries as an extension element (self, hub, RFC 5005 paging). The formatter
/// writes the element itself, in the atom namespace and under the prefix the channel declares; this writes what is inside.
/// </summary>
internal sealed class AtomLinkElement(string rel, string href, string? type) : IXmlSerializable
{
    public const string Namespace = "http://www.w3.org/2005/Atom";

    public XmlSchema? GetSchema() => null;

    public void ReadXml(XmlReader reader) => throw new NotSupportedException("written only");

    public void WriteXml(XmlWriter writer)
    {
        writer.WriteAttributeString("href", XmlSafe.Clean(href));
        writer.WriteAttributeString("rel", rel);
        if (type is not null)
        {
            writer.WriteAttributeString("type", type);
        }
    }
}
