using Aggregator.Model;
using Aggregator.Parse.Xml;

namespace Aggregator.Parse.Atom;

/// <summary>Maps one Atom &lt;entry&gt; to a <see cref="FeedEntry"/>.</summary>
public static class AtomEntryAdapter
{
    public static FeedEntry Adapt(FeedElement entry, AtomContext context)
    {
        // Relative links: xml:base (chained from the fetch URL) when present, else the feed link, else the fetch URL.
        var entryBase = entry.HasXmlBase() ? entry.ResolveBase(context.FetchUri) : context.FeedLink ?? context.FetchUri;
        var id = XmlValues.Text(AtomNames.Child(entry, "id"));
        // link: rel="alternate", then an id that is itself a web URL.
        var link = AtomNames.Href(AtomNames.Link(entry, "alternate"), context.FetchUri, entryBase)
            ?? WebUri(id);
        var source = AtomNames.Child(entry, "source");
        var content = AtomNames.Child(entry, "content");
        var summary = AtomNames.Child(entry, "summary");
        var enclosures = Enclosures(entry, context.FetchUri, entryBase);
        var updated = XmlValues.Date(AtomNames.Last(entry, "updated")) ?? XmlValues.Date(AtomNames.Last(entry, "modified"));
        return new FeedEntry
        {
            Id = id,
            Title = AtomText.ToPlain(AtomNames.Child(entry, "title")),
            Link = link,
            // published: <published> (1.0), then <issued> and <created> (0.3), then dc:date, then <updated>:
            // an entry that only says when it changed was, for a reader, published then.
            Published = XmlValues.Date(AtomNames.Last(entry, "published"))
                ?? XmlValues.Date(AtomNames.Last(entry, "issued"))
                ?? XmlValues.Date(AtomNames.Last(entry, "created"))
                ?? XmlValues.Date(entry.Child(Ns.Dc, "date"))
                ?? updated,
            // updated: <updated> (1.0), then <modified> (0.3).
            Updated = updated,
            Authors = Authors(entry, source, context),
            // summary: <summary> (HTML after type handling), then media:description.
            Summary = AtomText.ToHtml(summary) ?? PlainAsHtml(Aggregator.Parse.MediaRss.Description(entry)),
            // content: inline <content>; out-of-line content (src=) has nothing to show.
            Content = content?.Attr("src") is null ? AtomText.ToHtml(content) : null,
            Categories = Categories(entry),
            Enclosures = enclosures,
            // image: media:thumbnail / image media:content, then an image enclosure.
            ImageUrl = Aggregator.Parse.MediaRss.Image(entry, entryBase)
                ?? enclosures.FirstOrDefault(e => e.MediaType?.StartsWith("image/", StringComparison.OrdinalIgnoreCase) ?? false)?.Url,
            // base for content: its own xml:base chain, else the entry link, else the entry's base.
            BaseUri = (content ?? summary) is FeedElement body && body.HasXmlBase() ? body.ResolveBase(context.FetchUri) : link ?? entryBase,
        };
    }

    private static List<Person> Authors(FeedElement entry, FeedElement? source, AtomContext context)
    {
        // author: the entry's <author>s, then its <source>'s, then dc:creator, then the feed's (RFC 4287 §4.2.1).
        var own = AtomNames.People(entry, "author", context.FetchUri);
        if (own.Count > 0)
        {
            return own;
        }

        if (source is not null && AtomNames.People(source, "author", context.FetchUri) is { Count: > 0 } fromSource)
        {
            return fromSource;
        }

        if (PersonParser.Parse(XmlValues.Text(entry.Child(Ns.Dc, "creator"))) is Person creator)
        {
            return [creator];
        }

        return [.. context.FeedAuthors];
    }

    private static List<string> Categories(FeedElement entry)
    {
        // category: term (the label is the display form of the same thing, so it is the fallback), then dc:subject.
        var list = new List<string>();
        foreach (var category in entry.Children("category", AtomNames.IsCore))
        {
            XmlValues.AddDistinct(list, category.Attr("term") ?? category.Attr("label") ?? XmlValues.Text(category));
        }

        foreach (var subject in entry.Children(Ns.Dc, "subject"))
        {
            XmlValues.AddDistinct(list, XmlValues.Text(subject));
        }

        return list;
    }

    private static IReadOnlyList<Enclosure> Enclosures(FeedElement entry, Uri fetchUri, Uri? entryBase)
    {
        // enclosures: link rel="enclosure", then media:content files not already listed. Most entries have none: no list then.
        List<Enclosure>? list = null;
        foreach (var link in entry.Children("link", AtomNames.IsCore))
        {
            if (!string.Equals(link.Attr("rel")?.Trim(), "enclosure", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (AtomNames.Href(link, fetchUri, entryBase) is Uri url)
            {
                (list ??= []).Add(new Enclosure(url, link.Attr("type")?.Trim(), XmlValues.PositiveNumber(link.Attr("length"))));
            }
        }

        foreach (var media in Aggregator.Parse.MediaRss.Contents(entry, entryBase))
        {
            if (!(list?.Exists(e => e.Url == media.Url) ?? false))
            {
                (list ??= []).Add(media);
            }
        }

        return list is null ? Array.Empty<Enclosure>() : list;
    }

    internal static Uri? WebUri(string? text) =>
        Uri.TryCreate(text?.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) ? uri : null;

    private static string? PlainAsHtml(FeedElement? e)
    {
        var text = XmlValues.Text(e);
        return text is null ? null : e!.Attr("type") == "html" ? text : HtmlText.TextToHtml(text);
    }
}
