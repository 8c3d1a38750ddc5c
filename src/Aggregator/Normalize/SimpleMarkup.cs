using System.Buffers;
using System.Text;
using Aggregator.Parse;

namespace Aggregator.Normalize;

/// <summary>
/// The sanitizer's road for simple markup: most article HTML is paragraphs, links, emphasis, lists and images, properly
/// nested. For that, a browser's tree is the tags as written, so the allowlists can be applied while reading them,
/// without building an AngleSharp document (issue 23: that document was about a fifth of the bytes allocated per article).
/// Anything where the HTML tree builder would do more than open and close what is written (misnested or stray end tags,
/// a paragraph a block would close, nested anchors, elements outside the small set below, comments, unusual character
/// references, control characters) gives up with null, and the caller takes the parse road: this road only ever
/// claims input on which the two agree (HtmlSanitizerDifferentialTests).
/// </summary>
internal static class SimpleMarkup
{
    // Kept elements whose start and end tags the tree builder handles as written, as long as the rules below hold.
    private static readonly HashSet<string> Phrasing = new(StringComparer.Ordinal)
    {
        "a", "b", "strong", "i", "em", "u", "s", "strike", "del", "ins", "mark", "q", "cite", "code", "kbd", "samp",
        "var", "span", "sub", "sup", "small", "abbr", "time",
    };

    // All of them close an open paragraph (the tree builder's "close a p element"), which this road does not follow.
    private static readonly HashSet<string> Blocks = new(StringComparer.Ordinal)
    {
        "p", "div", "blockquote", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "figure", "figcaption", "hr",
    };

    private static readonly HashSet<string> Voids = new(StringComparer.Ordinal) { "br", "img", "hr" };

    // Dropped with their content, which the tokenizer reads as text up to the end tag; an iframe of a video host becomes a link.
    private static readonly HashSet<string> RawTextElements = new(StringComparer.Ordinal) { "script", "style", "iframe" };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> RawTextByName = RawTextElements.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> PhrasingByName = Phrasing.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> BlocksByName = Blocks.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> VoidsByName = Voids.GetAlternateLookup<ReadOnlySpan<char>>();

    // Far below NestingGuard's limit, so the parse road's clamping never applies to what this road claims.
    private const int MaxDepth = 48;

    // The references feeds use most, each ended by ';' (the tree builder's legacy forms without it are left to the parse).
    private static readonly Dictionary<string, string> Named = new(StringComparer.Ordinal)
    {
        ["amp"] = "&", ["lt"] = "<", ["gt"] = ">", ["quot"] = "\"", ["apos"] = "'", ["nbsp"] = "\u00A0",
        ["mdash"] = "\u2014", ["ndash"] = "\u2013", ["hellip"] = "\u2026", ["rsquo"] = "\u2019", ["lsquo"] = "\u2018",
        ["rdquo"] = "\u201D", ["ldquo"] = "\u201C", ["copy"] = "\u00A9", ["reg"] = "\u00AE", ["trade"] = "\u2122",
        ["laquo"] = "\u00AB", ["raquo"] = "\u00BB", ["middot"] = "\u00B7", ["bull"] = "\u2022", ["eacute"] = "\u00E9",
        ["euro"] = "\u20AC", ["pound"] = "\u00A3", ["deg"] = "\u00B0", ["times"] = "\u00D7",
    };

    private static readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> NamedByName = Named.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly SearchValues<char> HtmlSpace = SearchValues.Create(" \t\n");

    // What the tokenizer rewrites inside an attribute value (NUL, CR, controls, non-characters); '&' and '<' are read here.
    private static readonly SearchValues<char> Rewritten = SearchValues.Create("\r" + HtmlEscape.XmlForbidden);

    private static readonly SearchValues<char> UnquotedStop = SearchValues.Create(" \t\n>\"'<=`&");

    private readonly record struct Open(string Name, bool Written);

    [ThreadStatic]
    private static List<Open>? openCache;

    [ThreadStatic]
    private static List<KeyValuePair<string, string>>? attributesCache;

    // Where each attribute name of the tag being read starts and how long it is: the first of two of one name wins.
    [ThreadStatic]
    private static List<Range>? namesCache;

