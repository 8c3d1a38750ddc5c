using System.Buffers;
using System.Text;
using System.Xml;

namespace Aggregator.Parse.Xml;

/// <summary>
/// One pass of a strict XML reader (no DTD, no external entities) that builds the <see cref="FeedElement"/>
/// tree. Namespaces are resolved here rather than by the reader so an undeclared prefix (dc:, media: without
/// xmlns) is not fatal. Depth and entry count are capped so hostile input costs bounded work.
/// </summary>
internal sealed class FeedTreeBuilder
{
    private readonly Stack<FeedElement> _elements = new();
    private readonly Stack<Dictionary<string, string>?> _scopes = new();
    // What InScope found for each prefix since the scopes last changed: almost every element declares nothing (its
    // scope is null), so the answer holds from one declaring element to the next, and each element and attribute
    // asked by walking every open scope again.
    private readonly Dictionary<string, string?> _inScope = new(StringComparer.Ordinal);
    // Two answers kept beside it, since each costs a hash of the prefix there: the default namespace's (most names
    // have no prefix), and the prefix asked last (a prefixed child is asked whether its prefix is declared, then
    // for its namespace). The reader's prefixes are the same string instances every time (see Split).
    private bool _defaultInScopeKnown;
    private string? _defaultInScope;
    private string? _lastPrefix;
    private string? _lastPrefixInScope;
    // Qualified names split once each: the reader hands back the same few names thousands of times.
    private readonly Dictionary<string, (string Prefix, string Local)> _names = new(StringComparer.Ordinal);
    private readonly List<(string Name, string Value)> _attributes = [];
    // Prefixed element names by prefix and local name (see QualifiedName).
    private readonly Dictionary<(string Prefix, string Local), string> _qualifiedNames = [];
    // The longest run of whitespace kept to be handed out again.
    private const int MaxKeptWhitespace = 32;
    // Text values are read into this buffer, grown as needed, and only then made into strings. Made on first use:
    // the byte reader, which reads most feeds, never needs it, and 8 KB for each feed was about half of what the
    // tree of a one-item feed allocated.
    private char[]? _text;
    // The same few runs of whitespace ("\n\t\t") sit between thousands of elements: one string for each.
    private readonly Dictionary<string, string> _whitespace = new(StringComparer.Ordinal);
    // The run met last: a feed indents alike line after line, and comparing with it costs less than hashing.
    private string _lastWhitespace = "";
    // The same for whitespace that comes as UTF-8 (see AddUtf8): its bytes, and the string they were made into.
    private byte[] _lastUtf8Whitespace = [];
    private string _lastUtf8WhitespaceString = "";
    private readonly bool _repaired;
    private readonly Func<FeedElement, bool>? _entryClosed;
    // Elements of entries already mapped, to build the next entries with.
    private readonly FeedElementPool _pool = new();
    private readonly int _maxEntries;
    private readonly FeedTree _tree = new();
    // Namespaces the element being opened declares, until it is.
    private Dictionary<string, string>? _declared;
    // Elements being skipped (past the depth cap, past the entry cap, after the root), counted as they nest.
    private int _ignoring;
    private int _entries;

    private FeedTreeBuilder(bool repaired, Func<FeedElement, bool>? entryClosed, int maxEntries)
    {
        _repaired = repaired;
        _entryClosed = entryClosed;
        _maxEntries = maxEntries;
    }

    /// <summary>
    /// Reads the document <paramref name="openReader"/> opens to its end or its first error. <paramref name="repaired"/>:
    /// the text went through <see cref="XmlRepair"/>. When it did not, the builder reads it as the repair would
    /// have made it (C1 characters mapped) and stops with an error where the repair would have read the markup
    /// otherwise. <paramref name="entryClosed"/> is told of each item or entry (the elements counted against
    /// <paramref name="maxEntries"/>) as soon as its end tag is read, already in the tree; when it answers true,
    /// nothing will read that entry's children again, and the builder takes them back to build later entries with.
    /// </summary>
    public static FeedTree Build(Func<XmlReader> openReader, int maxEntries, bool repaired, Func<FeedElement, bool>? entryClosed = null) =>
        new FeedTreeBuilder(repaired, entryClosed, maxEntries).Run(openReader);

