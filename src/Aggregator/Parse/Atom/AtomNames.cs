using Aggregator.Model;
using Aggregator.Parse.Xml;

namespace Aggregator.Parse.Atom;

/// <summary>Element matching and person constructs shared by the Atom feed and entry adapters.</summary>
public static class AtomNames
{
    /// <summary>Atom 1.0, Atom 0.3, or any namespace that is not a known extension (feeds that forgot or invented one).</summary>
    public static bool IsCore(string ns) => ns is Ns.Atom10 or Ns.Atom03 || !Ns.IsExtension(ns);

    public static FeedElement? Child(FeedElement? e, string local) => e?.Child(local, IsCore);

    /// <summary>The last such child: a date written twice is taken as corrected by the later one (as feedparser does).</summary>
    public static FeedElement? Last(FeedElement? e, string local)
    {
        // Loops rather than LINQ here and in Link: they run several times per entry, and each query allocated.
        FeedElement? last = null;
        if (e is not null)
        {
            foreach (var child in e.Children(local, IsCore))
            {
                last = child;
            }
        }

        return last;
    }

    /// <summary>The href of the first link with this rel; a link without rel is "alternate". HTML alternates win.</summary>
    public static FeedElement? Link(FeedElement e, string rel)
    {
        FeedElement? first = null;
        foreach (var link in e.Children("link", IsCore))
        {
            if (!(link.Attr("rel")?.Trim() ?? "alternate").Equals(rel, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (link.Attr("type")?.Contains("html", StringComparison.OrdinalIgnoreCase) ?? false)
            {
                return link;
            }

            first ??= link;
        }

        return first;
    }

    /// <summary>The absolute href of a link, resolved against its own xml:base chain, else the fallback base.</summary>
    public static Uri? Href(FeedElement? link, Uri fetchUri, Uri? fallbackBase)
    {
        if (link is null)
        {
            return null;
        }

        var href = link.Attr("href") ?? XmlValues.Text(link);
        return UriResolver.Resolve(href, link.HasXmlBase() ? link.ResolveBase(fetchUri) : fallbackBase ?? fetchUri);
    }

    public static List<Person> People(FeedElement e, string local, Uri fetchUri)
    {
        var people = new List<Person>();
        foreach (var p in e.Children(local, IsCore))
        {
            var name = XmlValues.Text(Child(p, "name"));
            var email = XmlValues.Text(Child(p, "email"));
            // uri: <uri> (1.0), then <url> and <homepage> (0.3).
            // The base only for a uri there is: most people have none, and each base was a URI parse.
            var written = XmlValues.Text(Child(p, "uri") ?? Child(p, "url") ?? Child(p, "homepage"));
            var uri = written is null ? null : UriResolver.Resolve(written, p.ResolveBase(fetchUri));
            if (name is null && email is null && uri is null)
            {
                // <author>Jo Bloggs</author>: not Atom, but written.
                if (PersonParser.Parse(XmlValues.Text(p)) is Person loose)
                {
                    people.Add(loose);
                }

                continue;
            }

            people.Add(new Person(name, email, uri));
        }

        return people;
    }
}