    /// <summary>The sanitized fragment, or null when the markup needs the browser's parse to say what it means.</summary>
    public static string? Sanitize(string html, Uri? baseUri)
    {
        // A byte order mark or a lone surrogate: what the parse makes of them is the parse's to say.
        if (html[0] == '\uFEFF' || HtmlSanitizer.HasLoneSurrogate(html))
        {
            return null;
        }

        var open = openCache ?? [];
        var attributes = attributesCache ?? [];
        openCache = null;
        attributesCache = null;
        var sb = ScratchBuilder.Rent(html.Length);
        try
        {
            return Write(html, baseUri, sb, open, attributes) ? ScratchBuilder.ToTrimmedStringAndReturn(sb) : ScratchBuilder.ReturnUnused(sb);
        }
        finally
        {
            open.Clear();
            attributes.Clear();
            openCache = open;
            attributesCache = attributes;
        }
    }

    private static bool Write(string html, Uri? baseUri, StringBuilder sb, List<Open> open, List<KeyValuePair<string, string>> attributes)
    {
        var rest = html.AsSpan();
        while (!rest.IsEmpty)
        {
            var stop = rest.IndexOfAny(HtmlSanitizer.NotPlain);
            if (stop < 0)
            {
                HtmlEscape.AppendText(sb, rest);
                break;
            }

            HtmlEscape.AppendText(sb, rest[..stop]);
            rest = rest[stop..];
            int used;
            if (rest[0] == '&')
            {
                used = AppendReference(sb, rest, inAttribute: false);
            }
            else if (rest[0] == '<')
            {
                used = Tag(rest, baseUri, sb, open, attributes);
            }
            else
            {
                // A control character, CR or a non-character: the tokenizer rewrites those.
                return false;
            }

            if (used == 0)
            {
                return false;
            }

            rest = rest[used..];
        }

        // The end of the input closes whatever is open, as the tree does.
        for (var i = open.Count - 1; i >= 0; i--)
        {
            Close(sb, open[i]);
        }

        return true;
    }

    /// <summary>Reads the tag at the start of <paramref name="text"/> and writes what survives of it; the characters read, or 0 to give up.</summary>
    private static int Tag(ReadOnlySpan<char> text, Uri? baseUri, StringBuilder sb, List<Open> open, List<KeyValuePair<string, string>> attributes)
    {
        if (text.Length < 2)
        {
            return 0;
        }

        var end = text[1] == '/';
        var start = end ? 2 : 1;
        if (start >= text.Length || !char.IsAsciiLetter(text[start]))
        {
            if (!end && text[1] is not ('!' or '?'))
            {
                // "a < b": not a tag, the tokenizer keeps the '<' as text.
                HtmlEscape.AppendText(sb, "<");
                return 1;
            }

            // Comments, doctypes, processing instructions, "</ ": the tokenizer's other states.
            return 0;
        }

        var nameEnd = start;
        while (nameEnd < text.Length && char.IsAsciiLetterOrDigit(text[nameEnd]))
        {
            nameEnd++;
        }

        if (nameEnd >= text.Length || nameEnd - start > 16 || !(HtmlSpace.Contains(text[nameEnd]) || text[nameEnd] is '/' or '>'))
        {
            return 0;
        }

        Span<char> lower = stackalloc char[16];
        var lowered = lower[..(nameEnd - start)];
        text[start..nameEnd].ToLowerInvariant(lowered);
        string? name = PhrasingByName.TryGetValue(lowered, out var phrasing) ? phrasing
            : BlocksByName.TryGetValue(lowered, out var block) ? block
            : VoidsByName.TryGetValue(lowered, out var empty) ? empty
            : null;
        if (name is null)
        {
            return !end && RawTextByName.TryGetValue(lowered, out var raw) ? RawText(text, nameEnd, raw, baseUri, sb, attributes) : 0;
        }

        return end ? EndTag(text, nameEnd, name, sb, open) : StartTag(text, nameEnd, name, baseUri, sb, open, attributes);
    }

    /// <summary>
    /// A script, style or iframe start tag, its text content and its end tag: nothing of them is kept but an iframe's video
    /// link, as on the parse road. The characters read, or 0 to give up.
    /// </summary>
    private static int RawText(ReadOnlySpan<char> text, int at, string name, Uri? baseUri, StringBuilder sb, List<KeyValuePair<string, string>> attributes)
    {
        at = Attributes(text, at, name, baseUri, attributes, everyAttribute: true, out _);
        if (at == 0)
        {
            return 0;
        }

        // The first "</name" ends the content, and only a plain "</name>" is read here; in a script, "<!--" starts the
        // tokenizer's escaped states, in which "</script>" may not end it.
        var content = text[at..];
        var close = IndexOfEndTag(content, name);
        if (close < 0 || (name == "script" && content[..close].Contains("<!--", StringComparison.Ordinal)))
        {
            return 0;
        }

        if (name == "iframe" && VideoLinks.FromIframeSrc(HtmlSanitizer.AttributeValue(attributes, "src"), baseUri) is { } video)
        {
            HtmlSanitizer.WriteVideoLink(sb, video, HtmlSanitizer.AttributeValue(attributes, "title"));
        }

        return at + close + name.Length + 3;
    }

