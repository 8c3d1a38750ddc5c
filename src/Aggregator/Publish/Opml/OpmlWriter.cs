using System.Xml;
using Aggregator.Model;

namespace Aggregator.Publish.Opml;

/// <summary>OPML 2.0 subscription list of the outlets (http://opml.org/spec2.opml), for importing into a reader.</summary>
public static class OpmlWriter
{
    public const string MediaType = "text/x-opml";

    public static byte[] Write(string title, IReadOnlyList<OutletRef> outlets, DateTimeOffset created)
    {
        MemoryStream buffer = OutputBuffer.Rent();
        using (XmlWriter w = XmlSafe.CreateWriter(buffer))
        {
            w.WriteStartDocument();
            w.WriteStartElement("opml");
            w.WriteAttributeString("version", "2.0");
            w.WriteStartElement("head");
            w.WriteSafeElement("title", string.Empty, title);
            w.WriteSafeElement("dateCreated", string.Empty, FeedDates.Rfc822(created));
            w.WriteEndElement();

            w.WriteStartElement("body");
            for (int i = 0; i < outlets.Count; i++)
            {
                OutletRef outlet = outlets[i];
                string name = XmlSafe.Clean(outlet.Name).Trim();
                if (name.Length == 0)
                {
                    name = outlet.Id; // OPML 2.0 requires a text attribute on every outline
                }

                w.WriteStartElement("outline");
                w.WriteAttributeString("type", "rss");
                w.WriteSafeAttribute("text", name);
                w.WriteSafeAttribute("title", name);
                w.WriteSafeAttribute("xmlUrl", outlet.Url.AbsoluteUri);
                if (outlet.HomePage is { } homePage)
                {
                    w.WriteSafeAttribute("htmlUrl", homePage.AbsoluteUri);
                }

                w.WriteEndElement();
            }

            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteEndDocument();
        }

        return OutputBuffer.ToArrayAndReturn(buffer);
    }
}
