using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Unicode;
using System.Xml;

namespace Aggregator.Parse.Xml;

/// <summary>
/// Reads the usual well-formed UTF-8 feed straight from its bytes into a <see cref="FeedTreeBuilder"/>: markup found
/// with vectorized searches, each text decoded from UTF-8 once, into the string the entry keeps. The XmlReader road
/// decodes the whole document to UTF-16 first and scans it a character at a time; on a big feed that, and copying
/// each text out of the reader, were most of a parse.
/// <para>
/// It reads a strict subset of XML and gives up (null) at anything outside it, or anything not well-formed, and the
/// caller then reads the document with <see cref="XmlReader"/> as before: a DOCTYPE, entity references other than
/// the five predefined and character references, names outside ASCII, a prefix bound to a reserved namespace, C1
/// or other characters the reader would refuse or the repair would map, or content the builder would skip (past its
/// depth or entry caps, after the root). Inside the subset it gives what the reader gives: line ends normalized,
/// attribute values normalized, text split at comments, CDATA sections and processing instructions, namespaces
/// checked. WellFormedPathTests compare the two roads on every corpus feed and on mutated ones.
/// </para>
/// </summary>
internal sealed partial class Utf8FeedReader
{
    // Bytes that need a second look anywhere in a document: C0 controls XML does not allow, and the lead bytes of
    // C1 controls (U+0080–U+009F, which the repair maps) and of U+FFFE/U+FFFF (not XML characters).
    private static readonly SearchValues<byte> Suspicious = SearchValues.Create(
        [0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x0B, 0x0C, 0x0E, 0x0F, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16,
         0x17, 0x18, 0x19, 0x1A, 0x1B, 0x1C, 0x1D, 0x1E, 0x1F, 0xC2, 0xEF]);

    private static readonly SearchValues<byte> TextSpecials = SearchValues.Create("&\r"u8);
    private static readonly SearchValues<byte> AttributeSpecials = SearchValues.Create("&\r\n\t<"u8);
    private static readonly SearchValues<byte> NameEnd = SearchValues.Create(" \t\r\n/>="u8);
    private static readonly SearchValues<byte> Blank = SearchValues.Create(" \t\r\n"u8);

    private const int MaxAttributes = 64;
    private const int MaxRecentValue = 128;

    private readonly byte[] _body;
    private readonly FeedTreeBuilder _builder;
    // Qualified names by their bytes, kept on the thread from one document to the next.
    private readonly KnownNames _names;
    // The tables below are the thread's, lent for this document (see ReaderScratch).
    private readonly ReaderScratch _scratch;
    // Open elements, as where their names are in the body, to match end tags against.
    private readonly Stack<(int Start, int Length)> _open;
    private readonly List<(string Name, string Value)> _attributes;
    // Plain attribute values by slot, as where their bytes are in the body (see PlainAttributeValue).
    private readonly (int Start, int Length, string Value)[] _recentValues;
    // Short plain texts of directly read children by slot, likewise (see RepeatedText).
    private readonly (int Start, int Length, string Value)[] _recentTexts;
    // Grown at the first text that needs decoding (a reference, a carriage return): many feeds have none.
    private char[] _chars;
    private int _pos;
    // Set where the reader gives up at the edge of its subset, not at a fault: XmlReader may still read such a
    // document. Every other give-up is a fault XmlReader would stop at too (see TryRead's illFormed).
    private bool _leftToReader;
    private bool _rootClosed;

    // Every start tag passes through StartTag (the direct road declines entry-named children), so counting there
    // spares FeedParser its second pass over the bytes; a processing instruction holding a "<" is counted by that
    // pass, not here.
    private int _entryTags;
    private bool _entryTagsUncounted;

