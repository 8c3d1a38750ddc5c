using System.Xml;

namespace Aggregator.Publish.Rss;

/// <summary>
/// One element RSS 2.0's formatter has no property for (lastBuildDate, pubDate, content:encoded, dc:creator, atom:link):
/// either text or an atom:link's attributes. Written by <see cref="RssChannel"/> and <see cref="RssItem"/> straight to
/// the formatter's writer, where the package's own extensions would go through a DataContractSerializer (issue 23:
/// that maps System.Private.DataContractSerialization, 1.7 MB resident in every `run`, for five kinds of element).
/// </summary>
internal readonly record struct RssExtension(string Name, string Namespace, string? Text, AtomLinkElement? Link)
{
    public static RssExtension OfText(string name, string ns, string text) => new(name, ns, text, null);

    public static RssExtension OfLink(AtomLinkElement link) => new("link", AtomLinkElement.Namespace, null, link);

    public void WriteTo(XmlWriter writer)
    {
        // The prefix comes from the channel's declarations in scope (atom, content, dc), as the package's writer chose it.
        writer.WriteStartElement(Name, Namespace);
        if (Link is not null)
        {
            Link.WriteAttributes(writer);
        }
        else
        {
            writer.WriteString(Text);
        }
        writer.WriteEndElement();
    }

    public static void WriteAll(XmlWriter writer, List<RssExtension> extensions)
    {
        foreach (var extension in extensions)
        {
            extension.WriteTo(writer);
        }
    }
}
