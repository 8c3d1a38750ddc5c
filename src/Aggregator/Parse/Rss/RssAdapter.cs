using Aggregator.Model;
using Aggregator.Parse.Xml;

namespace Aggregator.Parse.Rss;

/// <summary>Maps an RSS 0.9x/2.0 document (&lt;rss&gt;&lt;channel&gt;…) to the shared model.</summary>
public static class RssAdapter
{
    /// <summary>
    /// RSS core elements are unqualified, or in one of the namespaces RSS versions and feeds gave them.
    /// An unknown module that reuses a core name (a "description" of its own) is not core.
    /// </summary>
    public static bool IsCore(string ns) => ns.Length == 0 || ns is Ns.Rss10 or Ns.Rss090 or Ns.Rss090Channel or Ns.Rss20Harvard or Ns.Rss091Module
        || ns.StartsWith(Ns.UserlandRssPrefix, StringComparison.Ordinal);

    /// <summary>
    /// Items belong in the channel; some feeds put them beside it, and a lenient read finds them inside an
    /// element left unclosed or an item whose end tag is missing: every item in the document counts, and an
    /// Atom-style &lt;entry&gt; too, which feedparser reads as an item in any format.
    /// </summary>
    public static readonly EntryRule ItemElements = new("item", "entry", IsCore);

    /// <param name="streamed">Items already mapped while the document was read (by <see cref="RssStreaming"/>), if any.</param>
    public static ParsedFeed Adapt(FeedElement root, Uri baseUri, string? doctypeHint = null, StreamedEntries? streamed = null)
    {
        var channel = root.Child("channel", IsCore) ?? root;
        var items = ItemElements.In(root);

        var feedBase = channel.ResolveBase(baseUri);
        var atomLinks = channel.Children(Ns.Atom10, "link");
        var context = ItemContext(channel, baseUri);
        var link = context.ChannelLink;
        return new ParsedFeed
        {
            Format = FeedFormat.Rss,
            // Microsoft's CDF (<CHANNEL HREF=…>, all capitals) is read as the RSS it was the ancestor of.
            Version = root.LocalName == "CHANNEL" ? "cdf" : Version(root.Attr("version"), doctypeHint),
            // title: <title>, then dc:title.
            Title = XmlValues.PlainTitle(channel.Child("title", IsCore)) ?? XmlValues.PlainTitle(channel.Child(Ns.Dc, "title")),
            // subtitle: <description>, then itunes:subtitle, then itunes:summary, then CDF's <ABSTRACT>.
            Subtitle = PlainOrNull(channel.Child("description", IsCore) ?? channel.Child(Ns.ITunes, "subtitle") ?? channel.Child(Ns.ITunes, "summary") ?? channel.Child("abstract", IsCore)),
            Link = link,
            // feed URL: atom:link rel="self".
            FeedUrl = UriResolver.Resolve(AtomRel(atomLinks, "self"), feedBase),
            // language: <language>, then dc:language, then xml:lang.
            Language = XmlValues.Language(XmlValues.Text(channel.Child("language", IsCore)) ?? XmlValues.Text(channel.Child(Ns.Dc, "language")) ?? channel.Language),
            // rights: <copyright>, then dc:rights.
            Rights = XmlValues.Text(channel.Child("copyright", IsCore)) ?? XmlValues.Text(channel.Child(Ns.Dc, "rights")),
            // updated: <lastBuildDate>, then <pubDate>, then dc:date, then dcterms:modified, then CDF's LASTMOD.
            Updated = XmlValues.Date(channel.Child("lastBuildDate", IsCore)) ?? XmlValues.Date(channel.Child("pubDate", IsCore))
                ?? XmlValues.Date(channel.Child(Ns.Dc, "date")) ?? XmlValues.Date(channel.Child(Ns.DcTerms, "modified"))
                ?? DateParser.Parse(Cdf(channel, "LASTMOD")),
            Authors = FeedAuthors(channel),
            // image: <image><url>, then itunes:image href, then media:thumbnail or an image media:content,
            // then the first <img> of the description.
            ImageUrl = UriResolver.Resolve(XmlValues.Text(channel.Child("image", IsCore)?.Child("url", IsCore)), feedBase)
                ?? UriResolver.Resolve(channel.Child(Ns.ITunes, "image") is { } itunesImage ? itunesImage.Attr("href") ?? itunesImage.Attr("url") ?? XmlValues.Text(itunesImage) : null, feedBase)
                ?? UriResolver.Resolve(ITunesImageLink(channel), feedBase)
                ?? MediaRss.Image(channel, feedBase)
                ?? HtmlImages.First(XmlValues.Html(channel.Child("description", IsCore)), feedBase),
            Generator = XmlValues.Text(channel.Child("generator", IsCore)),
            // hub: atom:link rel="hub" (WebSub).
            Hub = UriResolver.Resolve(AtomRel(atomLinks, "hub"), feedBase),
            Hints = HintsReader.Read(channel),
            Entries = items.Select(item => streamed?.For(item) ?? RssItemAdapter.Adapt(item, context)).ToList(),
        };
    }

