using Aggregator.Model;
using Aggregator.Parse.Xml;

namespace Aggregator.Parse.Atom;

/// <summary>Maps an Atom 1.0 or Atom 0.3 &lt;feed&gt; to the shared model.</summary>
public static class AtomAdapter
{
    /// <summary>Entries, and an RSS-style &lt;item&gt; read as one.</summary>
    public static readonly EntryRule EntryElements = new("entry", "item", AtomNames.IsCore);

    /// <param name="streamed">Entries already mapped while the document was read (by <see cref="AtomStreaming"/>), if any.</param>
    public static ParsedFeed Adapt(FeedElement feed, Uri baseUri, StreamedEntries? streamed = null)
    {
        var feedBase = feed.ResolveBase(baseUri);
        var context = EntryContext(feed, baseUri);
        var link = context.FeedLink;
        var authors = context.FeedAuthors;
        return new ParsedFeed
        {
            Format = FeedFormat.Atom,
            Version = feed.Namespace switch
            {
                Ns.Atom10 => "atom10",
                Ns.Atom03 => "atom03",
                _ => feed.Attr("version")?.Trim() == "0.3" ? "atom03" : "atom",
            },
            Title = AtomText.ToPlain(AtomNames.Child(feed, "title")),
            // subtitle: <subtitle> (1.0), then <tagline> (0.3).
            Subtitle = AtomText.ToPlain(AtomNames.Child(feed, "subtitle") ?? AtomNames.Child(feed, "tagline")),
            // link: rel="alternate" (a link without rel is one), HTML first.
            Link = link,
            FeedUrl = AtomNames.Href(AtomNames.Link(feed, "self"), baseUri, feedBase),
            Id = XmlValues.Text(AtomNames.Child(feed, "id")),
            Language = XmlValues.Language(feed.Language),
            // rights: <rights> (1.0), then <copyright> (0.3).
            Rights = AtomText.ToPlain(AtomNames.Child(feed, "rights") ?? AtomNames.Child(feed, "copyright")),
            // updated: <updated> (1.0), then <modified> (0.3).
            Updated = XmlValues.Date(AtomNames.Child(feed, "updated")) ?? XmlValues.Date(AtomNames.Child(feed, "modified")),
            Authors = authors,
            // image: <logo>, then <icon>.
            ImageUrl = UriResolver.Resolve(XmlValues.Text(AtomNames.Child(feed, "logo")) ?? XmlValues.Text(AtomNames.Child(feed, "icon")), feedBase),
            Generator = XmlValues.Text(AtomNames.Child(feed, "generator")),
            Hub = AtomNames.Href(AtomNames.Link(feed, "hub"), baseUri, feedBase),
            Entries = EntryElements.In(feed).Select(e => streamed?.For(e) ?? AtomEntryAdapter.Adapt(e, context)).ToList(),
        };
    }

    /// <summary>What every entry of <paramref name="feed"/> is read with.</summary>
    public static AtomContext EntryContext(FeedElement feed, Uri baseUri)
    {
        // link: rel="alternate" (a link without rel is one), HTML first.
        var link = AtomNames.Href(AtomNames.Link(feed, "alternate"), baseUri, feed.ResolveBase(baseUri));
        return new AtomContext(baseUri, link, AtomNames.People(feed, "author", baseUri));
    }
}