    private Utf8FeedReader(byte[] body, int start, FeedTreeBuilder builder, KnownNames names, ReaderScratch scratch)
    {
        _body = body;
        _pos = start;
        _builder = builder;
        _names = names;
        _scratch = scratch;
        _open = scratch.Open;
        _attributes = scratch.Attributes;
        _recentValues = scratch.RecentValues;
        _recentTexts = scratch.RecentTexts;
        _chars = scratch.Chars;
        _directChars = scratch.DirectChars;
        _directChildren = scratch.DirectChildren;
    }

    /// <summary>Hands the buffers this reader grew (and the child lists it made) back to its scratch, which goes back to the thread.</summary>
    private void ReturnScratch()
    {
        _scratch.Chars = _chars;
        _scratch.DirectChars = _directChars;
        _scratch.DirectChildren = _directChildren;
        _scratch.Return();
    }

    /// <summary>
    /// The tree of the UTF-8 document in <paramref name="body"/> from <paramref name="start"/> (past any byte-order
    /// mark), or null when this reader leaves it to <see cref="XmlReader"/>. <paramref name="checkedUtf8"/>: the bytes are
    /// known to be well-formed UTF-8 (the charset's choice checked), which spares a pass over them. As for
    /// <see cref="FeedTreeBuilder.Build"/>, <paramref name="entryClosed"/> is told of each entry as its end tag is read;
    /// after a null it may have been told of some, which the caller must then forget. <paramref name="illFormed"/>:
    /// the null is for a fault in the document itself (an end tag that closes nothing open, an undeclared entity, a
    /// bare "&amp;", a truncated document...), which XmlReader would stop at as well, so the caller need not try it.
    /// </summary>
    public static FeedTree? TryRead(byte[] body, int start, bool checkedUtf8, int maxEntries, Func<FeedElement, bool>? entryClosed) =>
        TryRead(body, start, checkedUtf8, maxEntries, entryClosed, out _);

    /// <inheritdoc cref="TryRead(byte[], int, bool, int, Func{FeedElement, bool})"/>
    /// <param name="direct">Maps the entries it can straight from their children (see <see cref="TryDirectEntry"/>).</param>
    public static FeedTree? TryRead(byte[] body, int start, bool checkedUtf8, int maxEntries, Func<FeedElement, bool>? entryClosed, out bool illFormed, IDirectEntries? direct = null)
    {
        DocumentReads.Count();
        illFormed = false;
        var bytes = body.AsSpan(start);
        if (!(checkedUtf8 || Utf8.IsValid(bytes)))
        {
            return null;
        }

        if (CharactersLeftToReader(bytes) is var left and not Characters.None)
        {
            illFormed = left == Characters.NotXml;
            return null;
        }

        var builder = FeedTreeBuilder.ForWellFormedBytes(maxEntries, entryClosed);
        var names = KnownNames.Rent();
        var reader = new Utf8FeedReader(body, start, builder, names, ReaderScratch.Rent()) { _direct = direct };
        try
        {
            if (reader.Read())
            {
                builder.Tree.EntryTags = reader._entryTagsUncounted ? null : reader._entryTags;
                return builder.Tree;
            }

            // What follows the root is never read by the XmlReader road either: a give-up there is not a fault.
            illFormed = !reader._leftToReader && !reader._rootClosed;
            return null;
        }
        catch (XmlException)
        {
            // The builder's own refusals (too deep for the short road, a name the repair reads as text).
            return null;
        }
        finally
        {
            names.Return();
            reader.ReturnScratch();
        }
    }

    private enum Characters
    {
        None,

        /// <summary>A C1 control: XML allows it, XmlReader reads it (and the builder maps it as the repair does).</summary>
        C1,

        /// <summary>A character XML does not allow (a C0 control, U+FFFE, U+FFFF): XmlReader stops at it too.</summary>
        NotXml,
    }

