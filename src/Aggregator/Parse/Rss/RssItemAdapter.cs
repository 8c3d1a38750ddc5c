using Aggregator.Model;
using Aggregator.Parse.Xml;

namespace Aggregator.Parse.Rss;

/// <summary>Maps one RSS &lt;item&gt; (also an RSS 1.0 item, which shares the element names) to a <see cref="FeedEntry"/>.</summary>
public static class RssItemAdapter
{
    public static FeedEntry Adapt(FeedElement item, RssItemContext context) => RssItemDirect.TryAdapt(item, context) ?? FromTree(item, context);

    /// <summary>Every rule, each asking the item for its elements: for any item <see cref="RssItemDirect"/> declines.</summary>
    internal static FeedEntry FromTree(FeedElement item, RssItemContext context)
    {
        var isCore = (Func<string, bool>)RssAdapter.IsCore;
        // Relative links: xml:base when the document uses it, else the channel link, else the fetch URL.
        var itemBase = item.HasXmlBase() ? item.ResolveBase(context.FetchUri) : context.ChannelLink ?? context.FetchUri;
        var guidElement = item.Child("guid", isCore);
        var guid = XmlValues.Text(guidElement);
        var rawLink = XmlValues.Text(item.Child("link", isCore));

        // link: feedburner:origLink (the article, not a tracking redirect), then <link>,
        // then atom:link rel="alternate", then a permalink guid (isPermaLink absent or true), then rdf:about.
        var link = UriResolver.Resolve(XmlValues.Text(item.Child(Ns.Feedburner, "origLink")), itemBase)
            ?? UriResolver.Resolve(rawLink, itemBase)
            ?? UriResolver.Resolve(RssAdapter.AtomRel(item.Children(Ns.Atom10, "link"), "alternate"), itemBase)
            ?? PermalinkGuid(guidElement, guid)
            ?? WebUri(item.Attr(Ns.Rdf, "about"))
            ?? UriResolver.Resolve(RssAdapter.Cdf(item, "HREF"), itemBase);

        var enclosures = Enclosures(item, itemBase);
        var description = item.Child("description", isCore);
        var content = item.Child(Ns.Content, "encoded");
        // Each is read for the text and again for its first picture: trimmed once.
        var descriptionHtml = XmlValues.Html(description);
        var contentHtml = XmlValues.Html(content);
        return new FeedEntry
        {
            // id: <guid>, then rdf:about, then the link as written.
            Id = guid ?? NullIfBlank(item.Attr(Ns.Rdf, "about")) ?? rawLink ?? link?.AbsoluteUri,
            // title: <title>, then dc:title, then media:title, then itunes:title.
            Title = XmlValues.PlainTitle(item.Child("title", isCore))
                ?? XmlValues.PlainTitle(item.Child(Ns.Dc, "title"))
                ?? XmlValues.PlainTitle(MediaRss.Title(item))
                ?? XmlValues.PlainTitle(item.Child(Ns.ITunes, "title")),
            Link = link,
            // published: <pubDate>, then dc:date, then dcterms:issued/created, then atom:published.
            Published = XmlValues.Date(item.Child("pubDate", isCore))
                ?? XmlValues.Date(item.Child(Ns.Dc, "date"))
                ?? XmlValues.Date(item.Child(Ns.DcTerms, "issued"))
                ?? XmlValues.Date(item.Child(Ns.DcTerms, "created"))
                ?? XmlValues.Date(item.Child(Ns.Atom10, "published")),
            // updated: atom:updated, then dcterms:modified, then dc:date (Dublin Core's only date).
            // then CDF's LASTMOD attribute.
            Updated = XmlValues.Date(item.Child(Ns.Atom10, "updated")) ?? XmlValues.Date(item.Child(Ns.DcTerms, "modified")) ?? XmlValues.Date(item.Child(Ns.Dc, "date"))
                ?? DateParser.Parse(RssAdapter.Cdf(item, "LASTMOD")),
            Authors = Authors(item),
            // summary: <description> (HTML), then dc:description, then itunes:summary, then media:description (plain text),
            // then CDF's <ABSTRACT>.
            Summary = descriptionHtml
                ?? XmlValues.Html(item.Child(Ns.Dc, "description"))
                ?? XmlValues.Html(item.Child(Ns.ITunes, "summary"))
                ?? PlainAsHtml(MediaRss.Description(item))
                ?? XmlValues.Html(item.Child("abstract", isCore)),
            // content: content:encoded (HTML), then an inline xhtml:body, then a <body> that forgot its XHTML
            // namespace, then <fullitem> (escaped HTML; both read by feedparser), then an atom:content text construct.
            Content = contentHtml ?? XhtmlBody(item) ?? XmlValues.Html(item.Child("body", isCore)) ?? XmlValues.Html(item.Child("fullitem", isCore))
                ?? Atom.AtomText.ToHtml(item.Child(Ns.Atom10, "content")),
            Categories = Categories(item),
            Enclosures = enclosures,
            // image: media:thumbnail, then image media:content, then itunes:image, then an image enclosure,
            // then the first <img> of the content or description.
            // (itunes:image by href, url or text, then itunes:link rel="image" as feedparser reads them)
            ImageUrl = MediaRss.Image(item, itemBase)
                ?? UriResolver.Resolve(item.Child(Ns.ITunes, "image") is { } itunesImage ? itunesImage.Attr("href") ?? itunesImage.Attr("url") ?? XmlValues.Text(itunesImage) : null, itemBase)
                ?? UriResolver.Resolve(RssAdapter.ITunesImageLink(item), itemBase)
                ?? enclosures.FirstOrDefault(e => e.MediaType?.StartsWith("image/", StringComparison.OrdinalIgnoreCase) ?? false)?.Url
                ?? HtmlImages.First(contentHtml ?? descriptionHtml, itemBase),
            // base for content: an explicit xml:base, else the entry link, else the feed's base.
            BaseUri = (content ?? description ?? item.Child("abstract", isCore)) is FeedElement body && body.HasXmlBase() ? body.ResolveBase(context.FetchUri) : link ?? itemBase,
        };
    }