    private static int IndexOfEndTag(ReadOnlySpan<char> content, string name)
    {
        for (var from = 0; ;)
        {
            var lt = content[from..].IndexOf("</", StringComparison.Ordinal);
            if (lt < 0)
            {
                return -1;
            }

            lt += from;
            var after = content[(lt + 2)..];
            if (after.StartsWith(name, StringComparison.OrdinalIgnoreCase))
            {
                // "</name" followed by anything but '>' is either no end tag ("</scripts") or one with more in it.
                return after.Length > name.Length && after[name.Length] == '>' ? lt : -1;
            }

            from = lt + 2;
        }
    }

    private static int EndTag(ReadOnlySpan<char> text, int at, string name, StringBuilder sb, List<Open> open)
    {
        while (at < text.Length && HtmlSpace.Contains(text[at]))
        {
            at++;
        }

        // An end tag with attributes, or one of a void element ("</br>" is a <br>), is the tree builder's to read.
        if (at >= text.Length || text[at] != '>' || Voids.Contains(name))
        {
            return 0;
        }

        var index = open.Count - 1;
        while (index >= 0 && !ReferenceEquals(open[index].Name, name))
        {
            index--;
        }

        if (index < 0)
        {
            return 0;
        }

        if (index < open.Count - 1)
        {
            // Only a block's end tag closes what is open inside it, and only paragraphs and list items
            // ("generate implied end tags"); anything else takes the adoption agency or is ignored.
            if (Phrasing.Contains(name) || name == "p")
            {
                return 0;
            }

            for (var i = index + 1; i < open.Count; i++)
            {
                if (open[i].Name is not ("p" or "li"))
                {
                    return 0;
                }
            }
        }

        for (var i = open.Count - 1; i >= index; i--)
        {
            Close(sb, open[i]);
        }

        open.RemoveRange(index, open.Count - index);
        return at + 1;
    }

    private static int StartTag(ReadOnlySpan<char> text, int at, string name, Uri? baseUri, StringBuilder sb, List<Open> open, List<KeyValuePair<string, string>> attributes)
    {
        at = Attributes(text, at, name, baseUri, attributes, everyAttribute: false, out var selfClosing);
        if (at == 0)
        {
            return 0;
        }

        // "<div/>" opens a div that stays open: the tree builder ignores the slash on all but void elements.
        if (selfClosing && !Voids.Contains(name))
        {
            return 0;
        }

        if (Blocks.Contains(name) && (Contains(open, "p") || !CloseListItem(name, sb, open)))
        {
            return 0;
        }

        if (IsHeading(name) && open.Exists(static o => IsHeading(o.Name)))
        {
            return 0;
        }

        // The tree builder drops a newline right after <pre>; nested formatting of one kind meets the adoption agency.
        if ((name == "pre" && at < text.Length && text[at] == '\n') || (Phrasing.Contains(name) && Contains(open, name)) || open.Count >= MaxDepth)
        {
            return 0;
        }

        switch (HtmlSanitizer.WriteStartTag(sb, name, attributes))
        {
            case HtmlSanitizer.StartTag.Open:
                open.Add(new(name, Written: true));
                break;
            case HtmlSanitizer.StartTag.Unwrapped:
                open.Add(new(name, Written: false));
                break;
            default:
                // A void element, written or dropped: nothing is open.
                break;
        }

        return at;
    }

    /// <summary>
    /// Reads a start tag's attributes up to its '>', keeping those the policy keeps for the element (or, for an element
    /// the parse road reads attributes of by name, all of them); the index after the tag, or 0 to give up.
    /// </summary>
    private static int Attributes(ReadOnlySpan<char> text, int at, string name, Uri? baseUri, List<KeyValuePair<string, string>> attributes, bool everyAttribute, out bool selfClosing)
    {
        attributes.Clear();
        var names = namesCache ??= [];
        names.Clear();
        selfClosing = false;
        while (true)
        {
            while (at < text.Length && HtmlSpace.Contains(text[at]))
            {
                at++;
            }

            if (at >= text.Length)
            {
                return 0;
            }

            if (text[at] == '>')
            {
                return at + 1;
            }

            if (text[at] == '/')
            {
                if (at + 1 >= text.Length || text[at + 1] != '>')
                {
                    return 0;
                }

                selfClosing = true;
                return at + 2;
            }

            var used = Attribute(text[at..], name, baseUri, attributes, everyAttribute, out var nameLength);
            if (used == 0 || Seen(text, names, at, nameLength))
            {
                return 0;
            }

            names.Add(new Range(at, at + nameLength));
            at += used;
        }
    }

