using System.Runtime.InteropServices;
using Aggregator.Model;

namespace Aggregator.Parse.Xml;

/// <summary>
/// The children of one entry as <see cref="Utf8FeedReader"/> found them, each a leaf: its name and namespace, its
/// attributes, and where its content (text and CDATA sections only) lies in the body. A child's text is made into a
/// string only when a rule reads it, so an element no rule reads (slash:comments, wfw:commentRss) costs no string.
/// </summary>
internal sealed class DirectChildren
{
    private readonly List<DirectChild> _children = [];
    private readonly List<(string Name, string Value)> _attributes = [];
    // One parse's authors by the text they were read from: the same few come back entry after entry.
    private readonly Dictionary<string, Person?> _people = new(StringComparer.Ordinal);
    private readonly Dictionary<(string? Name, string? Email), Person> _named = [];
    private Utf8FeedReader? _reader;

    public int Count => _children.Count;

    /// <summary>Children may hold leaves one level down and carry xml:base (see <see cref="DirectShape.Nested"/>).</summary>
    public bool Nests { get; private set; }

    // In place: a child is 80 bytes, and the mapping rules look at each several times (sorting, categories, authors);
    // a copy out of the list for every look was a share of their time of its own.
    public ref readonly DirectChild this[int index] => ref CollectionsMarshal.AsSpan(_children)[index];

    /// <summary>The child's unprefixed attribute by name, or null (only unprefixed ones are kept: see the reader).</summary>
    public string? Attr(in DirectChild child, string name)
    {
        for (var i = child.FirstAttribute; i < child.FirstAttribute + child.AttributeCount; i++)
        {
            if (_attributes[i].Name == name)
            {
                return _attributes[i].Value;
            }
        }

        return null;
    }

    /// <summary>All the child's text, as <see cref="FeedElement.Text"/> gives it.</summary>
    public string Text(in DirectChild child) => _reader!.DirectText(child, trim: false);

    /// <summary>The child's text trimmed, as <see cref="FeedElement.TrimmedText"/> gives it.</summary>
    public string TrimmedText(in DirectChild child) => _reader!.DirectText(child, trim: true);

    /// <summary>
    /// The child's text trimmed, as its UTF-8 bytes, when those are the text and it is not empty (see
    /// <see cref="Utf8FeedReader.TrimmedUtf8"/>); else null, and <see cref="TrimmedText"/> reads it.
    /// </summary>
    public Utf8Text? TrimmedUtf8(in DirectChild child) => _reader!.TrimmedUtf8(child);

    /// <summary>
    /// The child's text as an RSS body (<see cref="XmlValues.Html(string)"/>'s rule): its UTF-8 when those bytes are the
    /// text and the rule could not change it (undoing a double escape needs a body that starts with "&amp;lt;"), else
    /// the rule's string.
    /// </summary>
    public HtmlBody Html(in DirectChild child) =>
        TrimmedUtf8(child) is { } utf8 && !HtmlText.MayBeDoubleEscaped(utf8.Bytes) ? new HtmlBody(null, utf8) : XmlValues.Html(TrimmedText(child));

    /// <summary>
    /// The child's text trimmed, for a field that repeats across entries (a category, an author): equal to
    /// <see cref="TrimmedText"/>'s, and the same string as the entry before's when the bytes are the same.
    /// </summary>
    public string RepeatedText(in DirectChild child) => _reader!.RepeatedText(child);

    /// <summary>
    /// <see cref="PersonParser.Parse"/>'s answer for an author's text, the same <see cref="Person"/> as an entry before
    /// had for the same text: each entry made its own (and a list for it), kept to the end of the parse and in the
    /// store's pending poll, where one per author of the feed does. A person is a record, read and never changed.
    /// </summary>
    public Person? ParsedPerson(string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (!_people.TryGetValue(text, out var person))
        {
            person = PersonParser.Parse(text);
            Remember(_people, text, person);
        }

        return person;
    }

    /// <summary>An author of a name and an email as an entry before had it (see <see cref="ParsedPerson"/>); one with a uri is made anew.</summary>
    public Person NamedPerson(string? name, string? email)
    {
        if (!_named.TryGetValue((name, email), out var person))
        {
            person = new Person(name, email);
            Remember(_named, (name, email), person);
        }

        return person;
    }

    // A feed of thousands of distinct authors makes each anew past this, as before, rather than hold them all.
    private static void Remember<TKey, TValue>(Dictionary<TKey, TValue> people, TKey key, TValue person)
        where TKey : notnull
    {
        const int MaxPeople = 256;
        if (people.Count < MaxPeople)
        {
            people[key] = person;
        }
    }

    /// <summary>
    /// The child's date as <see cref="DateParser.Parse"/> reads its text: from its bytes, with no string, when they
    /// are in a common form (see <see cref="Utf8FeedReader.TryDirectDate"/>, counted in <paramref name="count"/>),
    /// else from the text.
    /// </summary>
    public DateTimeOffset? Date(in DirectChild child, ref DirectRoadCount count)
    {
        if (_reader!.TryDirectDate(child, out var date))
        {
            count.DatesFromBytes++;
            return date;
        }

        return DateParser.Parse(Text(child));
    }

    internal void Begin(Utf8FeedReader reader, bool nests)
    {
        _reader = reader;
        Nests = nests;
        _children.Clear();
        _attributes.Clear();
    }

    /// <summary>Forgets the document: its children, its authors, and its reader (which holds its bytes).</summary>
    internal void End()
    {
        _reader = null;
        _children.Clear();
        _attributes.Clear();
        _people.Clear();
        _named.Clear();
    }

    internal int AttributeCount => _attributes.Count;

    internal void AddAttribute(string name, string value) => _attributes.Add((name, value));

    internal void Add(in DirectChild child) => _children.Add(child);
}

/// <param name="Plain">The content is one run of text with no reference or carriage return, or one CDATA section without a carriage return, and nothing else.</param>
/// <param name="PlainStart">For a plain content, where its characters' bytes start (past "&lt;![CDATA[").</param>
/// <param name="PlainEnd">For a plain content, where they end.</param>
/// <param name="Parent">The index of the child this one is in, or -1 for a child of the entry itself.</param>
/// <param name="HasElements">It holds children (listed after it) and no text of its own: not a leaf.</param>
/// <param name="XmlBase">Its own xml:base as written, or null (only where <see cref="DirectChildren.Nests"/>).</param>
internal readonly record struct DirectChild(
    string Name,
    string Namespace,
    string LocalName,
    int FirstAttribute,
    int AttributeCount,
    int ContentStart,
    int ContentEnd,
    bool Plain,
    int PlainStart,
    int PlainEnd,
    int Parent,
    bool HasElements,
    string? XmlBase);
