using System.Buffers;
using System.Globalization;
using System.Text;
using Aggregator.Fetch;

namespace Aggregator.Parse;

/// <summary>
/// Turns what the web sends as "XML" into text a strict XML reader accepts, without ever expanding
/// a DTD: the XML declaration and DOCTYPE (with its internal subset) are removed, HTML named
/// entities become numeric references, a stray "&amp;" or "&lt;" is escaped, and characters XML 1.0
/// forbids are dropped. CDATA sections, comments and processing instructions are left alone.
/// </summary>
public static class XmlRepair
{
    private static readonly HashSet<string> XmlPredefined = new(StringComparer.Ordinal) { "amp", "lt", "gt", "quot", "apos" };

    // Characters that need a look: markup starts, and everything CopyChar may drop or map.
    private static readonly SearchValues<char> NeedsCare = SearchValues.Create(CareChars(withMarkup: true));
    private static readonly SearchValues<char> NeedsCareInLiteral = SearchValues.Create(CareChars(withMarkup: false));

    // U+0080–U+009F, looked for in every text of a feed. A SearchValues rather than IndexOfAnyInRange: under tiered
    // compilation the latter was seen boxing its char bounds on every call (half a megabyte on the 6 MB benchmark feed).
    private static readonly SearchValues<char> C1Controls = SearchValues.Create(string.Concat(Enumerable.Range(0x80, 0x20).Select(c => (char)c)));

    // Text that entities declared in a DOCTYPE may add in all: a few feeds declare one (&id;), none needs more.
    private const int DeclaredEntityBudget = 64 * 1024;
    private const int MaxDeclaredEntities = 64;
    private const int MaxDeclaredEntityLength = 4096;

    /// <summary>Entities the document's internal DTD subset declared, already repaired, and what they may still add.</summary>
    private sealed class Declared
    {
        public Dictionary<string, string> Entities { get; } = new(StringComparer.Ordinal);
        public long Budget { get; set; } = DeclaredEntityBudget;
    }

