using System.Buffers;
using System.Text;
using Aggregator.Model;

namespace Aggregator.Parse.Xml;

/// <summary>
/// The direct road for entries: an entry whose children are all leaves (text and CDATA, no nested elements, no
/// comments) is handed to its format's rules (<see cref="IDirectEntries"/>) as a list of where each child's content
/// lies, and no element or string is made for a child no rule reads. A format that asks for it
/// (<see cref="DirectShape.Nested"/>: Atom's author/name) also gets children holding leaves one level down, and
/// children carrying xml:base. Anything else, or anything the rules decline,
/// is read again from the entry's start tag into the tree, as if this had never looked: the output is the tree
/// road's either way (DirectEntryTests, ParseOutputHashTests).
/// </summary>
internal sealed partial class Utf8FeedReader
{
    // An entry's child with more attributes than this is left to the tree (an enclosure has three, a guid one).
    private const int MaxDirectAttributes = 8;
    // A category or an author's name (see RepeatedText); longer ones are made anew.
    private const int MaxRecentText = 64;

    private IDirectEntries? _direct;
    private DirectChildren? _directChildren;
    // Where a child's text is put together when it is more than one plain run (Decode has _chars).
    private char[] _directChars;

    // What ends a plain run of text: its "<", or what makes it other than plain (TextSpecials, a "]" of "]]>").
    private static readonly SearchValues<byte> TextRunStops = SearchValues.Create("<&\r]"u8);

    /// <summary>Reads the children of the entry just opened, mapped directly; on any decline, leaves the reader where it was.</summary>
    private void TryDirectEntry(FeedElement entry, DirectShape shape)
    {
        var start = _pos;
        var children = _directChildren ??= new DirectChildren();
        children.Begin(this, shape == DirectShape.Nested);
        if (ReadDirectChildren(children) && _direct!.TryMap(entry, children))
        {
            _open.Pop();
            _builder.CloseMapped();
            return;
        }

        _pos = start;
    }

    /// <summary>The entry's children up to and past its end tag; false at anything but whitespace and leaf children.</summary>
    private bool ReadDirectChildren(DirectChildren children)
    {
        while (true)
        {
            var lt = Rest.IndexOf((byte)'<');
            if (lt < 0 || Rest[..lt].IndexOfAnyExcept(Blank) >= 0)
            {
                return false;
            }

            _pos += lt;
            if (Rest.StartsWith("</"u8))
            {
                var (openStart, openLength) = _open.Peek();
                return DirectEndTag(openStart, openLength);
            }

            // A comment, CDATA section or processing instruction in the entry itself: the tree's.
            if (Rest.Length < 2 || Rest[1] is (byte)'!' or (byte)'?' || !DirectChild(children, parent: -1))
            {
                return false;
            }
        }
    }

    /// <summary>The end tag at <see cref="_pos"/>, which must close the name at <paramref name="nameStart"/>; moves past it.</summary>
    private bool DirectEndTag(int nameStart, int nameLength)
    {
        var start = _pos + 2;
        if (ClosesAtOnce(start, nameStart, nameLength))
        {
            _pos = start + nameLength + 1;
            return true;
        }

        var length = _body.AsSpan(start).IndexOfAny(NameEnd);
        if (length != nameLength || !_body.AsSpan(start, length).SequenceEqual(_body.AsSpan(nameStart, nameLength)))
        {
            return false;
        }

        var after = _body.AsSpan(start + length);
        var gt = after.IndexOfAnyExcept(Blank);
        if (gt < 0 || after[gt] != '>')
        {
            return false;
        }

        _pos = start + length + gt + 1;
        return true;
    }

    /// <summary>
    /// <see cref="EntryMarkup.IsEntryName"/> of the tag whose name (<paramref name="known"/>) ends at
    /// <paramref name="nameEnd"/>. That rule's name ends where this reader's does unless at "=" (it reads on past one),
    /// so the name's kept answer holds wherever the byte there is one of the rule's name ends.
    /// </summary>
    private bool IsEntryTag(KnownName known, int nameEnd) =>
        EntryMarkup.NameEnds.Contains(_body[nameEnd]) ? known.IsEntryTag : EntryMarkup.IsEntryName(_body.AsSpan(nameEnd - known.Bytes.Length));