    /// <summary>The worst character this reader leaves to another anywhere in the bytes.</summary>
    private static Characters CharactersLeftToReader(ReadOnlySpan<byte> bytes)
    {
        var found = Characters.None;
        int at;
        while ((at = bytes.IndexOfAny(Suspicious)) >= 0)
        {
            var rest = bytes[at..];
            if (rest[0] < 0x20 || (rest[0] == 0xEF && rest.Length > 2 && rest[1] == 0xBF && rest[2] is 0xBE or 0xBF))
            {
                return Characters.NotXml;
            }

            if (rest[0] == 0xC2 && rest.Length > 1 && rest[1] is >= 0x80 and <= 0x9F)
            {
                found = Characters.C1;
            }

            bytes = rest[1..];
        }

        return found;
    }

    private ReadOnlySpan<byte> Rest => _body.AsSpan(_pos);

    /// <summary>Gives up at the edge of the subset (false, as every give-up): the document is XmlReader's to read.</summary>
    private bool LeaveToReader()
    {
        _leftToReader = true;
        return false;
    }

    private bool Read()
    {
        if (Rest.StartsWith("<?xml"u8) && Rest.Length > 5 && IsBlank(Rest[5]) && !ReadDeclaration())
        {
            return LeaveToReader();
        }

        while (_pos < _body.Length)
        {
            var lt = Rest.IndexOf((byte)'<');
            var textEnd = lt < 0 ? _body.Length : _pos + lt;
            if (textEnd > _pos && !Text(_pos, textEnd))
            {
                return false;
            }

            if (lt < 0)
            {
                break;
            }

            _pos = textEnd;
            var markup = Rest;
            bool read;
            if (markup.StartsWith("</"u8))
            {
                read = EndTag();
                _rootClosed = _open.Count == 0 && read;
            }
            else if (markup.StartsWith("<!--"u8))
            {
                read = Comment();
            }
            else if (markup.StartsWith("<![CDATA["u8))
            {
                read = _open.Count > 0 && CData();
            }
            else if (markup.StartsWith("<?"u8))
            {
                read = ProcessingInstruction();
            }
            else
            {
                // What follows the root is the reader's (which never reads it). A DOCTYPE or other declaration
                // (markup.StartsWith("<!")) is a fault to it: it is set to prohibit them, and only the repair reads them.
                read = markup.Length > 1 && (_rootClosed ? LeaveToReader() : markup[1] != '!' && StartTag());
                // An empty root element is the whole document.
                _rootClosed |= read && _open.Count == 0;
            }

            if (!read)
            {
                return false;
            }
        }

        return _rootClosed && _open.Count == 0;
    }

    /// <summary>&lt;?xml version="1.0" encoding="utf-8" standalone="yes"?&gt;, each part as the reader accepts it.</summary>
    private bool ReadDeclaration()
    {
        var end = Rest.IndexOf("?>"u8);
        if (end < 0)
        {
            return false;
        }

        var inside = Encoding.ASCII.GetString(_body, _pos + 5, end - 5);
        _pos += end + 2;
        var expected = new[] { "version", "encoding", "standalone" };
        var next = 0;
        var text = inside.AsSpan();
        var sawVersion = false;
        while (true)
        {
            var trimmed = text.TrimStart(" \t\r\n");
            if (trimmed.IsEmpty)
            {
                return sawVersion;
            }

            if (trimmed.Length == text.Length)
            {
                return false;
            }

            var eq = trimmed.IndexOf('=');
            if (eq < 0)
            {
                return false;
            }

            var name = trimmed[..eq].TrimEnd(" \t\r\n").ToString();
            var afterEq = trimmed[(eq + 1)..].TrimStart(" \t\r\n");
            if (afterEq.IsEmpty || afterEq[0] is not ('"' or '\''))
            {
                return false;
            }

            var close = afterEq[1..].IndexOf(afterEq[0]);
            if (close < 0)
            {
                return false;
            }

            var value = afterEq.Slice(1, close).ToString();
            var index = Array.IndexOf(expected, name, next);
            if (index < 0 || (index > 0 && !sawVersion))
            {
                return false;
            }

            var accepted = name switch
            {
                "version" => value == "1.0",
                "encoding" => value.Equals("utf-8", StringComparison.OrdinalIgnoreCase),
                _ => value is "yes" or "no",
            };
            if (!accepted)
            {
                return false;
            }

            sawVersion = true;
            next = index + 1;
            text = afterEq[(close + 2)..];
        }
    }