    /// <summary>What every item of <paramref name="channel"/> is read with.</summary>
    public static RssItemContext ItemContext(FeedElement channel, Uri baseUri)
    {
        var feedBase = channel.ResolveBase(baseUri);
        // link: <link>, then atom:link rel="alternate", then CDF's HREF attribute.
        var link = UriResolver.Resolve(XmlValues.Text(channel.Child("link", IsCore)), feedBase)
            ?? UriResolver.Resolve(AtomRel(channel.Children(Ns.Atom10, "link"), "alternate"), feedBase)
            ?? UriResolver.Resolve(Cdf(channel, "HREF"), feedBase);
        return new RssItemContext(baseUri, link);
    }

    /// <summary>A CDF attribute (HREF, LASTMOD), as written in capitals or not.</summary>
    public static string? Cdf(FeedElement e, string name) =>
        // Asked of every item, which seldom has attributes: no lower-cased copy of the name for those.
        e.Attributes.Count == 0 ? null : e.Attr(name) ?? e.Attr(name.ToLowerInvariant());

    /// <summary>The href of the first atom:link with this rel ("alternate" also matches a link without rel).</summary>
    public static string? AtomRel(FeedChildren links, string rel)
    {
        foreach (var link in links)
        {
            if ((link.Attr("rel")?.Trim() ?? "alternate").Equals(rel, StringComparison.OrdinalIgnoreCase))
            {
                return link.Attr("href");
            }
        }

        return null;
    }

    /// <summary>The href of the first itunes:link rel="image" (as feedparser reads it), or null.</summary>
    public static string? ITunesImageLink(FeedElement e)
    {
        foreach (var link in e.Children(Ns.ITunes, "link"))
        {
            if (link.Attr("rel") == "image")
            {
                return link.Attr("href");
            }
        }

        return null;
    }

    private static List<Person> FeedAuthors(FeedElement channel)
    {
        // author: <managingEditor>, then <author> (not RSS, but written), then dc:creator, dc:author,
        // then itunes:author, then dc:publisher, then <webMaster> (a technical contact, but often the only name).
        var person = PersonParser.Parse(XmlValues.Text(channel.Child("managingEditor", IsCore)))
            ?? PersonParser.Parse(XmlValues.Text(channel.Child("author", IsCore)))
            ?? PersonParser.Parse(XmlValues.Text(channel.Child(Ns.Dc, "creator")))
            ?? PersonParser.Parse(XmlValues.Text(channel.Child(Ns.Dc, "author")))
            ?? PersonParser.Parse(XmlValues.Text(channel.Child(Ns.ITunes, "author")))
            ?? PersonParser.Parse(XmlValues.Text(channel.Child(Ns.Dc, "publisher")))
            ?? PersonParser.Parse(XmlValues.Text(channel.Child("webMaster", IsCore)));
        return person is null ? [] : [person];
    }

    private static string? PlainOrNull(FeedElement? e)
    {
        var text = XmlValues.Html(e);
        return text is null ? null : NullIfEmpty(HtmlText.ToPlainText(text, TextLayout.Inline));
    }

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;

    private static string Version(string? version, string? doctypeHint) => version?.Trim() switch
    {
        var v when v?.StartsWith("2.", StringComparison.Ordinal) ?? false => "rss20",
        "2" => "rss20",
        "0.91" => doctypeHint is not null && doctypeHint.Contains("Netscape", StringComparison.OrdinalIgnoreCase) ? "rss091n" : "rss091u",
        "0.92" => "rss092",
        "0.93" => "rss093",
        "0.94" => "rss094",
        "0.90" or "0.9" => "rss090",
        _ => "rss",
    };
}