    /// <summary>
    /// One leaf child (of the entry, or of the child at <paramref name="parent"/>): checked as <see cref="StartTag"/>
    /// and <see cref="Text"/> would check it, its content only located.
    /// </summary>
    private bool DirectChild(DirectChildren children, int parent)
    {
        var nameStart = _pos + 1;
        var nameLength = _body.AsSpan(nameStart).IndexOfAny(NameEnd);
        if (nameLength <= 0 || Known(_body.AsSpan(nameStart, nameLength)) is not { } known)
        {
            return false;
        }

        var split = known.Split;
        // A nested item or entry counts against the entry cap, and is counted by StartTag: the tree's.
        if (!Admissible(split) || split.Local is "item" or "entry" || IsEntryTag(known, nameStart + nameLength) || (split.Prefix.Length > 0 && !_builder.IsDeclared(split.Prefix)))
        {
            return false;
        }

        _pos = nameStart + nameLength;
        if (TagRest(MaxDirectAttributes, out var isEmpty) != TagEnd.Closed)
        {
            return false;
        }

        var firstAttribute = children.AttributeCount;
        string? xmlBase = null;
        foreach (var (attrName, value) in _attributes)
        {
            // xml:base only where the format weighs it (Atom); it is never a duplicate, since the tag's names are unique.
            if (attrName == "xml:base" && children.Nests)
            {
                xmlBase = value;
                continue;
            }

            // Namespace declarations and other prefixed attributes (xml:lang, rdf:resource) are the tree's to weigh.
            if (attrName == "xmlns" || attrName.Contains(':', StringComparison.Ordinal))
            {
                return false;
            }

            children.AddAttribute(attrName, value);
        }

        var attributeCount = children.AttributeCount - firstAttribute;
        var ns = _builder.NamespaceOf(split.Prefix);
        var contentStart = _pos;
        if (isEmpty)
        {
            children.Add(new DirectChild(known.Name, ns, split.Local, firstAttribute, attributeCount, contentStart, contentStart, true, contentStart, contentStart, parent, false, xmlBase));
            return true;
        }

        var (runs, plain, plainStart, plainEnd) = (0, true, contentStart, contentStart);
        while (true)
        {
            // Most runs (a title, a link, a date) hold no reference, carriage return or "]": one search shows it and
            // finds their end, where three searches of the run did.
            var lt = Rest.IndexOfAny(TextRunStops);
            var plainRun = lt >= 0 && Rest[lt] == (byte)'<';
            if (!plainRun)
            {
                lt = Rest.IndexOf((byte)'<');
            }

            if (lt < 0)
            {
                return false;
            }

            if (lt > 0)
            {
                var text = Rest[..lt];
                if (!plainRun && text.IndexOf("]]>"u8) >= 0)
                {
                    return false;
                }

                var special = !plainRun && text.IndexOfAny(TextSpecials) >= 0;
                // A reference the reader would refuse is a fault: the tree road finds it again and says so.
                if (special && text.Contains((byte)'&') && Decode(text, references: true, attribute: false) is null)
                {
                    return false;
                }

                (runs, plain, plainStart, plainEnd) = (runs + 1, !special, _pos, _pos + lt);
                _pos += lt;
            }

            if (Rest.StartsWith("<![CDATA["u8))
            {
                const int Open = 9;
                var end = CDataSection.End(Rest[Open..], out var carriageReturn);
                if (end < 0)
                {
                    return false;
                }

                if (end > 0)
                {
                    (runs, plain, plainStart, plainEnd) = (runs + 1, !carriageReturn, _pos + Open, _pos + Open + end);
                }

                _pos += Open + end + 3;
                continue;
            }

            if (!Rest.StartsWith("</"u8))
            {
                // A nested element where the format takes one (whitespace before it only), else the tree's, as are a
                // comment and a processing instruction.
                var nested = children.Nests && parent < 0 && Rest.Length > 1 && Rest[1] is not ((byte)'!' or (byte)'?')
                    && _body.AsSpan(contentStart, _pos - contentStart).IndexOfAnyExcept(Blank) < 0;
                return nested && DirectParent(children, new DirectChild(known.Name, ns, split.Local, firstAttribute, attributeCount, contentStart, contentStart, false, contentStart, contentStart, parent, true, xmlBase), nameStart, nameLength);
            }

            var contentEnd = _pos;
            if (!DirectEndTag(nameStart, nameLength))
            {
                return false;
            }

            plain &= runs <= 1;
            children.Add(new DirectChild(known.Name, ns, split.Local, firstAttribute, attributeCount, contentStart, contentEnd, plain, plainStart, plainEnd, parent, false, xmlBase));
            return true;
        }
    }