    /// <summary>Text between markup: only whitespace outside the root; no "]]&gt;" anywhere.</summary>
    private bool Text(int start, int end)
    {
        var bytes = _body.AsSpan(start, end - start);
        if (_open.Count == 0)
        {
            return bytes.IndexOfAnyExcept(Blank) < 0;
        }

        if (bytes.IndexOf("]]>"u8) >= 0)
        {
            return false;
        }

        var parent = _builder.TextParent!;
        if (bytes.IndexOfAny(TextSpecials) < 0)
        {
            _builder.AddUtf8(parent, bytes);
            return true;
        }

        if (Decode(bytes, references: true, attribute: false) is not int length)
        {
            return false;
        }

        _builder.AddChars(parent, _chars.AsSpan(0, length));
        return true;
    }

    private bool CData()
    {
        const int Open = 9;
        var end = CDataSection.End(Rest[Open..], out var carriageReturn);
        if (end < 0)
        {
            return false;
        }

        var bytes = _body.AsSpan(_pos + Open, end);
        _pos += Open + end + 3;
        if (bytes.IsEmpty)
        {
            // The reader reports an empty section as an empty text, which adds nothing.
            return true;
        }

        var parent = _builder.TextParent!;
        if (!carriageReturn)
        {
            _builder.AddUtf8(parent, bytes);
            return true;
        }

        var length = Decode(bytes, references: false, attribute: false)!.Value;
        _builder.AddChars(parent, _chars.AsSpan(0, length));
        return true;
    }

    private bool Comment()
    {
        var end = Rest[4..].IndexOf("--"u8);
        if (end < 0 || !Rest[(4 + end)..].StartsWith("-->"u8))
        {
            // "--" inside a comment, or one that ends "--->", is not well-formed.
            return false;
        }

        _pos += 4 + end + 3;
        return true;
    }

    private bool ProcessingInstruction()
    {
        var end = Rest.IndexOf("?>"u8);
        if (end < 0)
        {
            return false;
        }

        var body = Rest[2..end];
        var targetLength = body.IndexOfAny(Blank);
        var target = targetLength < 0 ? body : body[..targetLength];
        // The target is a name without a colon, and never "xml" in any case past the start of the document.
        if (!KnownNames.IsName(target) || target.Contains((byte)':') || (target.Length == 3 && Ascii.EqualsIgnoreCase(target, "xml"u8)))
        {
            return LeaveToReader();
        }

        _entryTagsUncounted |= body.Contains((byte)'<');
        _pos += end + 2;
        return true;
    }

    private bool EndTag()
    {
        var nameStart = _pos + 2;
        if (_open.TryPeek(out var open) && ClosesAtOnce(nameStart, open.Start, open.Length))
        {
            _open.Pop();
            _pos = nameStart + open.Length + 1;
            _builder.Close();
            return true;
        }

        var nameLength = _body.AsSpan(nameStart).IndexOfAny(NameEnd);
        if (nameLength <= 0 || _open.Count == 0)
        {
            return false;
        }

        var (openStart, openLength) = _open.Pop();
        if (!_body.AsSpan(nameStart, nameLength).SequenceEqual(_body.AsSpan(openStart, openLength)))
        {
            return false;
        }

        var after = _body.AsSpan(nameStart + nameLength);
        var gt = after.IndexOfAnyExcept(Blank);
        if (gt < 0 || after[gt] != '>')
        {
            return false;
        }

        _pos = nameStart + nameLength + gt + 1;
        _builder.Close();
        return true;
    }

