using Aggregator.Model;
using Aggregator.Parse.Rss;
using Aggregator.Parse.Xml;

namespace Aggregator.Parse.Rdf;

/// <summary>
/// Maps RSS 1.0 and RSS 0.90 (&lt;rdf:RDF&gt;) to the shared model. Items are siblings of the channel,
/// identified by rdf:about, with dc:* for dates and authors; item elements share RSS's names, so
/// <see cref="RssItemAdapter"/> reads them.
/// </summary>
public static class RdfAdapter
{
    private static bool IsCore(string ns) => RssAdapter.IsCore(ns);

    /// <summary>Beside the channel, or nested in it like RSS 2.0 as some writers do, or wherever a lenient read found them: as RSS's.</summary>
    public static EntryRule ItemElements => RssAdapter.ItemElements;

    /// <param name="streamed">Items already mapped while the document was read (by <see cref="RdfStreaming"/>), if any.</param>
    public static ParsedFeed Adapt(FeedElement root, Uri baseUri, StreamedEntries? streamed = null)
    {
        var channel = root.Child("channel", IsCore);
        var items = ItemElements.In(root);

        var feedBase = (channel ?? root).ResolveBase(baseUri);
        var context = ItemContext(root, baseUri);
        var link = context.ChannelLink;
        var image = root.Child("image", IsCore) ?? channel?.Child("image", IsCore);
        var creator = PersonParser.Parse(XmlValues.Text(channel?.Child(Ns.Dc, "creator")) ?? XmlValues.Text(channel?.Child(Ns.Dc, "publisher")));
        return new ParsedFeed
        {
            Format = FeedFormat.Rdf,
            // The syndication module (sy:updatePeriod) was made for RSS 1.0 channels.
            Hints = channel is null ? PublishingHints.None : Rss.HintsReader.Read(channel),
            // RSS 0.90 keeps Netscape's namespace; RSS 1.0 uses purl.org's.
            Version = (channel?.Namespace ?? root.DeclaredDefaultNamespace) is Ns.Rss090 or Ns.Rss090Channel ? "rss090" : "rss10",
            // title: <title>, then dc:title.
            Title = XmlValues.PlainTitle(channel?.Child("title", IsCore)) ?? XmlValues.PlainTitle(channel?.Child(Ns.Dc, "title")),
            // subtitle: <description>, then dc:description.
            Subtitle = Plain(channel?.Child("description", IsCore) ?? channel?.Child(Ns.Dc, "description")),
            Link = link,
            Id = channel?.Attr(Ns.Rdf, "about"),
            Language = XmlValues.Language(XmlValues.Text(channel?.Child(Ns.Dc, "language")) ?? channel?.Language),
            Rights = XmlValues.Text(channel?.Child(Ns.Dc, "rights")),
            Updated = XmlValues.Date(channel?.Child(Ns.Dc, "date")) ?? XmlValues.Date(channel?.Child(Ns.DcTerms, "modified")),
            Authors = creator is null ? [] : [creator],
            // image: the <image> block's <url>, then its rdf:about.
            ImageUrl = UriResolver.Resolve(XmlValues.Text(image?.Child("url", IsCore)) ?? image?.Attr(Ns.Rdf, "about"), feedBase),
            Entries = items.Select(item => streamed?.For(item) ?? RssItemAdapter.Adapt(item, context)).ToList(),
        };
    }

    /// <summary>What every item of the document is read with.</summary>
    public static RssItemContext ItemContext(FeedElement root, Uri baseUri)
    {
        var channel = root.Child("channel", IsCore);
        var feedBase = (channel ?? root).ResolveBase(baseUri);
        // link: <link>, then the channel's rdf:about.
        var link = UriResolver.Resolve(XmlValues.Text(channel?.Child("link", IsCore)), feedBase)
            ?? UriResolver.Resolve(channel?.Attr(Ns.Rdf, "about"), feedBase);
        return new RssItemContext(baseUri, link);
    }

    private static string? Plain(FeedElement? e)
    {
        var html = XmlValues.Html(e);
        var plain = html is null ? "" : HtmlText.ToPlainText(html, TextLayout.Inline);
        return plain.Length == 0 ? null : plain;
    }
}
