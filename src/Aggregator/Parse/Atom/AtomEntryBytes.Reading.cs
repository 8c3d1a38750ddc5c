using Aggregator.Model;
using Aggregator.Parse.Xml;

namespace Aggregator.Parse.Atom;

internal static partial class AtomEntryBytes
{
    /// <summary>
    /// One entry's children read as <see cref="AtomEntryAdapter"/> and <see cref="AtomNames"/> read elements: each
    /// method here is the element road's rule of the same name, over the children by index (-1: none).
    /// </summary>
    private readonly struct Reading(FeedElement entry, DirectChildren children, AtomContext context)
    {
        private readonly bool _entryHasBase = entry.HasXmlBase();

        /// <summary>Relative links: xml:base (chained from the fetch URL) when present, else the feed link, else the fetch URL.</summary>
        public Uri? EntryBase => _entryHasBase ? entry.ResolveBase(context.FetchUri) : context.FeedLink ?? context.FetchUri;

        /// <summary>As <see cref="FeedElement.HasXmlBase"/> of the child: its own, or the entry's chain.</summary>
        public bool HasXmlBase(int index) => children[index].XmlBase is not null || _entryHasBase;

        /// <summary>As <see cref="FeedElement.ResolveBase"/> of the child, from the fetch URL.</summary>
        public Uri? BaseOf(int index)
        {
            var parentBase = entry.ResolveBase(context.FetchUri);
            return children[index].XmlBase is string written ? UriResolver.Resolve(written, parentBase) ?? parentBase : parentBase;
        }

        public string? Trimmed(int index) => index < 0 ? null : XmlValues.NullIfEmpty(children.TrimmedText(children[index]));

        /// <summary>As <see cref="Trimmed"/>, for a person or category, which come back entry after entry.</summary>
        public string? Repeated(int index) => index < 0 ? null : XmlValues.NullIfEmpty(children.RepeatedText(children[index]));

        public string? Attr(int index, string name) => children.Attr(children[index], name);

        public DateTimeOffset? Date(int index) => index < 0 ? null : children.Date(children[index], ref t_count);

        /// <summary>Title as plain text, summary and content as HTML (content only when inline); false for a construct the tree must read.</summary>
        public bool TryConstructs(in Slots slots, out string? title, out HtmlBody summary, out HtmlBody content)
        {
            (title, summary, content) = (null, default, default);
            if (slots.Title >= 0)
            {
                if (!TryKind(slots.Title, out var kind))
                {
                    return false;
                }

                title = AtomText.PlainOf(kind, children.Text(children[slots.Title]));
            }

            if (slots.Summary >= 0)
            {
                if (!TryKind(slots.Summary, out var kind))
                {
                    return false;
                }

                summary = Html(slots.Summary, kind);
            }

            // Out-of-line content (src=) has nothing to show, whatever its type.
            if (slots.Content >= 0 && Attr(slots.Content, "src") is null)
            {
                if (!TryKind(slots.Content, out var kind))
                {
                    return false;
                }

                content = Html(slots.Content, kind);
            }

            return true;
        }

        // An html construct whose bytes are its text is kept as its UTF-8 (AtomText.HtmlOf only trims it); text is escaped.
        private HtmlBody Html(int index, AtomText.Kind kind) =>
            kind == AtomText.Kind.Html && children.TrimmedUtf8(children[index]) is { } utf8
                ? new HtmlBody(null, utf8)
                : AtomText.HtmlOf(kind, children.TrimmedText(children[index]));

        private bool TryKind(int index, out AtomText.Kind kind) =>
            AtomText.TryLeafKind(Attr(index, "type"), Attr(index, "mode"), children[index].Namespace, out kind);

        /// <summary>The entry's own authors (<see cref="AtomNames.People"/>); false for one the tree must read (markup but no name, email or uri).</summary>
        public bool TryAuthors(out List<Person> people)
        {
            people = [];
            for (var i = 0; i < children.Count; i++)
            {
                if (children[i] is not { Parent: < 0, LocalName: "author" } author || !AtomNames.IsCore(author.Namespace))
                {
                    continue;
                }

                var (name, email, written) = author.HasElements ? PersonParts(i) : (-1, -1, -1);
                if ((name, email, written) == (-2, -2, -2))
                {
                    return false;
                }

                var (nameText, emailText, writtenText) = (Repeated(name), Repeated(email), Repeated(written));
                var uri = writtenText is null ? null : UriResolver.Resolve(writtenText, BaseOf(i));
                if (nameText is null && emailText is null && uri is null)
                {
                    if (author.HasElements)
                    {
                        return false;
                    }

                    // <author>Jo Bloggs</author>: not Atom, but written.
                    if (children.ParsedPerson(Repeated(i)) is Person loose)
                    {
                        people.Add(loose);
                    }

                    continue;
                }

                people.Add(uri is null ? children.NamedPerson(nameText, emailText) : new Person(nameText, emailText, uri));
            }

            return true;
        }

        /// <summary>
        /// The author's first name, email, and uri (else url, else homepage) by index; all -2 at a name the tree
        /// would match in another case.
        /// </summary>
        private (int Name, int Email, int Uri) PersonParts(int author)
        {
            var (name, email, uri, url, homepage) = (-1, -1, -1, -1, -1);
            for (var j = author + 1; j < children.Count && children[j].Parent == author; j++)
            {
                ref readonly var part = ref children[j];
                if (!AtomNames.IsCore(part.Namespace))
                {
                    continue;
                }

                switch (part.LocalName)
                {
                    case "name":
                        First(ref name, j);
                        break;
                    case "email":
                        First(ref email, j);
                        break;
                    case "uri":
                        First(ref uri, j);
                        break;
                    case "url":
                        First(ref url, j);
                        break;
                    case "homepage":
                        First(ref homepage, j);
                        break;
                    case var other when other.ToLowerInvariant() is "name" or "email" or "uri" or "url" or "homepage":
                        return (-2, -2, -2);
                }
            }

            // The first uri the tree finds is the first that is there, even if blank.
            return (name, email, uri >= 0 ? uri : url >= 0 ? url : homepage);
        }

        /// <summary>The first link with rel "alternate" (or none), an HTML one first (<see cref="AtomNames.Link"/>).</summary>
        public int AlternateLink()
        {
            var first = -1;
            for (var i = 0; i < children.Count; i++)
            {
                if (!IsLink(i) || !(Attr(i, "rel")?.Trim() ?? "alternate").Equals("alternate", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                if (Attr(i, "type")?.Contains("html", StringComparison.OrdinalIgnoreCase) ?? false)
                {
                    return i;
                }

                First(ref first, i);
            }

            return first;
        }

        /// <summary>The absolute href of a link, resolved against its own xml:base chain, else the entry's base (<see cref="AtomNames.Href"/>).</summary>
        public Uri? Href(int link)
        {
            if (link < 0)
            {
                return null;
            }

            var href = Attr(link, "href") ?? Trimmed(link);
            return UriResolver.Resolve(href, HasXmlBase(link) ? BaseOf(link) : EntryBase ?? context.FetchUri);
        }

        /// <summary>Links with rel "enclosure", as the adapter lists them; no list when there are none.</summary>
        public IReadOnlyList<Enclosure> Enclosures()
        {
            List<Enclosure>? list = null;
            for (var i = 0; i < children.Count; i++)
            {
                if (!IsLink(i) || !string.Equals(Attr(i, "rel")?.Trim(), "enclosure", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                if (Href(i) is Uri url)
                {
                    (list ??= []).Add(new Enclosure(url, Attr(i, "type")?.Trim(), XmlValues.PositiveNumber(Attr(i, "length"))));
                }
            }

            return list is null ? Array.Empty<Enclosure>() : list;
        }

        /// <summary>Each category's term, else label, else text; then each dc:subject; each once.</summary>
        public List<string> Categories()
        {
            var list = new List<string>();
            for (var i = 0; i < children.Count; i++)
            {
                if (children[i] is { Parent: < 0, LocalName: "category" } category && AtomNames.IsCore(category.Namespace))
                {
                    XmlValues.AddDistinct(list, Attr(i, "term") ?? Attr(i, "label") ?? Repeated(i));
                }
            }

            for (var i = 0; i < children.Count; i++)
            {
                if (children[i] is { Parent: < 0, Namespace: Ns.Dc, LocalName: "subject" })
                {
                    XmlValues.AddDistinct(list, Repeated(i));
                }
            }

            return list;
        }

        private bool IsLink(int index) => children[index] is { Parent: < 0, LocalName: "link" } link && AtomNames.IsCore(link.Namespace);
    }
}
