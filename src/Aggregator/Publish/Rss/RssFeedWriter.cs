using System.ServiceModel.Syndication;
using System.Xml;
using Aggregator.Model;
using Aggregator.Normalize;

namespace Aggregator.Publish.Rss;

/// <summary>
/// RSS 2.0 (RSS Advisory Board profile), written by System.ServiceModel.Syndication's <see cref="Rss20FeedFormatter"/>
/// without its a10 extensions, with the content, dc and atom namespaces readers expect for full content, authors and
/// the self link. Every string is cleaned by XmlSafe first, and the writer underneath still checks characters.
/// </summary>
public static class RssFeedWriter
{
    public const string MediaType = "application/rss+xml";
    private const string ContentNs = "http://purl.org/rss/1.0/modules/content/";
    private const string DcNs = "http://purl.org/dc/elements/1.1/";
    private const string XmlnsNs = "http://www.w3.org/2000/xmlns/";

    public static byte[] Write(TopicFeed feed)
    {
        var formatter = new Rss20FeedFormatter(Build(feed), serializeExtensionsAsAtom: false);
        MemoryStream buffer = OutputBuffer.Rent();
        using (XmlWriter w = XmlSafe.CreateWriter(buffer))
        {
            w.WriteStartDocument();
            formatter.WriteTo(w);
            w.WriteEndDocument();
        }

        return OutputBuffer.ToArrayAndReturn(buffer);
    }

    // Dates go in as FeedDates.Rfc822 text, not as LastUpdatedTime/PublishDate: the formatter writes UTC with the
    // military zone "Z", which RFC 1123 5.2.14 and RFC 5322 4.3 say carries no zone information. Leaving those unset
    // invents nothing here: unlike Atom's, the RSS formatter writes no date it was not given, and a guid only from Id.
    private static RssChannel Build(TopicFeed feed)
    {
        var syndication = new RssChannel
        {
            Title = new TextSyndicationContent(XmlSafe.Clean(feed.Topic.Title)),
            Description = new TextSyndicationContent(ItemFields.Description(feed.Topic)),
            Generator = Generator.Name,
        };
        // Declared once on the channel so items do not repeat them.
        syndication.AttributeExtensions.Add(new XmlQualifiedName("atom", XmlnsNs), AtomLinkElement.Namespace);
        syndication.AttributeExtensions.Add(new XmlQualifiedName("content", XmlnsNs), ContentNs);
        syndication.AttributeExtensions.Add(new XmlQualifiedName("dc", XmlnsNs), DcNs);
        if (PublicLink.Of(feed.HomePage) is { } home)
        {
            syndication.Links.Add(SyndicationLink.CreateAlternateLink(home));
        }
        AddText(syndication.Extensions, "lastBuildDate", string.Empty, FeedDates.Rfc822(feed.Updated));

        // RSS 2.0 has no links of its own for these; readers look for atom:link (self, hub, RFC 5005 paging).
        AddAtomLink(syndication, "self", FeedUrls.For(feed, FeedUrls.RssExtension, feed.Paging.Query), MediaType);
        foreach (var (rel, href) in FeedUrls.PagingLinks(feed, FeedUrls.RssExtension))
        {
            AddAtomLink(syndication, rel, href, MediaType);
        }
        if (feed.Hub is { } hub)
        {
            if (PublicLink.Href(hub) is { } hubHref)
            {
                AddAtomLink(syndication, "hub", hubHref, null);
            }
        }

        IReadOnlyList<TopicFeedItem> items = feed.Items;
        var rssItems = new List<SyndicationItem>(items.Count);
        for (int i = 0; i < items.Count; i++)
        {
            rssItems.Add(Item(items[i]));
        }

        syndication.Items = rssItems;
        return syndication;
    }

    private static RssItem Item(TopicFeedItem item)
    {
        Article article = item.Article;
        // The id differs from every link, so the formatter marks the guid isPermaLink="false".
        var rssItem = new RssItem
        {
            Id = FeedIds.Article(article.Id),
            Title = new TextSyndicationContent(ItemFields.Title(article)),
        };
        if (ItemFields.Link(item) is { } itemLink)
        {
            rssItem.Links.Add(SyndicationLink.CreateAlternateLink(new Uri(itemLink)));
        }
        AddText(rssItem.Extensions, "pubDate", string.Empty, FeedDates.Rfc822(ItemFields.Published(article)));

        if (AlsoPublishedBy.AppendTo(ItemFields.SummaryOrExcerpt(article), item.AlsoPublishedBy) is { } description)
        {
            rssItem.Summary = new TextSyndicationContent(XmlSafe.Clean(description));
        }

        // Content goes only into content:encoded: given as Content, the formatter would use it as the description.
        if (!string.IsNullOrWhiteSpace(article.Content))
        {
            AddText(rssItem.Extensions, "encoded", ContentNs, XmlSafe.Clean(ItemFields.Html(article.Content)));
        }

        if (ItemFields.Author(article) is { } author)
        {
            // dc:creator, not <author>: RSS 2.0's author element must be an e-mail address.
            AddText(rssItem.Extensions, "creator", DcNs, author);
        }

        IReadOnlyList<string> categories = article.Categories;
        for (int i = 0; i < categories.Count; i++)
        {
            string category = XmlSafe.Clean(categories[i]).Trim();
            if (category.Length > 0)
            {
                rssItem.Categories.Add(new SyndicationCategory(category));
            }
        }

        // <source url="…">: the formatter takes the url from the source feed's self link. RSS 2.0 requires the url,
        // so an outlet without a web URL has no source element.
        if (PublicLink.Of(item.Source.Url) is { } sourceUrl)
        {
            var source = new SyndicationFeed { Title = new TextSyndicationContent(XmlSafe.Clean(item.Source.Name)) };
            source.Links.Add(SyndicationLink.CreateSelfLink(sourceUrl));
            rssItem.SourceFeed = source;
        }

        // Only the first web one: readers disagree on several enclosures per item, and the RSS Advisory Board advises one.
        if (article.Enclosures.FirstOrDefault(e => PublicLink.IsWeb(e.Url)) is { } enclosure)
        {
            long length = enclosure.Length is long known && known > 0 ? known : 0;
            SyndicationLink link = SyndicationLink.CreateMediaEnclosureLink(PublicLink.Of(enclosure.Url)!, EnclosureTypes.MediaType(enclosure), length);
            if (length == 0)
            {
                // RSS 2.0 requires the length ("0" when unknown); the formatter leaves a zero one out.
                link.AttributeExtensions.Add(new XmlQualifiedName("length"), "0");
            }

            rssItem.Links.Add(link);
        }

        return rssItem;
    }

    private static void AddAtomLink(RssChannel channel, string rel, string href, string? type) =>
        channel.Extensions.Add(RssExtension.OfLink(new AtomLinkElement(rel, href, type)));

    private static void AddText(List<RssExtension> extensions, string name, string ns, string text) =>
        extensions.Add(RssExtension.OfText(name, ns, text));
}