    private static string? XhtmlBody(FeedElement item)
    {
        var html = item.Child(Ns.Xhtml, "body")?.InnerXml.Trim();
        return string.IsNullOrEmpty(html) ? null : html;
    }

    internal static Uri? PermalinkGuid(FeedElement? guidElement, string? guid) => PermalinkGuid(guidElement?.Attr("isPermaLink"), guid);

    internal static Uri? PermalinkGuid(string? isPermaLinkAttribute, string? guid)
    {
        var isPermaLink = isPermaLinkAttribute?.Trim();
        if (guid is null || string.Equals(isPermaLink, "false", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return WebUri(guid);
    }

    private static Uri? WebUri(string? text) =>
        Uri.TryCreate(text?.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) ? uri : null;

    // Arrays, not lists, for the usual one author: the list and its array were two allocations an item.
    private static IReadOnlyList<Person> Authors(FeedElement item)
    {
        // author: <author>, then dc:creator and dc:author (each), then itunes:author, then atom:author.
        var rss = PersonParser.Parse(XmlValues.Text(item.Child("author", RssAdapter.IsCore)));
        if (rss is not null)
        {
            return new[] { rss };
        }

        var creators = new List<Person>();
        AddPeople(creators, item.Children(Ns.Dc, "creator"));
        AddPeople(creators, item.Children(Ns.Dc, "author"));

        if (creators.Count > 0)
        {
            return creators;
        }

        var itunes = PersonParser.Parse(XmlValues.Text(item.Child(Ns.ITunes, "author")));
        if (itunes is not null)
        {
            return new[] { itunes };
        }

        var atom = item.Child(Ns.Atom10, "author");
        var atomName = XmlValues.Text(atom?.Child(Ns.Atom10, "name"));
        return atomName is null ? [] : new[] { new Person(atomName, XmlValues.Text(atom?.Child(Ns.Atom10, "email"))) };
    }

    private static void AddPeople(List<Person> people, FeedChildren elements)
    {
        foreach (var element in elements)
        {
            if (PersonParser.Parse(XmlValues.Text(element)) is Person person)
            {
                people.Add(person);
            }
        }
    }

    private static List<string> Categories(FeedElement item)
    {
        // categories: every <category> (its domain attribute has no place in the model), then itunes:keywords,
        // dc:subject, atom:category, itunes:category, media:category and media:keywords.
        var categories = new List<string>();
        foreach (var category in item.Children("category", RssAdapter.IsCore))
        {
            XmlValues.AddDistinct(categories, XmlValues.Text(category));
        }

        AddKeywords(categories, item.Child(Ns.ITunes, "keywords"));

        foreach (var subject in item.Children(Ns.Dc, "subject"))
        {
            XmlValues.AddDistinct(categories, XmlValues.Text(subject));
        }

        foreach (var atomCategory in item.Children(Ns.Atom10, "category"))
        {
            XmlValues.AddDistinct(categories, atomCategory.Attr("term") ?? atomCategory.Attr("label"));
        }

        // itunes:category text attributes, nested ones included, in document order.
        foreach (var category in item.Children(Ns.ITunes, "category"))
        {
            AddITunesCategory(categories, category);
        }

        foreach (var category in item.Children(Ns.Media, "category"))
        {
            XmlValues.AddDistinct(categories, XmlValues.Text(category));
        }

        AddKeywords(categories, item.Child(Ns.Media, "keywords"));
        return categories;
    }

    // Recursion is bounded: the tree is no deeper than FeedXmlReader.MaxDepth.
    private static void AddITunesCategory(List<string> categories, FeedElement category)
    {
        XmlValues.AddDistinct(categories, category.Attr("text"));
        foreach (var child in category.Children(Ns.ITunes, "category"))
        {
            AddITunesCategory(categories, child);
        }
    }

    // A comma-separated list, each keyword a category.
    private static void AddKeywords(List<string> categories, FeedElement? keywords)
    {
        if (XmlValues.Text(keywords) is not string list)
        {
            return;
        }

        foreach (var keyword in list.Split(','))
        {
            XmlValues.AddDistinct(categories, keyword);
        }
    }

    internal static IReadOnlyList<Enclosure> Enclosures(FeedElement item, Uri? itemBase)
    {
        // enclosures: every <enclosure>, then media:content files not already listed. Most items have none: no list then.
        List<Enclosure>? list = null;
        foreach (var enclosure in item.Children("enclosure", RssAdapter.IsCore))
        {
            if (UriResolver.Resolve(enclosure.Attr("url"), itemBase) is Uri url)
            {
                (list ??= []).Add(new Enclosure(url, NullIfBlank(enclosure.Attr("type")), XmlValues.PositiveNumber(enclosure.Attr("length"))));
            }
        }

        foreach (var media in MediaRss.Contents(item, itemBase))
        {
            if (!(list?.Exists(e => e.Url == media.Url) ?? false))
            {
                (list ??= []).Add(media);
            }
        }

        return list is null ? Array.Empty<Enclosure>() : list;
    }

    private static string? PlainAsHtml(FeedElement? e)
    {
        var text = XmlValues.Text(e);
        if (text is null)
        {
            return null;
        }

        return e!.Attr("type") == "html" ? text : HtmlText.TextToHtml(text);
    }

    private static string? NullIfBlank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