    /// <summary>Applies every repair; a pure function of its input.</summary>
    public static string Repair(string text)
    {
        var sb = new StringBuilder(text.Length + 64);
        var i = 0;
        var seenRoot = false;
        var declared = new Declared();
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '<')
            {
                i = CopyMarkup(text, i, sb, ref seenRoot, declared);
            }
            else if (c == '&')
            {
                i = RepairReference(text, i, sb, declared);
            }
            else
            {
                i = CopyRun(text, i, text.Length, sb, NeedsCare);
            }
        }

        return sb.ToString();
    }

    private static string CareChars(bool withMarkup)
    {
        var chars = new StringBuilder(withMarkup ? "<&" : "");
        for (var c = 0; c < 0x20; c++)
        {
            if (c is not (0x9 or 0xA or 0xD))
            {
                chars.Append((char)c);
            }
        }

        for (var c = 0x80; c <= 0x9F; c++)
        {
            chars.Append((char)c);
        }

        for (var c = 0xD800; c <= 0xDFFF; c++)
        {
            chars.Append((char)c);
        }

        return chars.Append('\uFFFE').Append('\uFFFF').ToString();
    }

    // Copies plain characters up to the next one that needs a look, then that one character.
    private static int CopyRun(string text, int i, int stop, StringBuilder sb, SearchValues<char> stops)
    {
        var run = text.AsSpan(i, stop - i).IndexOfAny(stops);
        if (run < 0)
        {
            sb.Append(text, i, stop - i);
            return stop;
        }

        if (run > 0)
        {
            sb.Append(text, i, run);
            return i + run;
        }

        return CopyChar(text, i, sb);
    }

    /// <summary>True for a code point XML 1.0 allows in a document.</summary>
    public static bool IsXmlChar(int cp) =>
        cp is 0x9 or 0xA or 0xD or (>= 0x20 and <= 0xD7FF) or (>= 0xE000 and <= 0xFFFD) or (>= 0x10000 and <= 0x10FFFF);

    private static int CopyChar(string text, int i, StringBuilder sb)
    {
        var c = text[i];
        if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
        {
            sb.Append(c).Append(text[i + 1]);
            return i + 2;
        }

        if (c is >= '\u0080' and <= '\u009F')
        {
            // C1 controls in text are windows-1252 bytes that went through a Latin-1 decoder somewhere.
            sb.Append((char)MapC1(c));
        }
        else if (IsXmlChar(c) && !char.IsSurrogate(c))
        {
            sb.Append(c);
        }

        return i + 1;
    }

    private static int CopyMarkup(string text, int i, StringBuilder sb, ref bool seenRoot, Declared declared)
    {
        if (Starts(text, i, "<![CDATA["))
        {
            return CopyUntil(text, i, "]]>", sb);
        }

        if (Starts(text, i, "<!--"))
        {
            return CopyUntil(text, i, "-->", sb);
        }

        if (Starts(text, i, "<?"))
        {
            var end = text.IndexOf("?>", i, StringComparison.Ordinal);
            var stop = end < 0 ? text.Length : end + 2;
            // The text is already decoded, so the declaration's encoding must not be obeyed again.
            if (!Starts(text, i, "<?xml ") && !Starts(text, i, "<?xml?"))
            {
                CopyRange(text, i, stop, sb);
            }

            return stop;
        }

        if (!seenRoot && Starts(text, i, "<!DOCTYPE", StringComparison.OrdinalIgnoreCase))
        {
            var end = SkipDoctype(text, i);
            ReadDeclaredEntities(text.AsSpan(i, end - i), declared);
            return end;
        }

        if (!seenRoot && Starts(text, i, "<!"))
        {
            // A comment broken by a typo ("<!-<-") before the root: read past it, as the detector does.
            var end = text.IndexOf(Starts(text, i, "<!-") ? "-->" : ">", i, StringComparison.Ordinal);
            return end < 0 ? text.Length : end + (Starts(text, i, "<!-") ? 3 : 1);
        }

        var next = i + 1 < text.Length ? text[i + 1] : '\0';
        if (next == '/' || next == '!' || char.IsLetter(next) || next == '_' || next == ':')
        {
            if (next != '/' && next != '!')
            {
                seenRoot = true;
            }

            return CopyTag(text, i, sb, declared);
        }

        // "a < b" in text: a literal less-than sign. Before the root there is no text: a stray one is dropped.
        if (seenRoot)
        {
            sb.Append("&lt;");
        }

        return i + 1;
    }

    // Copies a tag, repairing references inside attribute values; stops at the first ">" outside quotes.
    private static int CopyTag(string text, int i, StringBuilder sb, Declared declared)
    {
        var quote = '\0';
        var start = i;
        while (i < text.Length)
        {
            var c = text[i];
            if (quote == '\0' && c == '>')
            {
                sb.Append(c);
                return i + 1;
            }

            if (quote == '\0' && c == '<' && i != start)
            {
                // A tag that never closed: let the reader report it at the next tag.
                return i;
            }

            if (c is '"' or '\'')
            {
                quote = quote == '\0' ? c : quote == c ? '\0' : quote;
            }

            if (c == '&')
            {
                i = RepairReference(text, i, sb, declared);
                continue;
            }

            if (quote != '\0' && c == '<')
            {
                sb.Append("&lt;");
                i++;
                continue;
            }

            i = CopyChar(text, i, sb);
        }

        return i;
    }

    private static int RepairReference(string text, int i, StringBuilder sb, Declared? declared)
    {
        var semi = text.IndexOf(';', i + 1, Math.Min(40, text.Length - i - 1));
        if (semi > i + 1)
        {
            var body = text.AsSpan(i + 1, semi - i - 1);
            if (body[0] == '#')
            {
                if (ParseCharRef(body[1..]) is int cp)
                {
                    cp = MapC1(cp);
                    if (IsXmlChar(cp))
                    {
                        sb.Append("&#").Append(cp.ToString(CultureInfo.InvariantCulture)).Append(';');
                    }

                    return semi + 1;
                }
            }
            else if (IsName(body))
            {
                var name = body.ToString();
                if (XmlPredefined.Contains(name))
                {
                    sb.Append(text, i, semi - i + 1);
                    return semi + 1;
                }

                // The document's own declarations first: they are what its author meant by the name.
                if (declared is not null && declared.Entities.TryGetValue(name, out var own) && declared.Budget >= own.Length)
                {
                    declared.Budget -= own.Length;
                    sb.Append(own);
                    return semi + 1;
                }

                if (CharacterReferences.Lookup(name) is string value)
                {
                    foreach (var rune in value.EnumerateRunes())
                    {
                        sb.Append("&#").Append(rune.Value.ToString(CultureInfo.InvariantCulture)).Append(';');
                    }

                    return semi + 1;
                }
            }
        }

        sb.Append("&amp;");
        return i + 1;
    }

    private static int? ParseCharRef(ReadOnlySpan<char> digits)
    {
        if (digits.Length == 0)
        {
            return null;
        }

        var hex = digits[0] is 'x' or 'X';
        var span = hex ? digits[1..] : digits;
        if (span.Length == 0 || span.Length > 8)
        {
            return null;
        }

        var style = hex ? NumberStyles.AllowHexSpecifier : NumberStyles.None;
        return int.TryParse(span, style, CultureInfo.InvariantCulture, out var cp) ? cp : null;
    }

    /// <summary>HTML5 reads &amp;#128;–&amp;#159; as the windows-1252 characters the author meant (&amp;#150; is an en dash).</summary>
    public static int MapC1(int cp)
    {
        if (cp is < 0x80 or > 0x9F)
        {
            return cp;
        }

        var mapped = BodyDecoder.Windows1252.GetString([(byte)cp]);
        return mapped.Length == 1 && mapped[0] != '?' ? mapped[0] : cp;
    }

    /// <summary>The text with each C1 control mapped as <see cref="MapC1"/> maps it; most text has none and comes back as is.</summary>
    public static string MapC1Characters(string text)
    {
        if (text.AsSpan().IndexOfAny(C1Controls) < 0)
        {
            return text;
        }

        return string.Create(text.Length, text, static (chars, source) =>
        {
            source.CopyTo(chars);
            MapC1Characters(chars);
        });
    }

    /// <summary>Maps each C1 control in place, as <see cref="MapC1"/> maps it.</summary>
    public static void MapC1Characters(Span<char> chars)
    {
        for (var i = chars.IndexOfAny(C1Controls); i >= 0 && i < chars.Length; i++)
        {
            chars[i] = (char)MapC1(chars[i]);
        }
    }

    private static bool IsName(ReadOnlySpan<char> s)
    {
        if (s.Length == 0 || !char.IsAsciiLetter(s[0]))
        {
            return false;
        }

        foreach (var c in s)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Reads &lt;!ENTITY name "value"&gt; declarations from a DOCTYPE's internal subset. A value is repaired once, with
    /// other declared names left unexpanded, so no declaration can multiply another (the "billion laughs"); parameter
    /// and external entities are ignored, as they were never fetched.
    /// </summary>
    private static void ReadDeclaredEntities(ReadOnlySpan<char> doctype, Declared declared)
    {
        var text = doctype.ToString();
        var at = 0;
        while (declared.Entities.Count < MaxDeclaredEntities && (at = text.IndexOf("<!ENTITY", at, StringComparison.Ordinal)) >= 0)
        {
            at += 8;
            var j = SkipBlanks(text, at);
            if (j >= text.Length || text[j] == '%')
            {
                continue;
            }

            var nameStart = j;
            while (j < text.Length && (char.IsLetterOrDigit(text[j]) || text[j] is '_' or '-' or '.' or ':'))
            {
                j++;
            }

            var name = text[nameStart..j];
            j = SkipBlanks(text, j);
            if (name.Length == 0 || j >= text.Length || text[j] is not ('"' or '\''))
            {
                continue;
            }

            var close = text.IndexOf(text[j], j + 1);
            if (close < 0 || close - j - 1 > MaxDeclaredEntityLength)
            {
                continue;
            }

            var value = text[(j + 1)..close];
            var repaired = new StringBuilder(value.Length);
            for (var k = 0; k < value.Length;)
            {
                k = value[k] == '&' ? RepairReference(value, k, repaired, null)
                    : value[k] == '<' ? AppendAndStep(repaired, "&lt;", k)
                    : CopyRun(value, k, value.Length, repaired, NeedsCare);
            }

            declared.Entities.TryAdd(name, repaired.ToString());
            at = close + 1;
        }
    }

    private static int AppendAndStep(StringBuilder sb, string value, int i)
    {
        sb.Append(value);
        return i + 1;
    }

    private static int SkipBlanks(string text, int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        return i;
    }

    private static int SkipDoctype(string text, int i)
    {
        var quote = '\0';
        var inSubset = false;
        for (var j = i + 9; j < text.Length; j++)
        {
            var c = text[j];
            if (quote != '\0')
            {
                quote = c == quote ? '\0' : quote;
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '[')
            {
                inSubset = true;
            }
            else if (c == ']')
            {
                inSubset = false;
            }
            else if (c == '>' && !inSubset)
            {
                return j + 1;
            }
        }

        return text.Length;
    }

    private static int CopyUntil(string text, int i, string terminator, StringBuilder sb)
    {
        var end = text.IndexOf(terminator, i, StringComparison.Ordinal);
        var stop = end < 0 ? text.Length : end + terminator.Length;
        CopyRange(text, i, stop, sb);
        return stop;
    }

    private static void CopyRange(string text, int start, int stop, StringBuilder sb)
    {
        for (var j = start; j < stop;)
        {
            j = CopyRun(text, j, stop, sb, NeedsCareInLiteral);
        }
    }

    private static bool Starts(string text, int i, string value, StringComparison comparison = StringComparison.Ordinal) =>
        string.Compare(text, i, value, 0, value.Length, comparison) == 0 && text.Length - i >= value.Length;
}