    /// <summary>
    /// Whether the end tag whose name starts at <paramref name="nameStart"/> is the open element's name and then "&gt;"
    /// at once, as nearly every end tag is: that needs no search for the name's end. An open name was found by a
    /// search for <see cref="NameEnd"/> and holds none of its bytes, so that search would stop at this "&gt;" and the
    /// end tag's checks would pass; any other end tag is left to them.
    /// </summary>
    private bool ClosesAtOnce(int nameStart, int openStart, int openLength)
    {
        var gt = nameStart + openLength;
        return gt < _body.Length && _body[gt] == (byte)'>' && _body.AsSpan(nameStart, openLength).SequenceEqual(_body.AsSpan(openStart, openLength));
    }

    private enum TagEnd
    {
        Closed,
        TooManyAttributes,
        Malformed,
    }

    /// <summary>
    /// Reads a start tag's attributes, each set apart from the name and from the one before by whitespace, up to the
    /// tag's end: <c>&gt;</c> or <c>/&gt;</c> (<paramref name="isEmpty"/>). The tree road and the direct entry pass read
    /// tags alike; only what they do with one past <paramref name="maxAttributes"/> differs.
    /// </summary>
    private TagEnd TagRest(int maxAttributes, out bool isEmpty)
    {
        _attributes.Clear();
        isEmpty = false;
        while (true)
        {
            var blank = Rest.IndexOfAnyExcept(Blank);
            if (blank < 0)
            {
                return TagEnd.Malformed;
            }

            var sawBlank = blank > 0;
            _pos += blank;
            if (Rest[0] == '>')
            {
                _pos++;
                return TagEnd.Closed;
            }

            if (Rest.StartsWith("/>"u8))
            {
                _pos += 2;
                isEmpty = true;
                return TagEnd.Closed;
            }

            if (_attributes.Count >= maxAttributes)
            {
                return TagEnd.TooManyAttributes;
            }

            if (!sawBlank || !Attribute())
            {
                return TagEnd.Malformed;
            }
        }
    }

    private bool StartTag()
    {
        var nameStart = _pos + 1;
        var nameLength = _body.AsSpan(nameStart).IndexOfAny(NameEnd);
        if (nameLength <= 0 || Known(_body.AsSpan(nameStart, nameLength)) is not { } known)
        {
            return NotAName(_body.AsSpan(nameStart, Math.Max(0, nameLength)));
        }

        var name = known.Name;
        if (EntryMarkup.IsEntryName(_body.AsSpan(nameStart)))
        {
            _entryTags++;
        }

        _pos = nameStart + nameLength;
        switch (TagRest(MaxAttributes, out var isEmpty))
        {
            // Duplicates are looked for one by one, so an element with very many attributes (hostile) is left to
            // XmlReader, which hashes them.
            case TagEnd.TooManyAttributes:
                return LeaveToReader();
            case TagEnd.Malformed:
                return false;
        }

        var split = known.Split;
        if (!Admissible(split) || !_builder.Admit(name, split.Local, isEmpty, out var isEntry))
        {
            return LeaveToReader();
        }

        _builder.BeginAttributes();
        foreach (var (attrName, value) in _attributes)
        {
            _builder.AddAttribute(attrName, value);
        }

        if (split.Prefix.Length > 0 && !_builder.IsDeclared(split.Prefix))
        {
            // An undeclared prefix (dc: without xmlns:dc): the namespace-aware reader stops at it too.
            return false;
        }

        if (!NamespacesHold())
        {
            return LeaveToReader();
        }

        _builder.Open(name, split, isEntry, isEmpty);
        if (!isEmpty)
        {
            _open.Push((nameStart, nameLength));
            if (isEntry && _direct is not null && _builder.TextParent is { } entry && _direct.Wants(entry) is var shape and not DirectShape.None)
            {
                TryDirectEntry(entry, shape);
            }
        }

        return true;
    }