    /// <summary>A builder for <see cref="Utf8FeedReader"/>, which reads the markup itself and hands on what it read.</summary>
    public static FeedTreeBuilder ForWellFormedBytes(int maxEntries, Func<FeedElement, bool>? entryClosed) => new(repaired: false, entryClosed, maxEntries);

    /// <summary>
    /// The reader for repaired text: one that leaves namespaces to the builder, so an undeclared prefix is not
    /// fatal, and can neither process a DTD nor resolve an external entity.
    /// </summary>
    public static XmlReader ForRepairedText(TextReader text) => new XmlTextReader(text)
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        Namespaces = false,
        Normalization = true,
        WhitespaceHandling = WhitespaceHandling.All,
    };

    /// <summary>The tree read so far.</summary>
    public FeedTree Tree => _tree;

    private FeedTree Run(Func<XmlReader> openReader)
    {
        try
        {
            using var reader = openReader();
            while (reader.Read())
            {
                switch (reader.NodeType)
                {
                    case XmlNodeType.Element:
                        var isEmpty = reader.IsEmptyElement;
                        var name = QualifiedName(reader);
                        var split = Split(name);
                        if (Admit(name, split.Local, isEmpty, out var isEntry))
                        {
                            ReadAttributes(reader);
                            Open(name, split, isEntry, isEmpty);
                        }

                        break;
                    case XmlNodeType.EndElement:
                        Close();
                        break;
                    case XmlNodeType.EntityReference when !_repaired:
                        // Without a DTD the reader reports "&aacute;" and friends as it meets them; the repair
                        // would have turned them into characters.
                        throw new XmlException($"entity reference &{reader.Name}; is left to the repair");
                    case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace:
                        if (_ignoring == 0 && _elements.Count > 0)
                        {
                            AddText(_elements.Peek(), reader);
                        }

                        break;
                }
            }
        }
        catch (XmlException e)
        {
            _tree.Error = e;
            _tree.ErrorBelowDepthCap = _ignoring > 0 && _tree.TooDeep;
            _tree.OpenNames.AddRange(_elements.Select(open => open.Name));
            _tree.OpenEntry = OpenEntry();

            // An item the error struck inside keeps what was read of it, as a lenient reader does, unless the error is
            // the end of the input: FeedXmlReader then drops it as cut off (OpenEntry).
        }

        return _tree;
    }

    /// <summary>
    /// Decides whether an element that starts here is kept in the tree (true) or skipped with its content: past the
    /// depth cap, past the entry cap, after the root. <paramref name="isEntry"/>: it counts against the entry cap.
    /// </summary>
    public bool Admit(string name, string local, bool isEmpty, out bool isEntry)
    {
        isEntry = false;
        if (!_repaired)
        {
            CheckNameAsRepaired(name);
        }

        if (!_repaired && _elements.Count + _ignoring >= FeedXmlReader.MaxDepth)
        {
            // The reader keeps state for every open element: a document this deep is hostile or
            // broken, and reading it once, on the lenient road, bounds what it costs.
            throw new XmlException($"elements nested deeper than {FeedXmlReader.MaxDepth} are left to the lenient road");
        }

        if (_ignoring > 0)
        {
            _ignoring += isEmpty ? 0 : 1;
            return false;
        }

        if (_tree.Root is not null && _elements.Count == 0)
        {
            // Content after the root element: not part of the document.
            _ignoring = isEmpty ? 0 : 1;
            return false;
        }

        isEntry = IsEntry(_elements.Count, local);
        if (_elements.Count >= FeedXmlReader.MaxDepth || (isEntry && _entries >= _maxEntries))
        {
            _tree.TooDeep |= _elements.Count >= FeedXmlReader.MaxDepth;
            _tree.TooManyEntries |= isEntry && _entries >= _maxEntries;
            _ignoring = isEmpty ? 0 : 1;
            return false;
        }

        _entries += isEntry ? 1 : 0;
        return true;
    }

    /// <summary>
    /// Opens the element <see cref="Admit"/> kept, with the attributes given since (<see cref="AddAttribute"/>), and
    /// closes it at once when it is empty.
    /// </summary>
    public void Open(string name, (string Prefix, string Local) split, bool isEntry, bool isEmpty)
    {
        var element = NewElement(name, split, isEntry);
        if (_elements.Count == 0)
        {
            _tree.Root = element;
        }
        else
        {
            _elements.Peek().Add(element);
        }

        if (isEmpty)
        {
            PopScope();
            if (isEntry)
            {
                EntryClosed(element);
            }
        }
        else
        {
            _elements.Push(element);
        }
    }

    /// <summary>The end of the innermost open (or skipped) element.</summary>
    public void Close()
    {
        if (_ignoring > 0)
        {
            _ignoring--;
        }
        else if (_elements.Count > 0)
        {
            var closed = _elements.Pop();
            PopScope();
            if (IsEntry(_elements.Count, closed.LocalName))
            {
                EntryClosed(closed);
            }
        }
    }

    /// <summary>The end of the open entry mapped straight from its children: empty, and already mapped, so no one is told.</summary>
    public void CloseMapped()
    {
        _elements.Pop();
        PopScope();
    }

    /// <summary>The namespace <paramref name="prefix"/> stands for in the innermost open element.</summary>
    public string NamespaceOf(string prefix) => Lookup(prefix);

    /// <summary>The element text goes to, or null outside the root or in a skipped element.</summary>
    public FeedElement? TextParent => _ignoring == 0 && _elements.Count > 0 ? _elements.Peek() : null;

    private void EntryClosed(FeedElement entry)
    {
        if (_entryClosed?.Invoke(entry) == true)
        {
            entry.ReleaseContent(_pool);
        }
    }

    /// <summary>
    /// The innermost open element that counts as an entry (the stack enumerates innermost first): an item whose end
    /// tag is missing may hold the next one, and only the one the error struck inside is cut.
    /// </summary>
    private FeedElement? OpenEntry()
    {
        var depth = _elements.Count;
        foreach (var open in _elements)
        {
            depth--;
            if (IsEntry(depth, open.LocalName))
            {
                return open;
            }
        }

        return null;
    }

    // An item or entry, where feeds put them: under the root, the channel, or (rarely) one level further.
    private static bool IsEntry(int depth, string local) => depth <= 3 && local is "item" or "entry";

    private void ReadAttributes(XmlReader reader)
    {
        BeginAttributes();
        if (reader.MoveToFirstAttribute())
        {
            do
            {
                var attrName = reader.Name;
                var value = Value(reader.Value);
                if (!_repaired && value.Contains('&', StringComparison.Ordinal))
                {
                    CheckAttributeAsRepaired(reader);
                }

                AddAttribute(attrName, value);
            }
            while (reader.MoveToNextAttribute());

            reader.MoveToElement();
        }
    }

    /// <summary>Starts the attributes of the element about to be opened.</summary>
    public void BeginAttributes()
    {
        _attributes.Clear();
        _declared = null;
    }

    /// <summary>One attribute of the element about to be opened, namespace declarations included.</summary>
    public void AddAttribute(string attrName, string value)
    {
        // Declarations are kept in canonical spelling, so each is folded once, not at every use.
        if (attrName == "xmlns")
        {
            (_declared ??= [])[""] = Ns.Canonical(value.Trim());
        }
        else if (attrName.StartsWith("xmlns:", StringComparison.Ordinal))
        {
            (_declared ??= [])[attrName[6..]] = Ns.Canonical(value.Trim());
        }
        else
        {
            _attributes.Add((attrName, value));
        }
    }

    /// <summary>True when <paramref name="prefix"/> is declared for the element about to be opened (by it or around it).</summary>
    public bool IsDeclared(string prefix) => (_declared is not null && _declared.ContainsKey(prefix)) || InScope(prefix) is not null;

    private FeedElement NewElement(string name, (string Prefix, string Local) split, bool isEntry)
    {
        var scope = _declared;
        _declared = null;
        PushScope(scope);
        var (prefix, local) = split;
        var element = _pool.Rent(Lookup(prefix), local, name, _elements.Count > 0 ? _elements.Peek() : null, isEntry);
        if (scope is not null && scope.TryGetValue("", out var declaredDefault))
        {
            element.DeclaredDefaultNamespace = declaredDefault;
        }

        foreach (var (attrName, value) in _attributes)
        {
            // CDF writes xml:base as BASE on its CHANNEL and ITEM elements.
            if (attrName == "BASE" && element.LocalName is "CHANNEL" or "ITEM")
            {
                element.AddAttribute(new FeedXmlAttr(Ns.Xml, "base", value));
                continue;
            }

            var (attrPrefix, attrLocal) = Split(attrName);
            // Unprefixed attributes are in no namespace, whatever the default namespace is.
            var ns = attrPrefix.Length == 0 ? "" : Lookup(attrPrefix);
            element.AddAttribute(new FeedXmlAttr(ns, attrLocal, value));
        }

        return element;
    }

    /// <summary>
    /// The element's name as written. A namespace-aware reader builds a prefixed name (dc:creator) anew at each
    /// call of <see cref="XmlReader.Name"/>, thousands of times in a big feed; its prefix and local name come from
    /// its name table, made once, so the name is made once for each pair.
    /// </summary>
    private string QualifiedName(XmlReader reader)
    {
        var prefix = reader.Prefix;
        if (prefix.Length == 0)
        {
            return reader.Name;
        }

        var key = (prefix, reader.LocalName);
        if (!_qualifiedNames.TryGetValue(key, out var name))
        {
            name = reader.Name;
            _qualifiedNames[key] = name;
        }

        return name;
    }

    // The repair maps C1 controls to the windows-1252 characters they stand for; repaired text has none left.
    private string Value(string value) => _repaired ? value : XmlRepair.MapC1Characters(value);

    /// <summary>Adds the text the reader is on (see <see cref="AddChars"/>), read in chunks when the reader can.</summary>
    private void AddText(FeedElement element, XmlReader reader)
    {
        if (!reader.CanReadValueChunk)
        {
            element.AddText(Value(reader.Value));
            return;
        }

        _text ??= new char[4096];
        var length = 0;
        int read;
        while ((read = reader.ReadValueChunk(_text, length, _text.Length - length)) > 0)
        {
            length += read;
            if (length == _text.Length)
            {
                Array.Resize(ref _text, _text.Length * 2);
            }
        }

        AddChars(element, _text.AsSpan(0, length));
    }

    /// <summary>
    /// Adds a text that is in <paramref name="chars"/> (which may be changed), split from the whitespace around it
    /// (as up to three pieces) before any string is made, so the trimmed text the adapters hand on is a string of
    /// its own rather than a trimmed copy of one.
    /// </summary>
    public void AddChars(FeedElement element, Span<char> chars)
    {
        var length = chars.Length;
        if (!_repaired)
        {
            XmlRepair.MapC1Characters(chars);
        }

        var start = 0;
        while (start < length && char.IsWhiteSpace(chars[start]))
        {
            start++;
        }

        var end = length;
        while (end > start && char.IsWhiteSpace(chars[end - 1]))
        {
            end--;
        }

        if (start > 0)
        {
            element.AddText(Whitespace(chars[..start]));
        }

        if (end > start)
        {
            element.AddText(new string(chars[start..end]));
        }

        if (end < length && end > start)
        {
            element.AddText(Whitespace(chars[end..]));
        }
    }

    /// <summary>
    /// As <see cref="AddChars"/>, for a text that is still UTF-8 and needs no more than decoding: no references,
    /// no carriage returns, no C1 characters (<see cref="Utf8FeedReader"/> sees to that). The text becomes its
    /// string in one pass over the bytes.
    /// </summary>
    public void AddUtf8(FeedElement element, ReadOnlySpan<byte> utf8)
    {
        var start = 0;
        while (start < utf8.Length && Rune.DecodeFromUtf8(utf8[start..], out var rune, out var size) == OperationStatus.Done && Rune.IsWhiteSpace(rune))
        {
            start += size;
        }

        var end = utf8.Length;
        while (end > start && Rune.DecodeLastFromUtf8(utf8[start..end], out var rune, out var size) == OperationStatus.Done && Rune.IsWhiteSpace(rune))
        {
            end -= size;
        }

        if (start > 0)
        {
            element.AddText(Whitespace(utf8[..start]));
        }

        if (end > start)
        {
            element.AddText(Utf8Strings.Of(utf8[start..end]));
        }

        if (end < utf8.Length && end > start)
        {
            element.AddText(Whitespace(utf8[end..]));
        }
    }

    private string Whitespace(ReadOnlySpan<byte> utf8)
    {
        const int MaxOnStack = 256;
        // As for text: the indentation met last comes again, and comparing bytes spares decoding them.
        if (utf8.SequenceEqual(_lastUtf8Whitespace))
        {
            return _lastUtf8WhitespaceString;
        }

        if (utf8.Length > MaxOnStack)
        {
            return Whitespace(Encoding.UTF8.GetString(utf8));
        }

        Span<char> chars = stackalloc char[MaxOnStack];
        var whitespace = Whitespace(chars[..Encoding.UTF8.GetChars(utf8, chars)]);
        if (utf8.Length <= MaxKeptWhitespace)
        {
            _lastUtf8Whitespace = utf8.ToArray();
            _lastUtf8WhitespaceString = whitespace;
        }

        return whitespace;
    }

    private string Whitespace(ReadOnlySpan<char> chars)
    {
        const int MaxKept = 64;
        const int MaxLength = MaxKeptWhitespace;
        if (chars.SequenceEqual(_lastWhitespace))
        {
            return _lastWhitespace;
        }

        var kept = _whitespace.GetAlternateLookup<ReadOnlySpan<char>>();
        if (kept.TryGetValue(chars, out var known))
        {
            _lastWhitespace = known;
            return known;
        }

        var made = new string(chars);
        if (chars.Length <= MaxLength && _whitespace.Count < MaxKept)
        {
            _whitespace[made] = made;
        }

        return made;
    }

    /// <summary>
    /// The repair reads "&lt;" as markup only before a letter, "_" or ":"; XML also allows a few other name
    /// characters there (U+2070 "⁰", CJK punctuation, supplementary planes), which the repair escapes as text.
    /// </summary>
    private static void CheckNameAsRepaired(string name)
    {
        if (!(char.IsLetter(name[0]) || name[0] is '_' or ':'))
        {
            throw new XmlException($"element name <{name}> starts with a character the repair reads as text");
        }
    }

    /// <summary>An attribute value keeps an undeclared "&amp;nbsp;" as written, where the repair would have made it a character.</summary>
    private static void CheckAttributeAsRepaired(XmlReader reader)
    {
        var name = reader.Name;
        while (reader.ReadAttributeValue())
        {
            if (reader.NodeType == XmlNodeType.EntityReference)
            {
                throw new XmlException($"entity reference &{reader.Name}; in attribute {name} is left to the repair");
            }
        }
    }

    private string Lookup(string prefix)
    {
        if (prefix == "xml")
        {
            return Ns.Xml;
        }

        return InScope(prefix) ?? (prefix.Length == 0 ? "" : Ns.ForUndeclaredPrefix(prefix));
    }

    private void PushScope(Dictionary<string, string>? scope)
    {
        if (scope is not null)
        {
            ForgetInScope();
        }

        _scopes.Push(scope);
    }

    private void PopScope()
    {
        if (_scopes.Pop() is not null)
        {
            ForgetInScope();
        }
    }

    private void ForgetInScope()
    {
        _inScope.Clear();
        (_defaultInScopeKnown, _defaultInScope) = (false, null);
        (_lastPrefix, _lastPrefixInScope) = (null, null);
    }

    // The namespace the innermost open declaration binds the prefix to, or null when none does.
    private string? InScope(string prefix)
    {
        if (prefix.Length == 0)
        {
            if (!_defaultInScopeKnown)
            {
                (_defaultInScopeKnown, _defaultInScope) = (true, InnermostDeclaration(prefix));
            }

            return _defaultInScope;
        }

        if (ReferenceEquals(prefix, _lastPrefix))
        {
            return _lastPrefixInScope;
        }

        if (!_inScope.TryGetValue(prefix, out var uri))
        {
            uri = InnermostDeclaration(prefix);
            _inScope[prefix] = uri;
        }

        (_lastPrefix, _lastPrefixInScope) = (prefix, uri);
        return uri;
    }

    private string? InnermostDeclaration(string prefix)
    {
        foreach (var scope in _scopes)
        {
            if (scope is not null && scope.TryGetValue(prefix, out var uri))
            {
                return uri;
            }
        }

        return null;
    }

    // The prefix runs to the first colon (none when the name starts with one), the local name from the last.
    public (string Prefix, string Local) Split(string name)
    {
        if (!_names.TryGetValue(name, out var split))
        {
            var first = name.IndexOf(':', StringComparison.Ordinal);
            var last = name.LastIndexOf(':');
            split = (first > 0 ? name[..first] : "", last >= 0 ? name[(last + 1)..] : name);
            _names[name] = split;
        }

        return split;
    }
}
