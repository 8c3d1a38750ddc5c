using System.ServiceModel.Syndication;
using System.Xml;
using Aggregator.Model;
using Aggregator.Normalize;

namespace Aggregator.Publish.Atom;

/// <summary>
/// Atom 1.0 (RFC 4287), written by System.ServiceModel.Syndication's <see cref="Atom10FeedFormatter"/>: this class
/// only decides what goes in (through the shared ItemFields, FeedIds, FeedUrls and AlsoPublishedBy), the formatter
/// decides how Atom spells it. Every string is cleaned by XmlSafe first, and the writer underneath still checks characters.
/// </summary>
public static class AtomFeedWriter
{
    public const string MediaType = "application/atom+xml";

    public static byte[] Write(TopicFeed feed)
    {
        var formatter = new Atom10FeedFormatter(Build(feed));
        MemoryStream buffer = OutputBuffer.Rent();
        using (XmlWriter w = XmlSafe.CreateWriter(buffer))
        {
            w.WriteStartDocument();
            formatter.WriteTo(w);
            w.WriteEndDocument();
        }

        return OutputBuffer.ToArrayAndReturn(buffer);
    }

    private static SyndicationFeed Build(TopicFeed feed)
    {
        // Id and LastUpdatedTime are always set: left unset, the formatter writes a fresh uuid and the current time,
        // and the feed's ETag would change on every render.
        var syndication = new SyndicationFeed
        {
            // A narrowed feed (?q=) is another feed than its topic: readers must not merge their entries.
            Id = FeedIds.Topic(feed.Filter is null ? feed.Topic.Id : feed.Topic.Id + "?" + feed.Filter),
            Title = Text(feed.Topic.Title),
            Description = string.IsNullOrWhiteSpace(feed.Topic.Description) ? null : Text(feed.Topic.Description),
            LastUpdatedTime = Instant(feed.Updated),
            Generator = Generator.Name,
        };

        syndication.Links.Add(Link("self", new Uri(FeedUrls.For(feed, FeedUrls.AtomExtension, feed.Paging.Query)), MediaType));
        AddWebLink(syndication.Links, "alternate", feed.HomePage, "text/html");
        foreach (var (rel, href) in FeedUrls.PagingLinks(feed, FeedUrls.AtomExtension))
        {
            syndication.Links.Add(Link(rel, new Uri(href), MediaType));
        }
        if (feed.Hub is { } hub)
        {
            AddWebLink(syndication.Links, "hub", hub, null);
        }

        if (feed.Items.Count == 0)
        {
            // RFC 4287 4.1.1: without entries to carry authors, the feed itself must name one.
            syndication.Authors.Add(Person(Generator.Name));
        }

        IReadOnlyList<TopicFeedItem> items = feed.Items;
        var entries = new List<SyndicationItem>(items.Count);
        for (int i = 0; i < items.Count; i++)
        {
            entries.Add(Entry(items[i]));
        }

        syndication.Items = entries;
        return syndication;
    }

    private static SyndicationItem Entry(TopicFeedItem item)
    {
        Article article = item.Article;
        DateTimeOffset updated = Instant(ItemFields.Updated(article));
        var entry = new SyndicationItem
        {
            Id = FeedIds.Article(article.Id),
            Title = Text(ItemFields.Title(article)),
            LastUpdatedTime = updated,
            SourceFeed = Source(item.Source, updated),
        };
        if (article.Published is { } published)
        {
            entry.PublishDate = Instant(published);
        }

        if (ItemFields.Link(item) is { } link)
        {
            entry.Links.Add(Link("alternate", new Uri(link), "text/html"));
        }

        if (ItemFields.Author(article) is { } author)
        {
            entry.Authors.Add(Person(author));
        }

        IReadOnlyList<string> categories = article.Categories;
        for (int i = 0; i < categories.Count; i++)
        {
            string term = XmlSafe.Clean(categories[i]).Trim();
            if (term.Length > 0)
            {
                entry.Categories.Add(new SyndicationCategory(term));
            }
        }

        IReadOnlyList<Enclosure> enclosures = article.Enclosures;
        for (int i = 0; i < enclosures.Count; i++)
        {
            Enclosure enclosure = enclosures[i];
            if (PublicLink.Of(enclosure.Url) is not { } enclosureUrl)
            {
                continue;
            }

            // A length the source did not know (or got wrong) is left out rather than written as 0 or less.
            long length = enclosure.Length is long known && known > 0 ? known : 0;
            entry.Links.Add(new SyndicationLink(enclosureUrl, "enclosure", null, EnclosureTypes.MediaType(enclosure), length));
        }

        IReadOnlyList<TopicFeedCopy> copies = item.AlsoPublishedBy;
        for (int i = 0; i < copies.Count; i++)
        {
            if (PublicLink.Of(copies[i].Link) is { } related)
            {
                entry.Links.Add(new SyndicationLink(related, "related", ItemFields.OutletName(copies[i].Outlet), null, 0));
            }
        }

        if (AlsoPublishedBy.AppendTo(ItemFields.Html(article.Summary), copies) is { } summary)
        {
            entry.Summary = Html(summary);
        }

        if (!string.IsNullOrWhiteSpace(article.Content))
        {
            entry.Content = Html(ItemFields.Html(article.Content)!);
        }

        return entry;
    }

    // Always written, so every entry names its outlet; its author also satisfies RFC 4287 4.1.2 for entries without one.
    // id, title and updated are what validators require of a source; the outlet's feed changed at least when this entry did.
    private static SyndicationFeed Source(OutletRef outlet, DateTimeOffset updated)
    {
        var source = new SyndicationFeed
        {
            Id = FeedIds.Outlet(outlet.Id),
            Title = Text(outlet.Name),
            LastUpdatedTime = updated,
        };
        if (ItemFields.OutletHref(outlet) is { } home)
        {
            source.Links.Add(Link("alternate", new Uri(home), null));
        }
        source.Authors.Add(Person(outlet.Name));
        return source;
    }

    /// <summary>
    /// The instant in UTC, so the formatter writes it as "…Z" (it keeps any other offset). The formatter takes
    /// <see cref="DateTimeOffset.MinValue"/> for "not set" and writes the current time instead; one tick later prints the same second.
    /// </summary>
    private static DateTimeOffset Instant(DateTimeOffset value) =>
        value == DateTimeOffset.MinValue ? DateTimeOffset.MinValue.AddTicks(1) : value.ToUniversalTime();

    private static SyndicationLink Link(string rel, Uri href, string? type) => new(href, rel, null, type, 0);

    // A link that is not http(s) is left out rather than served (see PublicLink).
    private static void AddWebLink(System.Collections.ObjectModel.Collection<SyndicationLink> links, string rel, Uri? href, string? type)
    {
        if (PublicLink.Of(href) is { } web)
        {
            links.Add(Link(rel, web, type));
        }
    }

    private static SyndicationPerson Person(string? name) => new() { Name = XmlSafe.Clean(name) };

    private static TextSyndicationContent Text(string? text) => new(XmlSafe.Clean(text), TextSyndicationContentKind.Plaintext);

    private static TextSyndicationContent Html(string html) => new(XmlSafe.Clean(html), TextSyndicationContentKind.Html);
}