    private bool Attribute()
    {
        var nameLength = Rest.IndexOfAny(NameEnd);
        if (nameLength <= 0 || Known(Rest[..nameLength])?.Name is not string name)
        {
            return NotAName(Rest[..Math.Max(0, nameLength)]);
        }

        _pos += nameLength;
        var eq = Rest.IndexOfAnyExcept(Blank);
        if (eq < 0 || Rest[eq] != '=')
        {
            return false;
        }

        _pos += eq + 1;
        var quoteAt = Rest.IndexOfAnyExcept(Blank);
        if (quoteAt < 0 || Rest[quoteAt] is not ((byte)'"' or (byte)'\''))
        {
            return false;
        }

        var quote = Rest[quoteAt];
        _pos += quoteAt + 1;
        var length = Rest.IndexOf(quote);
        if (length < 0)
        {
            return false;
        }

        var raw = Rest[..length];
        var rawStart = _pos;
        _pos += length + 1;
        string value;
        if (raw.IndexOfAny(AttributeSpecials) < 0)
        {
            value = PlainAttributeValue(rawStart, length);
        }
        else if (raw.Contains((byte)'<') || Decode(raw, references: true, attribute: true) is not int decoded)
        {
            return false;
        }
        else
        {
            var chars = _chars.AsSpan(0, decoded);
            // The repair maps C1 characters, which only a character reference can have made here.
            XmlRepair.MapC1Characters(chars);
            value = new string(chars);
        }

        foreach (var (other, _) in _attributes)
        {
            if (other == name)
            {
                return false;
            }
        }

        _attributes.Add((name, value));
        return true;
    }

    /// <summary>
    /// The string of an attribute value that needs no decoding, the one made for the same bytes last time when they
    /// are in its slot: rel="alternate", type="html", isPermaLink="false" or a category's scheme come back entry after
    /// entry, and each was a new string.
    /// </summary>
    private string PlainAttributeValue(int start, int length) =>
        length == 0 || length > MaxRecentValue ? Encoding.UTF8.GetString(_body.AsSpan(start, length)) : Recent(_recentValues, start, length);

    /// <summary>
    /// The string of the <paramref name="length"/> bytes at <paramref name="start"/> (not empty), the one made for the
    /// same bytes last time when they are in their slot of <paramref name="recent"/>, else a new one kept there.
    /// </summary>
    private string Recent((int Start, int Length, string Value)[] recent, int start, int length)
    {
        var bytes = _body.AsSpan(start, length);
        ref var slot = ref recent[(length * 7 + bytes[0] * 31 + bytes[^1]) & (recent.Length - 1)];
        if (slot.Value is null || slot.Length != length || !bytes.SequenceEqual(_body.AsSpan(slot.Start, length)))
        {
            slot = (start, length, Encoding.UTF8.GetString(bytes));
        }

        return slot.Value;
    }

    /// <summary>The element's own prefix may not be xml or xmlns, nor may a name start or end with a colon.</summary>
    private static bool Admissible((string Prefix, string Local) split) =>
        split.Prefix is not ("xml" or "xmlns") && split.Local.Length > 0;

    /// <summary>
    /// What a namespace-aware reader checks of the attributes (the element's own prefix is checked before): no
    /// reserved prefix or namespace rebound, no prefix undeclared, no two attributes with one expanded name. What
    /// this reader does not check it leaves to the reader (false).
    /// </summary>
    private bool NamespacesHold()
    {
        // Locals of the prefixed attributes: two alike could be one expanded name (two prefixes, one namespace).
        List<string>? prefixedLocals = null;
        foreach (var (attrName, value) in _attributes)
        {
            if (attrName == "xmlns" || attrName.StartsWith("xmlns:", StringComparison.Ordinal))
            {
                var declared = attrName.Length == 5 ? "" : attrName[6..];
                if (declared is "xml" or "xmlns" || (declared.Length > 0 && value.Length == 0) || value.Trim() != value
                    || value is "http://www.w3.org/XML/1998/namespace" or "http://www.w3.org/2000/xmlns/")
                {
                    return false;
                }

                continue;
            }

            var (prefix, local) = _builder.Split(attrName);
            if (prefix.Length == 0)
            {
                continue;
            }

            if (prefix == "xml")
            {
                // The reader checks xml:space's value; xml:lang and xml:base it takes as written.
                if (local == "space" && value is not ("default" or "preserve"))
                {
                    return false;
                }

                continue;
            }

            if (prefix.StartsWith("xml", StringComparison.OrdinalIgnoreCase) || !_builder.IsDeclared(prefix)
                || (prefixedLocals ??= []).Contains(local))
            {
                return false;
            }

            prefixedLocals.Add(local);
        }

        return true;
    }