    /// <summary>
    /// The rest of a child whose content is leaves between whitespace (an Atom author's name, email and uri), from
    /// its first nested start tag at <see cref="_pos"/> past its end tag. It is listed before them, with no text of
    /// its own: a rule that would read it whole declines the entry.
    /// </summary>
    private bool DirectParent(DirectChildren children, DirectChild parent, int nameStart, int nameLength)
    {
        var index = children.Count;
        children.Add(parent);
        while (true)
        {
            if (!DirectChild(children, index))
            {
                return false;
            }

            var lt = Rest.IndexOf((byte)'<');
            if (lt < 0 || Rest[..lt].IndexOfAnyExcept(Blank) >= 0)
            {
                return false;
            }

            _pos += lt;
            if (Rest.StartsWith("</"u8))
            {
                return DirectEndTag(nameStart, nameLength);
            }

            if (Rest.Length < 2 || Rest[1] is (byte)'!' or (byte)'?')
            {
                return false;
            }
        }
    }

    /// <summary>
    /// A child's text as the tree would hold it: its runs of text (references resolved, line ends normalized) and
    /// CDATA sections one after another, trimmed when asked; one string, made once.
    /// </summary>
    internal string DirectText(in DirectChild child, bool trim) => DirectText(child, trim, repeated: false);

    /// <summary>
    /// A child's text trimmed as <see cref="DirectText(in DirectChild, bool)"/> gives it, but as its UTF-8 bytes, when
    /// those are the text (a plain child: see <see cref="DirectChild.Plain"/>) and it is not empty; else null. For a
    /// body, which the entry keeps as UTF-8 until a later stage reads it (see <see cref="Utf8Text"/>).
    /// </summary>
    internal Utf8Text? TrimmedUtf8(in DirectChild child)
    {
        if (!child.Plain)
        {
            return null;
        }

        var (skipped, kept) = TrimUtf8(_body.AsSpan(child.PlainStart, child.PlainEnd - child.PlainStart));
        return kept == 0 ? null : Utf8Text.CopyOfWellFormed(_body.AsSpan(child.PlainStart + skipped, kept));
    }

    /// <summary>
    /// A child's text trimmed, for a field that comes back entry after entry (a category, an author): the string made
    /// for the same bytes last time when it is still in its slot (see <see cref="Recent"/>). Every entry kept its own
    /// copy of each to the end of the parse and beyond, in the store's pending poll. Only such fields ask, so the
    /// titles and links that differ in every entry do not push them out of their slots.
    /// </summary>
    internal string RepeatedText(in DirectChild child) => DirectText(child, trim: true, repeated: true);

    private string DirectText(in DirectChild child, bool trim, bool repeated)
    {
        if (child.Plain)
        {
            var (start, count) = (child.PlainStart, child.PlainEnd - child.PlainStart);
            if (trim)
            {
                var (skipped, kept) = TrimUtf8(_body.AsSpan(start, count));
                (start, count) = (start + skipped, kept);
            }

            return count == 0 ? ""
                : repeated && count <= MaxRecentText ? Recent(_recentTexts, start, count)
                : Utf8Strings.Of(_body.AsSpan(start, count));
        }

        var length = 0;
        var pos = child.ContentStart;
        while (pos < child.ContentEnd)
        {
            var rest = _body.AsSpan(pos, child.ContentEnd - pos);
            ReadOnlySpan<byte> run;
            bool references;
            if (rest.StartsWith("<![CDATA["u8))
            {
                run = rest[9..][..rest[9..].IndexOf("]]>"u8)];
                pos += 9 + run.Length + 3;
                references = false;
            }
            else
            {
                var lt = rest.IndexOf((byte)'<');
                run = lt < 0 ? rest : rest[..lt];
                pos += run.Length;
                references = true;
            }

            if (_directChars.Length < length + run.Length)
            {
                Array.Resize(ref _directChars, Math.Max(length + run.Length, _directChars.Length * 2));
            }

            if (run.IndexOfAny(TextSpecials) < 0)
            {
                length += Encoding.UTF8.GetChars(run, _directChars.AsSpan(length));
            }
            else
            {
                // Checked when the child was read: a run that reaches here decodes.
                var decoded = Decode(run, references, attribute: false)!.Value;
                _chars.AsSpan(0, decoded).CopyTo(_directChars.AsSpan(length));
                length += decoded;
            }
        }

        var chars = _directChars.AsSpan(0, length);
        // As the builder does: only a character reference can have made a C1 character here.
        XmlRepair.MapC1Characters(chars);
        var text = trim ? ((ReadOnlySpan<char>)chars).Trim() : chars;
        return new string(text);
    }

    /// <summary>Where the bytes start and how many are left without the whitespace (as <see cref="char.IsWhiteSpace(char)"/> sees it) at either end.</summary>
    private static (int Start, int Length) TrimUtf8(ReadOnlySpan<byte> utf8)
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

        return (start, end - start);
    }
}
