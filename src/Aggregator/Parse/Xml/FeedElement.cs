using System.Text;

namespace Aggregator.Parse.Xml;

/// <summary>
/// One element of a feed document, namespaces resolved. The tree is built iteratively and its
/// depth is capped by <see cref="FeedXmlReader"/>, so the recursive helpers here are bounded.
/// </summary>
public sealed class FeedElement
{
    // The children (FeedElement or string), in order. Most elements of a feed hold one piece of text and nothing
    // else: that one is kept in _single, with no array; an array is made for the second (or, for an item or
    // entry, which holds dozens, at the first). Tens of thousands of elements per big feed make this count.
    private object? _single;
    private object[]? _many;
    private int _count;
    // The array size to start with: 0 for a lone text first.
    private int _capacity;
    // A bit for the local name of each child element ever added (see NameBit).
    private ulong _childNames;
    // Most elements have no attributes: the list is made for the first one.
    private List<FeedXmlAttr>? _attributes;
    // ResolveBase's last answer, and the document base it was for (null: none yet, as a null base is never kept).
    private Uri? _resolvedBaseFor;
    private Uri? _resolvedBase;

    public FeedElement(string ns, string localName, string name, FeedElement? parent, int capacity = 0) =>
        Reset(ns, localName, name, parent, capacity);

    public string Namespace { get; private set; } = "";
    public string LocalName { get; private set; } = "";
    /// <summary>The qualified name as written (prefix:local).</summary>
    public string Name { get; private set; } = "";
    public FeedElement? Parent { get; private set; }
    public IReadOnlyList<FeedXmlAttr> Attributes => _attributes ?? (IReadOnlyList<FeedXmlAttr>)[];

    /// <summary>The default namespace this element declares itself (xmlns="…"), if any.</summary>
    public string? DeclaredDefaultNamespace { get; set; }

    /// <summary>Children in order: <see cref="FeedElement"/> or string (text and CDATA).</summary>
    public IReadOnlyList<object> Nodes => _many is not null ? new ArraySegment<object>(_many, 0, _count) : _single is not null ? [_single] : [];

    public IEnumerable<FeedElement> Elements
    {
        get
        {
            for (var i = 0; i < _count; i++)
            {
                if (NodeAt(i) is FeedElement element)
                {
                    yield return element;
                }
            }
        }
    }

    public bool HasElements
    {
        get
        {
            for (var i = 0; i < _count; i++)
            {
                if (NodeAt(i) is FeedElement)
                {
                    return true;
                }
            }

            return false;
        }
    }

    public void Add(FeedElement child)
    {
        AddNode(child);
        _childNames |= NameBit(child.LocalName);
    }

    public void AddAttribute(FeedXmlAttr attribute) => (_attributes ??= []).Add(attribute);

    public void Remove(FeedElement child)
    {
        for (var i = 0; i < _count; i++)
        {
            if (NodeAt(i) == child)
            {
                RemoveAt(i);
                return;
            }
        }
    }

    /// <summary>
    /// Lets go of the children (text and elements) once nothing will read them again; attributes stay. The child
    /// elements, emptied, go back to <paramref name="pool"/> for the builder to fill again: every item of a big feed
    /// has a dozen of them, and making them anew was a seventh of what a parse allocated.
    /// </summary>
    internal void ReleaseContent(FeedElementPool pool)
    {
        for (var i = 0; i < _count; i++)
        {
            if (NodeAt(i) is FeedElement child)
            {
                child.ReleaseContent(pool);
                child._attributes?.Clear();
                pool.Return(child);
            }
        }

        if (_many is not null)
        {
            pool.ReturnArray(_many, _count);
        }

        _single = null;
        _many = null;
        _count = 0;
    }

    /// <summary>Makes this (empty, released) element a new one, keeping its attribute list's room.</summary>
    internal FeedElement Reset(string ns, string localName, string name, FeedElement? parent, int capacity)
    {
        Namespace = ns;
        LocalName = localName;
        Name = name;
        Parent = parent;
        _capacity = capacity;
        _childNames = 0;
        DeclaredDefaultNamespace = null;
        _resolvedBaseFor = null;
        _resolvedBase = null;
        return this;
    }

    /// <summary>Starts the children with an array from <paramref name="pool"/> rather than a new one.</summary>
    internal void UseArray(object[] array)
    {
        _many = array;
    }

    /// <summary>
    /// Adds a piece of text. Pieces are not joined: one text may arrive as several (the reader splits off the
    /// whitespace around it), and <see cref="Text"/>, <see cref="InnerXml"/> and <see cref="TrimmedText"/> read
    /// them as one.
    /// </summary>
    public void AddText(string text) => AddNode(text);

    internal int NodeCount => _count;

    internal object NodeAt(int i) => _many is not null ? _many[i] : _single!;

