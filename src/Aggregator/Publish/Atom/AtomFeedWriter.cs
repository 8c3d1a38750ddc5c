using System.Globalization;
using System.Xml;
using Aggregator.Model;
using Aggregator.Normalize;

namespace Aggregator.Publish.Atom;

/// <summary>
/// Atom 1.0 (RFC 4287) in one forward pass over an XmlWriter. Hand-written because
/// System.ServiceModel.Syndication is not available here; it would also build a DOM first.
/// </summary>
public static class AtomFeedWriter
{
    public const string MediaType = "application/atom+xml";
    private const string Ns = "http://www.w3.org/2005/Atom";

    public static byte[] Write(TopicFeed feed)
    {
        MemoryStream buffer = OutputBuffer.Rent();
        using (XmlWriter w = XmlSafe.CreateWriter(buffer))
        {
            w.WriteStartDocument();
            w.WriteStartElement("feed", Ns);
            w.WriteSafeElement("id", Ns, FeedIds.Topic(feed.Topic.Id));
            WriteText(w, "title", feed.Topic.Title);
            if (!string.IsNullOrWhiteSpace(feed.Topic.Description))
            {
                WriteText(w, "subtitle", feed.Topic.Description);
            }

            w.WriteSafeElement("updated", Ns, FeedDates.Rfc3339(feed.Updated));
            WriteLink(w, "self", FeedUrls.For(feed, FeedUrls.AtomExtension, feed.Paging.Query), MediaType);
            WriteLink(w, "alternate", PublicLink.Href(feed.HomePage), "text/html");
            foreach (var (rel, href) in FeedUrls.PagingLinks(feed, FeedUrls.AtomExtension))
            {
                WriteLink(w, rel, href, MediaType);
            }
            if (feed.Hub is { } hub)
            {
                WriteLink(w, "hub", PublicLink.Href(hub), null);
            }
            w.WriteSafeElement("generator", Ns, Generator.Name);
            if (feed.Items.Count == 0)
            {
                // RFC 4287 4.1.1: without entries to carry authors, the feed itself must name one.
                WritePerson(w, Generator.Name);
            }

            IReadOnlyList<TopicFeedItem> items = feed.Items;
            for (int i = 0; i < items.Count; i++)
            {
                WriteEntry(w, items[i]);
            }

            w.WriteEndElement();
            w.WriteEndDocument();
        }

        return OutputBuffer.ToArrayAndReturn(buffer);
    }

    private static void WriteEntry(XmlWriter w, TopicFeedItem item)
    {
        Article article = item.Article;
        w.WriteStartElement("entry", Ns);
        w.WriteSafeElement("id", Ns, FeedIds.Article(article.Id));
        WriteText(w, "title", ItemFields.Title(article));
        WriteLink(w, "alternate", ItemFields.Link(item), "text/html");
        string updated = FeedDates.Rfc3339(ItemFields.Updated(article));
        w.WriteSafeElement("updated", Ns, updated);
        if (article.Published is { } published)
        {
            w.WriteSafeElement("published", Ns, FeedDates.Rfc3339(published));
        }

        if (ItemFields.Author(article) is { } author)
        {
            WritePerson(w, author);
        }

        IReadOnlyList<string> categories = article.Categories;
        for (int i = 0; i < categories.Count; i++)
        {
            string term = XmlSafe.Clean(categories[i]).Trim();
            if (term.Length > 0)
            {
                w.WriteStartElement("category", Ns);
                w.WriteAttributeString("term", term);
                w.WriteEndElement();
            }
        }

        IReadOnlyList<Enclosure> enclosures = article.Enclosures;
        for (int i = 0; i < enclosures.Count; i++)
        {
            Enclosure enclosure = enclosures[i];
            if (PublicLink.Href(enclosure.Url) is not { } enclosureHref)
            {
                continue;
            }

            w.WriteStartElement("link", Ns);
            w.WriteAttributeString("rel", "enclosure");
            w.WriteSafeAttribute("href", enclosureHref);
            w.WriteAttributeString("type", EnclosureTypes.MediaType(enclosure));
            if (enclosure.Length is long length && length > 0)
            {
                w.WriteAttributeString("length", length.ToString(CultureInfo.InvariantCulture));
            }

            w.WriteEndElement();
        }

        IReadOnlyList<TopicFeedCopy> copies = item.AlsoPublishedBy;
        for (int i = 0; i < copies.Count; i++)
        {
            if (PublicLink.Href(copies[i].Link) is not { } related)
            {
                continue;
            }

            w.WriteStartElement("link", Ns);
            w.WriteAttributeString("rel", "related");
            w.WriteSafeAttribute("href", related);
            w.WriteSafeAttribute("title", ItemFields.OutletName(copies[i].Outlet));
            w.WriteEndElement();
        }

        WriteSource(w, item.Source, updated);

        if (AlsoPublishedBy.AppendTo(ItemFields.Html(article.Summary), copies) is { } summary)
        {
            WriteHtml(w, "summary", summary);
        }

        if (!string.IsNullOrWhiteSpace(article.Content))
        {
            WriteHtml(w, "content", ItemFields.Html(article.Content)!);
        }

        w.WriteEndElement();
    }

    // Always written, so every entry names its outlet; its author also satisfies RFC 4287 4.1.2 for entries without one.
    // id, title and updated are what validators require of a source; the outlet's feed changed at least when this entry did.
    private static void WriteSource(XmlWriter w, OutletRef outlet, string updated)
    {
        w.WriteStartElement("source", Ns);
        w.WriteSafeElement("id", Ns, FeedIds.Outlet(outlet.Id));
        WriteText(w, "title", outlet.Name);
        w.WriteSafeElement("updated", Ns, updated);
        WriteLink(w, "alternate", ItemFields.OutletHref(outlet), null);
        WritePerson(w, outlet.Name);
        w.WriteEndElement();
    }

    private static void WritePerson(XmlWriter w, string? name)
    {
        w.WriteStartElement("author", Ns);
        w.WriteSafeElement("name", Ns, name);
        w.WriteEndElement();
    }

    private static void WriteText(XmlWriter w, string element, string? text)
    {
        w.WriteStartElement(element, Ns);
        w.WriteAttributeString("type", "text");
        w.WriteString(XmlSafe.Clean(text));
        w.WriteEndElement();
    }

    private static void WriteHtml(XmlWriter w, string element, string html)
    {
        w.WriteStartElement(element, Ns);
        w.WriteAttributeString("type", "html");
        w.WriteString(XmlSafe.Clean(html));
        w.WriteEndElement();
    }

    // A link that is not http(s) is left out rather than served (see PublicLink).
    private static void WriteLink(XmlWriter w, string rel, string? href, string? type)
    {
        if (href is null)
        {
            return;
        }

        w.WriteStartElement("link", Ns);
        w.WriteAttributeString("rel", rel);
        if (type is not null)
        {
            w.WriteAttributeString("type", type);
        }

        w.WriteSafeAttribute("href", href);
        w.WriteEndElement();
    }
}