    /// <summary>
    /// A list item closes the one still open, as the tree builder does, but not past
    /// another block (a nested list) or through phrasing elements (that would re-open them in the new item). False to give up.
    /// </summary>
    private static bool CloseListItem(string name, StringBuilder sb, List<Open> open)
    {
        if (name != "li")
        {
            return true;
        }

        var throughPhrasing = false;
        for (var i = open.Count - 1; i >= 0; i--)
        {
            var element = open[i].Name;
            if (element == "li")
            {
                if (throughPhrasing)
                {
                    return false;
                }

                for (var j = open.Count - 1; j >= i; j--)
                {
                    Close(sb, open[j]);
                }

                open.RemoveRange(i, open.Count - i);
                return true;
            }

            if (Phrasing.Contains(element))
            {
                throughPhrasing = true;
            }
            else if (element is "div" or "p")
            {
                // The tree builder would close these too; NestingGuard counts such divs as open, so leave them to the parse.
                return false;
            }
            else
            {
                return true;
            }
        }

        return true;
    }

    /// <summary>Reads one attribute and keeps it when the policy does; the characters read, or 0 to give up.</summary>
    private static int Attribute(ReadOnlySpan<char> text, string element, Uri? baseUri, List<KeyValuePair<string, string>> attributes, bool everyAttribute, out int nameEnd)
    {
        nameEnd = 0;
        while (nameEnd < text.Length && (char.IsAsciiLetterOrDigit(text[nameEnd]) || text[nameEnd] is '-' or '_'))
        {
            nameEnd++;
        }

        if (nameEnd == 0 || nameEnd > 32 || nameEnd >= text.Length)
        {
            return 0;
        }

        Span<char> lower = stackalloc char[32];
        var name = lower[..nameEnd];
        text[..nameEnd].ToLowerInvariant(name);
        var at = nameEnd;
        while (at < text.Length && HtmlSpace.Contains(text[at]))
        {
            at++;
        }

        ReadOnlySpan<char> raw = default;
        if (at < text.Length && text[at] == '=')
        {
            at++;
            while (at < text.Length && HtmlSpace.Contains(text[at]))
            {
                at++;
            }

            if (at >= text.Length)
            {
                return 0;
            }

            if (text[at] is '"' or '\'')
            {
                var close = text[(at + 1)..].IndexOf(text[at]);
                if (close < 0)
                {
                    return 0;
                }

                raw = text.Slice(at + 1, close);
                at += close + 2;
                // After a quoted value the tokenizer wants a space, '/' or '>'; anything else starts a new attribute.
                if (at >= text.Length || !(HtmlSpace.Contains(text[at]) || text[at] is '/' or '>'))
                {
                    return 0;
                }
            }
            else
            {
                var length = text[at..].IndexOfAny(UnquotedStop);
                if (length <= 0 || !(HtmlSpace.Contains(text[at + length]) || text[at + length] == '>'))
                {
                    return 0;
                }

                raw = text.Slice(at, length);
                at += length;
            }
        }
        else if (at == nameEnd && text[at] is not ('/' or '>'))
        {
            return 0;
        }

        if (raw.IndexOfAny(Rewritten) >= 0)
        {
            return 0;
        }

        var attributeName = everyAttribute ? name.ToString() : Allowed(element, name);
        if (attributeName is null)
        {
            return at;
        }

        var value = Decode(raw);
        if (value is null)
        {
            return 0;
        }

        if (everyAttribute)
        {
            attributes.Add(new(attributeName, value));
        }
        else
        {
            HtmlSanitizer.KeepAttribute(element, attributeName, value, baseUri, attributes);
        }

        return at;
    }