    private void AddNode(object node)
    {
        if (_many is null && _count == 0 && _capacity == 0)
        {
            _single = node;
            _count = 1;
            return;
        }

        if (_many is null)
        {
            _many = new object[Math.Max(4, _capacity)];
            if (_count == 1)
            {
                _many[0] = _single!;
                _single = null;
            }
        }
        else if (_count == _many.Length)
        {
            Array.Resize(ref _many, _count * 2);
        }

        _many[_count++] = node;
    }

    private void RemoveAt(int i)
    {
        if (_many is null)
        {
            _single = null;
        }
        else
        {
            Array.Copy(_many, i + 1, _many, i, _count - i - 1);
            _many[_count - 1] = null!;
        }

        _count--;
    }

    public bool Is(string ns, string local) => LocalName == local && Namespace == ns;

    /// <summary>An attribute by local name, without namespace (as feeds write them), or null.</summary>
    public string? Attr(string local)
    {
        if (_attributes is null)
        {
            return null;
        }

        foreach (var a in _attributes)
        {
            if (a.LocalName == local && a.Namespace.Length == 0)
            {
                return a.Value;
            }
        }

        foreach (var a in _attributes)
        {
            if (a.LocalName == local && !a.Namespace.StartsWith("http://www.w3.org/XML", StringComparison.Ordinal))
            {
                return a.Value;
            }
        }

        return null;
    }

    public string? Attr(string ns, string local)
    {
        if (_attributes is null)
        {
            return null;
        }

        foreach (var a in _attributes)
        {
            if (a.LocalName == local && a.Namespace == ns)
            {
                return a.Value;
            }
        }

        return null;
    }

    // The lookups below are plain loops: adapters make dozens per item, and each LINQ query costs an allocation or three.
    // Most of them look for a name the element does not have, which the name mask answers without a loop.
    public FeedElement? Child(string ns, string local)
    {
        if (MayHaveChild(local))
        {
            for (var i = 0; i < _count; i++)
            {
                if (NodeAt(i) is FeedElement element && element.Is(ns, local))
                {
                    return element;
                }
            }
        }

        return null;
    }

    public FeedChildren Children(string ns, string local) => new(MayHaveChild(local) ? this : null, ns, local);