    /// <summary>The name as <see cref="KnownNames.Find"/> knows it, or null for anything but an ASCII XML name with at most one colon, not at either end.</summary>
    private KnownName? Known(ReadOnlySpan<byte> bytes) => _names.Find(bytes);

    /// <summary>
    /// Gives up at what <see cref="Known"/> refused: a name too long for it or outside ASCII is XmlReader's to read;
    /// anything else ("a &lt; b", "&lt;3", "a:b:c") is no XML name at all.
    /// </summary>
    private bool NotAName(ReadOnlySpan<byte> bytes) => bytes.Length > 128 || !Ascii.IsValid(bytes) ? LeaveToReader() : false;

    private static bool IsBlank(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';

    /// <summary>
    /// Decodes into <see cref="_chars"/> what the reader makes of these bytes: line ends as "\n" (in an attribute,
    /// every literal line end and tab as a space), and with <paramref name="references"/> the predefined entities
    /// and character references resolved. The length, or null at a reference the reader would refuse or leave.
    /// </summary>
    private int? Decode(ReadOnlySpan<byte> bytes, bool references, bool attribute)
    {
        if (_chars.Length < bytes.Length)
        {
            _chars = new char[Math.Max(Math.Max(bytes.Length, 1024), _chars.Length * 2)];
        }

        // Every reference is longer than what it stands for, and a line end no shorter: the decoded text fits.
        var decoded = Encoding.UTF8.GetChars(bytes, _chars);
        var chars = _chars.AsSpan(0, decoded);
        var write = 0;
        for (var read = 0; read < chars.Length; read++)
        {
            var c = chars[read];
            if (c == '\r')
            {
                if (read + 1 < chars.Length && chars[read + 1] == '\n')
                {
                    read++;
                }

                chars[write++] = attribute ? ' ' : '\n';
            }
            else if (attribute && c is '\n' or '\t')
            {
                chars[write++] = ' ';
            }
            else if (c == '&' && references)
            {
                var semicolon = chars[read..].IndexOf(';');
                if (semicolon < 0 || Reference(chars.Slice(read + 1, semicolon - 1)) is not int value)
                {
                    return null;
                }

                if (value > 0xFFFF)
                {
                    var rune = new Rune(value);
                    write += rune.EncodeToUtf16(chars[write..]);
                }
                else
                {
                    chars[write++] = (char)value;
                }

                read += semicolon;
            }
            else
            {
                chars[write++] = c;
            }
        }

        return write;
    }

    /// <summary>The character an entity or character reference stands for, or null when it is not one XML allows here.</summary>
    private static int? Reference(ReadOnlySpan<char> name)
    {
        switch (name)
        {
            case "lt": return '<';
            case "gt": return '>';
            case "amp": return '&';
            case "quot": return '"';
            case "apos": return '\'';
        }

        if (name.Length < 2 || name[0] != '#')
        {
            return null;
        }

        var hex = name[1] == 'x';
        var digits = name[(hex ? 2 : 1)..];
        if (digits.IsEmpty || digits.Length > 8 || !int.TryParse(digits, hex ? NumberStyles.AllowHexSpecifier : NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return null;
        }

        var isXmlChar = value is 0x9 or 0xA or 0xD or (>= 0x20 and <= 0xD7FF) or (>= 0xE000 and <= 0xFFFD) or (>= 0x10000 and <= 0x10FFFF);
        return isXmlChar ? value : null;
    }
}