    /// <summary>Whether the attribute name at <paramref name="at"/> repeats one read before in this tag (the tree builder keeps the first).</summary>
    private static bool Seen(ReadOnlySpan<char> text, List<Range> names, int at, int length)
    {
        var name = text.Slice(at, length);
        foreach (var range in names)
        {
            if (text[range].Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The allowlist's own string for an attribute of this element, or null when the policy drops it.</summary>
    private static string? Allowed(string element, ReadOnlySpan<char> attribute)
    {
        if (GlobalAttributesByName.TryGetValue(attribute, out var global))
        {
            return global;
        }

        return ElementAttributesByName.TryGetValue(element, out var allowed) && allowed.TryGetValue(attribute, out var specific) ? specific : null;
    }

    // The policy's attribute lists, looked up by span; made once, since making a lookup checks its comparer's type each time.
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> GlobalAttributesByName =
        HtmlSanitizerPolicy.GlobalAttributes.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly Dictionary<string, HashSet<string>.AlternateLookup<ReadOnlySpan<char>>> ElementAttributesByName =
        HtmlSanitizerPolicy.ElementAttributes.ToDictionary(e => e.Key, e => e.Value.GetAlternateLookup<ReadOnlySpan<char>>(), StringComparer.Ordinal);

    private static string? Decode(ReadOnlySpan<char> raw)
    {
        if (raw.IndexOf('&') < 0)
        {
            return raw.ToString();
        }

        var sb = new StringBuilder(raw.Length);
        while (!raw.IsEmpty)
        {
            var amp = raw.IndexOf('&');
            if (amp < 0)
            {
                sb.Append(raw);
                break;
            }

            sb.Append(raw[..amp]);
            raw = raw[amp..];
            var used = AppendReference(sb, raw, inAttribute: true);
            if (used == 0)
            {
                return null;
            }

            raw = raw[used..];
        }

        return sb.ToString();
    }

    /// <summary>
    /// Decodes the character reference at the start of <paramref name="text"/> into <paramref name="sb"/> (escaped in
    /// text, raw in an attribute value, which is escaped when written); the characters read, or 0 to give up.
    /// </summary>
    private static int AppendReference(StringBuilder sb, ReadOnlySpan<char> text, bool inAttribute)
    {
        if (text.Length == 1 || !(char.IsAsciiLetterOrDigit(text[1]) || text[1] == '#'))
        {
            // "AT & T": an ampersand that starts no reference is text.
            Append(sb, "&", inAttribute);
            return 1;
        }

        var semicolon = text.IndexOf(';');
        if (semicolon < 0 || semicolon > 12)
        {
            return 0;
        }

        var body = text[1..semicolon];
        if (body[0] != '#')
        {
            if (!NamedByName.TryGetValue(body, out var named))
            {
                return 0;
            }

            Append(sb, named, inAttribute);
            return semicolon + 1;
        }

        var hex = body.Length > 1 && body[1] is 'x' or 'X';
        var digits = body[(hex ? 2 : 1)..];
        if (digits.IsEmpty || digits.Length > 6)
        {
            return 0;
        }

        var code = 0;
        foreach (var c in digits)
        {
            var digit = char.IsAsciiDigit(c) ? c - '0' : hex && char.IsAsciiHexDigit(c) ? (c | 0x20) - 'a' + 10 : -1;
            if (digit < 0)
            {
                return 0;
            }

            code = (code * (hex ? 16 : 10)) + digit;
        }

        // Only references the tree builder takes as they are: no NUL, C0/C1 controls, surrogates or non-characters,
        // which it replaces or remaps (&#150; is an en dash, as in windows-1252).
        var plain = code is '\t' or '\n' or (>= 0x20 and < 0x7F) or (>= 0xA0 and < 0xD800) or (>= 0xE000 and < 0xFDD0) or (> 0xFDEF and <= 0x10FFFF);
        if (!plain || (code & 0xFFFE) == 0xFFFE)
        {
            return 0;
        }

        Span<char> chars = stackalloc char[2];
        var length = new Rune(code).EncodeToUtf16(chars);
        if (inAttribute)
        {
            sb.Append(chars[..length]);
        }
        else
        {
            HtmlEscape.AppendText(sb, chars[..length]);
        }

        return semicolon + 1;
    }

    private static void Append(StringBuilder sb, string text, bool inAttribute)
    {
        if (inAttribute)
        {
            sb.Append(text);
        }
        else
        {
            HtmlEscape.AppendText(sb, text);
        }
    }

    private static bool IsHeading(string name) => name is "h1" or "h2" or "h3" or "h4" or "h5" or "h6";

    private static bool Contains(List<Open> open, string name)
    {
        foreach (var element in open)
        {
            if (ReferenceEquals(element.Name, name))
            {
                return true;
            }
        }

        return false;
    }

    private static void Close(StringBuilder sb, Open element)
    {
        if (element.Written)
        {
            sb.Append("</").Append(element.Name).Append('>');
        }
    }
}