    /// <summary>
    /// First child with this local name whose namespace passes the filter. Core names match without regard
    /// to case, as feedparser and iTunes read them: &lt;TiTlE&gt; in RSS, and CDF, which is all capitals.
    /// </summary>
    public FeedElement? Child(string local, Func<string, bool> nsFilter)
    {
        if (MayHaveChild(local))
        {
            for (var i = 0; i < _count; i++)
            {
                if (NodeAt(i) is FeedElement element && element.LocalName.Equals(local, StringComparison.OrdinalIgnoreCase) && element.PassesCore(nsFilter))
                {
                    return element;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// True when the filter accepts this element's namespace, or when the element is written without a prefix in a
    /// namespace no known module owns: feedparser reads those as the format's own (RSS 0.90 under
    /// channel.netscape.com, the pre-Atom "echo" and "pie" drafts), so a feed in a namespace nobody listed still has items.
    /// </summary>
    internal bool PassesCore(Func<string, bool> nsFilter) =>
        nsFilter(Namespace) || (Namespace.Length > 0 && !Name.Contains(':', StringComparison.Ordinal) && !Ns.IsExtension(Namespace));

    /// <summary>
    /// Every element below this one with this local name whose namespace passes the filter, in document order,
    /// those inside a match included. Entries are looked for this way because a lenient reader finds an
    /// &lt;item&gt; wherever it starts: inside an element left unclosed (&lt;itunes:category&gt;), or inside the
    /// previous item when its end tag is missing.
    /// </summary>
    public List<FeedElement> Descendants(string local, Func<string, bool> nsFilter) => Descendants(local, local, nsFilter);

    /// <summary>As <see cref="Descendants(string, Func{string, bool})"/>, for elements named either way.</summary>
    public List<FeedElement> Descendants(string local, string otherLocal, Func<string, bool> nsFilter)
    {
        var found = new List<FeedElement>();
        CollectDescendants(local, otherLocal, nsFilter, found);
        return found;
    }

    private void CollectDescendants(string local, string otherLocal, Func<string, bool> nsFilter, List<FeedElement> found)
    {
        for (var i = 0; i < _count; i++)
        {
            if (NodeAt(i) is not FeedElement element)
            {
                continue;
            }

            if ((element.LocalName.Equals(local, StringComparison.OrdinalIgnoreCase) || element.LocalName.Equals(otherLocal, StringComparison.OrdinalIgnoreCase))
                && element.PassesCore(nsFilter))
            {
                found.Add(element);
            }

            if (element._count > 0)
            {
                element.CollectDescendants(local, otherLocal, nsFilter, found);
            }
        }
    }

    public FeedChildren Children(string local, Func<string, bool> nsFilter) => new(MayHaveChild(local) ? this : null, local, nsFilter);

    // False only when no child has this local name in any case: a clear bit proves absence, a set one may be another name.
    private bool MayHaveChild(string local) => (_childNames & NameBit(local)) != 0;

    /// <summary>
    /// One of 64 bits from what case-insensitive equality keeps of an ASCII name: its length and its first and last
    /// characters, upper-cased. Every bit for any other name, so a child named so is always looked at: this way
    /// the mask never needs to know how OrdinalIgnoreCase folds the rest of Unicode.
    /// </summary>
    private static ulong NameBit(string local)
    {
        if (local.Length == 0 || !Ascii.IsValid(local))
        {
            return ulong.MaxValue;
        }

        var hash = (uint)(local.Length * 31 + char.ToUpperInvariant(local[0]) * 7 + char.ToUpperInvariant(local[^1]));
        return 1UL << (int)(hash % 64);
    }

    /// <summary>All descendant text, in document order.</summary>
    public string Text
    {
        get
        {
            if (_count == 1 && NodeAt(0) is string only)
            {
                return only;
            }

            var sb = new StringBuilder();
            AppendText(sb);
            return sb.ToString();
        }
    }

    /// <summary>
    /// <c>Text.Trim()</c>, without building <see cref="Text"/> when the element holds one piece of text between
    /// whitespace: a content:encoded that ends in a newline is handed on as read, not copied to be trimmed.
    /// </summary>
    public string TrimmedText
    {
        get
        {
            var first = 0;
            var last = _count - 1;
            while (first <= last && NodeAt(first) is string lead && string.IsNullOrWhiteSpace(lead))
            {
                first++;
            }

            while (last > first && NodeAt(last) is string trail && string.IsNullOrWhiteSpace(trail))
            {
                last--;
            }

            if (first > last)
            {
                return "";
            }

            return first == last && NodeAt(first) is string only ? only.Trim() : Text.Trim();
        }
    }

    /// <summary>The children serialized as XML (for inline XHTML and unescaped HTML in feeds).</summary>
    public string InnerXml
    {
        get
        {
            var sb = new StringBuilder();
            for (var i = 0; i < _count; i++)
            {
                WriteNode(NodeAt(i), sb);
            }

            return sb.ToString();
        }
    }

    /// <summary>The xml:base chain from the root down to this element, applied to <paramref name="documentBase"/>.</summary>
    public Uri? ResolveBase(Uri? documentBase)
    {
        // Each element's base is resolved once per document base and kept: an Atom feed with xml:base on its root
        // had that one URI parsed again for every entry, link, author and content below it, a few times per entry.
        // Recursion is bounded: the tree is no deeper than FeedXmlReader.MaxDepth.
        if (_resolvedBaseFor is null || !ReferenceEquals(_resolvedBaseFor, documentBase))
        {
            var parentBase = Parent is null ? documentBase : Parent.ResolveBase(documentBase);
            _resolvedBase = Attr(Ns.Xml, "base") is string b ? UriResolver.Resolve(b, parentBase) ?? parentBase : parentBase;
            _resolvedBaseFor = documentBase;
        }

        return _resolvedBase;
    }

    /// <summary>True when this element or an ancestor carries xml:base.</summary>
    public bool HasXmlBase()
    {
        for (var e = this; e is not null; e = e.Parent)
        {
            if (e.Attr(Ns.Xml, "base") is not null)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>xml:lang of this element or the nearest ancestor.</summary>
    public string? Language
    {
        get
        {
            for (var e = this; e is not null; e = e.Parent)
            {
                if (e.Attr(Ns.Xml, "lang") is string lang)
                {
                    return lang;
                }
            }

            return null;
        }
    }

    private void AppendText(StringBuilder sb)
    {
        for (var i = 0; i < _count; i++)
        {
            if (NodeAt(i) is string s)
            {
                sb.Append(s);
            }
            else
            {
                ((FeedElement)NodeAt(i)).AppendText(sb);
            }
        }
    }

    private static void WriteNode(object node, StringBuilder sb)
    {
        if (node is string s)
        {
            sb.Append(HtmlEscape.Text(s));
            return;
        }

        var e = (FeedElement)node;
        sb.Append('<').Append(e.LocalName);
        foreach (var a in e.Attributes)
        {
            if (a.LocalName == "xmlns" || a.Namespace == "http://www.w3.org/2000/xmlns/")
            {
                continue;
            }

            sb.Append(' ').Append(a.LocalName).Append("=\"").Append(HtmlEscape.AttributeValue(a.Value)).Append('"');
        }

        if (e._count == 0 && HtmlText.IsVoidElement(e.LocalName))
        {
            sb.Append(" />");
            return;
        }

        sb.Append('>');
        for (var i = 0; i < e._count; i++)
        {
            WriteNode(e.NodeAt(i), sb);
        }

        sb.Append("</").Append(e.LocalName).Append('>');
    }
}
