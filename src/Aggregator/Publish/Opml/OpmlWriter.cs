using System.Xml;
using Aggregator.Model;
using Aggregator.Normalize;

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

                // http(s) only and never with user:password: the list is public, the outlet's credentials are not.
                // Without a web URL the outline is still listed, as plain text, not as a subscription.
                string? xmlUrl = PublicLink.Href(outlet.Url);
                w.WriteStartElement("outline");
                if (xmlUrl is not null)
                {
                    w.WriteAttributeString("type", "rss");
                }

                w.WriteSafeAttribute("text", name);
                w.WriteSafeAttribute("title", name);
                if (xmlUrl is not null)
                {
                    w.WriteSafeAttribute("xmlUrl", xmlUrl);
                }

                if (PublicLink.Href(outlet.HomePage) is { } homePage)
                {
                    w.WriteSafeAttribute("htmlUrl", homePage);
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
