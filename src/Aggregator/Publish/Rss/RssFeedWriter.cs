using System.Globalization;
using System.Xml;
using Aggregator.Model;
using Aggregator.Normalize;

namespace Aggregator.Publish.Rss;

/// <summary>
/// RSS 2.0 (RSS Advisory Board profile) in one forward pass over an XmlWriter, with the content, dc and atom
/// namespaces readers expect for full content, authors and the self link.
/// </summary>
public static class RssFeedWriter
{
    public const string MediaType = "application/rss+xml";
    private const string AtomNs = "http://www.w3.org/2005/Atom";
    private const string ContentNs = "http://purl.org/rss/1.0/modules/content/";
    private const string DcNs = "http://purl.org/dc/elements/1.1/";
    private const string XmlnsNs = "http://www.w3.org/2000/xmlns/";

    public static byte[] Write(TopicFeed feed)
    {
        MemoryStream buffer = OutputBuffer.Rent();
        using (XmlWriter w = XmlSafe.CreateWriter(buffer))
        {
            w.WriteStartDocument();
            w.WriteStartElement("rss");
            w.WriteAttributeString("version", "2.0");
            // Declared once on the root so items do not repeat them.
            w.WriteAttributeString("xmlns", "atom", XmlnsNs, AtomNs);
            w.WriteAttributeString("xmlns", "content", XmlnsNs, ContentNs);
            w.WriteAttributeString("xmlns", "dc", XmlnsNs, DcNs);

            w.WriteStartElement("channel");
            w.WriteSafeElement("title", string.Empty, feed.Topic.Title);
            if (PublicLink.Href(feed.HomePage) is { } home)
            {
                w.WriteSafeElement("link", string.Empty, home);
            }
            w.WriteSafeElement("description", string.Empty, ItemFields.Description(feed.Topic));
            w.WriteSafeElement("lastBuildDate", string.Empty, FeedDates.Rfc822(feed.Updated));
            w.WriteSafeElement("generator", string.Empty, Generator.Name);
            WriteAtomLink(w, "self", FeedUrls.For(feed, FeedUrls.RssExtension, feed.Paging.Query), MediaType);
            foreach (var (rel, href) in FeedUrls.PagingLinks(feed, FeedUrls.RssExtension))
            {
                WriteAtomLink(w, rel, href, MediaType);
            }
            if (feed.Hub is { } hub)
            {
                WriteAtomLink(w, "hub", PublicLink.Href(hub), null);
            }

            IReadOnlyList<TopicFeedItem> items = feed.Items;
            for (int i = 0; i < items.Count; i++)
            {
                WriteItem(w, items[i]);
            }

            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteEndDocument();
        }

        return OutputBuffer.ToArrayAndReturn(buffer);
    }

    private static void WriteItem(XmlWriter w, TopicFeedItem item)
    {
        Article article = item.Article;
        w.WriteStartElement("item");
        w.WriteSafeElement("title", string.Empty, ItemFields.Title(article));
        if (ItemFields.Link(item) is { } link)
        {
            w.WriteSafeElement("link", string.Empty, link);
        }

        w.WriteStartElement("guid");
        w.WriteAttributeString("isPermaLink", "false");
        w.WriteString(FeedIds.Article(article.Id));
        w.WriteEndElement();
        w.WriteSafeElement("pubDate", string.Empty, FeedDates.Rfc822(ItemFields.Published(article)));

        if (AlsoPublishedBy.AppendTo(ItemFields.SummaryOrExcerpt(article), item.AlsoPublishedBy) is { } description)
        {
            w.WriteSafeElement("description", string.Empty, description);
        }

        if (!string.IsNullOrWhiteSpace(article.Content))
        {
            w.WriteSafeElement("encoded", ContentNs, ItemFields.Html(article.Content));
        }

        if (ItemFields.Author(article) is { } author)
        {
            // dc:creator, not <author>: RSS 2.0's author element must be an e-mail address.
            w.WriteSafeElement("creator", DcNs, author);
        }

        IReadOnlyList<string> categories = article.Categories;
        for (int i = 0; i < categories.Count; i++)
        {
            string category = XmlSafe.Clean(categories[i]).Trim();
            if (category.Length > 0)
            {
                w.WriteSafeElement("category", string.Empty, category);
            }
        }

        // RSS 2.0 requires the url of a source; an outlet without a web URL has no source element.
        if (PublicLink.Href(item.Source.Url) is { } sourceUrl)
        {
            w.WriteStartElement("source");
            w.WriteSafeAttribute("url", sourceUrl);
            w.WriteString(XmlSafe.Clean(item.Source.Name));
            w.WriteEndElement();
        }

        // Only the first web one: readers disagree on several enclosures per item, and the RSS Advisory Board advises one.
        if (article.Enclosures.FirstOrDefault(e => PublicLink.IsWeb(e.Url)) is { } enclosure)
        {
            w.WriteStartElement("enclosure");
            w.WriteSafeAttribute("url", PublicLink.Href(enclosure.Url));
            long length = enclosure.Length is long known && known > 0 ? known : 0;
            w.WriteAttributeString("length", length.ToString(CultureInfo.InvariantCulture));
            w.WriteAttributeString("type", EnclosureTypes.MediaType(enclosure));
            w.WriteEndElement();
        }

        w.WriteEndElement();
    }

    // RSS 2.0 has no links of its own for these; readers look for atom:link (self, hub, RFC 5005 paging).
    // A link that is not http(s) is left out rather than served (see PublicLink).
    private static void WriteAtomLink(XmlWriter w, string rel, string? href, string? type)
    {
        if (href is null)
        {
            return;
        }

        w.WriteStartElement("atom", "link", AtomNs);
        w.WriteAttributeString("href", XmlSafe.Clean(href));
        w.WriteAttributeString("rel", rel);
        if (type is not null)
        {
            w.WriteAttributeString("type", type);
        }
        w.WriteEndElement();
    }
}
