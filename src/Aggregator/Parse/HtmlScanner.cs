namespace Aggregator.Parse;

/// <summary>
/// The one forward scan from HTML to text, its rules chosen by the <see cref="TextLayout"/>. A scan rather than a DOM:
/// it runs on every article's summary and content when topics are matched (and again over the whole store when
/// topics change), where an AngleSharp parse costs twenty times more (1.7 ms against 70 µs for 12 KB).
/// <list type="bullet">
/// <item><see cref="TextLayout.Blocks"/>: one line per block, references decoded as they are read. Its text equals
/// a full HTML5 parse's on the readability corpus (a test checks).</item>
/// <item><see cref="TextLayout.Inline"/>: the tags as titles and feed fields have always been stripped (a few blocks
/// leave a space, only script and style hide their content), text copied as written; <see cref="HtmlText"/> decodes and
/// collapses the result, so stored values keep their bytes.</item>
/// </list>
/// </summary>
internal static class HtmlScanner
{
    /// <summary>Elements whose start and end break the line.</summary>
    private static readonly HashSet<string> Blocks = new(StringComparer.Ordinal)
    {
        "p", "div", "section", "article", "aside", "header", "footer", "main", "nav", "address",
        "blockquote", "pre", "ul", "ol", "li", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
        "figure", "figcaption", "table", "thead", "tbody", "tfoot", "tr", "caption", "hr",
        "details", "summary", "form", "fieldset", "legend", "center", "br",
    };

    /// <summary>The inline layout's blocks: their tags, start or end, leave a space between the words around them.</summary>
    private static readonly HashSet<string> InlineBreaks = new(StringComparer.Ordinal)
    {
        "br", "p", "div", "li", "tr", "td", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
    };

    /// <summary>Elements whose content is raw text up to their end tag, and never shown.</summary>
    private static readonly HashSet<string> RawText = new(StringComparer.Ordinal)
    {
        "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
    };

    /// <summary>
    /// Elements holding markup a reader never sees. noscript is read as markup, as the sanitizer's
    /// scripting-off parse reads it, so both agree on where it ends.
    /// </summary>
    private static readonly HashSet<string> Invisible = new(StringComparer.Ordinal)
    {
        "template", "svg", "math", "select", "object", "canvas", "button", "datalist", "noscript",
    };

    /// <summary>
    /// The text of <paramref name="html"/> in <paramref name="layout"/>: for Blocks, entities decoded, tags removed,
    /// blocks on their own lines, whitespace collapsed, trimmed; for Inline, tags removed and nothing else.
    /// </summary>
    public static string Scan(string? html, TextLayout layout)
    {
        if (string.IsNullOrEmpty(html))
        {
            return "";
        }

        var inline = layout == TextLayout.Inline;
        if (inline && !html.Contains('<', StringComparison.Ordinal))
        {
            return html;
        }

        var text = new PlainTextBuilder(html.Length, collapse: !inline);
        // Invisible elements found never closed: the next one of the same name is read on at once,
        // not searched to the end again (100,000 unclosed <svg> would take a scan each).
        HashSet<string>? unclosed = null;
        var i = 0;
        while (i < html.Length)
        {
            var c = html[i];
            if (c == '<')
            {
                i = ReadMarkup(html, i, layout, text, ref unclosed);
            }
            else if (c == '&' && !inline)
            {
                i = CharacterReferences.Decode(html, i, text);
            }
            else
            {
                text.Append(c);
                i++;
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// Handles the markup starting at html[start] == '&lt;' and returns where text resumes. A '&lt;' that starts no
    /// markup and a comment read the same in both layouts; a tag is read by the layout's rules.
    /// </summary>
    private static int ReadMarkup(string html, int start, TextLayout layout, PlainTextBuilder text, ref HashSet<string>? unclosed)
    {
        var i = start + 1;
        var next = i < html.Length ? html[i] : '\0';
        if (!(char.IsAsciiLetter(next) || next is '/' or '!' or '?'))
        {
            // "a < b": a lone '<' is text.
            text.Append('<');
            return i;
        }

        if (string.CompareOrdinal(html, i, "!--", 0, 3) == 0)
        {
            var close = html.IndexOf("-->", i + 3, StringComparison.Ordinal);
            return close < 0 ? html.Length : close + 3;
        }

        return layout == TextLayout.Inline ? ReadInlineTag(html, start, text) : ReadBlockTag(html, start, text, ref unclosed);
    }

    /// <summary>The block layout's tag at html[start] == '&lt;' followed by a letter, '/', '!' or '?'.</summary>
    private static int ReadBlockTag(string html, int start, PlainTextBuilder text, ref HashSet<string>? unclosed)
    {
        var i = start + 1;
        var next = html[i];
        if (char.IsAsciiLetter(next))
        {
            var tag = HtmlTag.Read(html, start);
            OpenElement(html, tag, text);
            return SkipContent(html, tag, ref unclosed);
        }

        if (next == '/' && i + 1 < html.Length && char.IsAsciiLetter(html[i + 1]))
        {
            var tag = HtmlTag.Read(html, start);
            if (Blocks.Contains(tag.Name))
            {
                text.LineBreak();
            }

            return tag.End;
        }

        // Doctype, CDATA outside foreign content, processing instruction, "</>" : a bogus comment up to '>'.
        var end = html.IndexOf('>', i);
        return end < 0 ? html.Length : end + 1;
    }

    /// <summary>
    /// The inline layout's tag at html[i] == '&lt;' followed by a letter, '/', '!' or '?': up to an unquoted '&gt;'
    /// (a tag never closed drops the rest); script and style hide their content, a few blocks leave a space.
    /// </summary>
    private static int ReadInlineTag(string html, int i, PlainTextBuilder text)
    {
        var end = InlineTagEnd(html, i + 1);
        if (end < 0)
        {
            return html.Length;
        }

        var tag = html[(i + 1)..end].TrimStart('/');
        var nameLength = 0;
        while (nameLength < tag.Length && char.IsAsciiLetterOrDigit(tag[nameLength]))
        {
            nameLength++;
        }

        var tagName = tag[..nameLength].ToLowerInvariant();
        var isOpening = html[i + 1] != '/' && html[end - 1] != '/';
        if (isOpening && tagName is "script" or "style")
        {
            var close = html.IndexOf("</" + tagName, end + 1, StringComparison.OrdinalIgnoreCase);
            var closeEnd = close < 0 ? -1 : html.IndexOf('>', close);
            return closeEnd < 0 ? html.Length : closeEnd + 1;
        }

        if (InlineBreaks.Contains(tagName))
        {
            text.Space();
        }

        return end + 1;
    }

    // The ">" that closes an inline-layout tag, skipping any inside quoted attribute values (alt="a<br>b").
    private static int InlineTagEnd(string html, int i)
    {
        var quote = '\0';
        for (; i < html.Length; i++)
        {
            var c = html[i];
            if (quote != '\0')
            {
                quote = c == quote ? '\0' : quote;
            }
            else if (c is '"' or '\'' && i > 0 && html[i - 1] == '=')
            {
                quote = c;
            }
            else if (c == '>')
            {
                return i;
            }
        }

        return -1;
    }

    private static void OpenElement(string html, HtmlTag tag, PlainTextBuilder text)
    {
        switch (tag.Name)
        {
            case "td" or "th":
                text.Space();
                return;
            case "img":
                // An image stands between words (never glue "X800" and "Best" together); a reader that
                // shows no image shows its alt text instead.
                text.Space();
                if (tag.Attribute(html, "alt") is { Length: > 0 } alt)
                {
                    AppendDecoded(alt, text);
                    text.Space();
                }

                return;
        }

        if (Blocks.Contains(tag.Name))
        {
            text.LineBreak();
        }
    }

    /// <summary>Past the content of raw-text and invisible elements; just past the tag otherwise.</summary>
    private static int SkipContent(string html, HtmlTag tag, ref HashSet<string>? unclosed)
    {
        if (tag.SelfClosing && tag.Name is "svg" or "math")
        {
            return tag.End;
        }

        if (tag.Name == "plaintext")
        {
            return html.Length;
        }

        if (tag.Name == "script")
        {
            return AfterScript(html, tag.End);
        }

        if (RawText.Contains(tag.Name))
        {
            return AfterEndTag(html, tag.End, tag.Name);
        }

        if (!Invisible.Contains(tag.Name) || (unclosed?.Contains(tag.Name) ?? false))
        {
            return tag.End;
        }

        // Nested elements of the same name (svg inside svg) must not end the skip early.
        var depth = 1;
        var i = tag.End;
        while (depth > 0)
        {
            var lt = html.IndexOf('<', i);
            if (lt < 0 || lt + 1 >= html.Length)
            {
                // Never closed: rather than lose the rest of the text, read on as if the tag were unknown.
                (unclosed ??= new HashSet<string>(StringComparer.Ordinal)).Add(tag.Name);
                return tag.End;
            }

            if (char.IsAsciiLetter(html[lt + 1]) || (html[lt + 1] == '/' && lt + 2 < html.Length && char.IsAsciiLetter(html[lt + 2])))
            {
                var inner = HtmlTag.Read(html, lt);
                if (inner.Name == tag.Name)
                {
                    depth += inner.Closing ? -1 : inner.SelfClosing ? 0 : 1;
                }

                i = inner.End;
            }
            else
            {
                i = lt + 1;
            }
        }

        return i;
    }

    /// <summary>
    /// Just past a script's end tag. Inside "&lt;!--" a nested "&lt;script" makes the next "&lt;/script&gt;"
    /// part of the script (the HTML5 double-escaped states), which old inline scripts rely on.
    /// </summary>
    private static int AfterScript(string html, int from)
    {
        const int Data = 0, Escaped = 1, DoubleEscaped = 2;
        var state = Data;
        var i = from;
        while (i < html.Length)
        {
            if (html[i] != '<' && html[i] != '-')
            {
                i++;
                continue;
            }

            if (state != Data && string.CompareOrdinal(html, i, "-->", 0, 3) == 0)
            {
                state = Data;
                i += 3;
            }
            else if (state == Data && string.CompareOrdinal(html, i, "<!--", 0, 4) == 0)
            {
                state = Escaped;
                i += 4;
            }
            else if (IsTagNamed(html, i, "</script"))
            {
                if (state != DoubleEscaped)
                {
                    return HtmlTag.Read(html, i).End;
                }

                state = Escaped;
                i += 8;
            }
            else if (state == Escaped && IsTagNamed(html, i, "<script"))
            {
                state = DoubleEscaped;
                i += 7;
            }
            else
            {
                i++;
            }
        }

        return html.Length;
    }

    /// <summary>Whether html[i..] starts with <paramref name="prefix"/> (any case) followed by a character that ends a tag name.</summary>
    private static bool IsTagNamed(string html, int i, string prefix)
    {
        var after = i + prefix.Length;
        return after <= html.Length
            && string.Compare(html, i, prefix, 0, prefix.Length, StringComparison.OrdinalIgnoreCase) == 0
            && (after == html.Length || html[after] is '>' or '/' or ' ' or '\t' or '\n' or '\r' or '\f');
    }

    /// <summary>Just past "&lt;/name ...&gt;", searching case-insensitively from <paramref name="from"/>.</summary>
    private static int AfterEndTag(string html, int from, string name)
    {
        var endTag = "</" + name;
        var i = from;
        while (true)
        {
            var lt = html.IndexOf("</", i, StringComparison.Ordinal);
            if (lt < 0)
            {
                return html.Length;
            }

            if (IsTagNamed(html, lt, endTag))
            {
                return HtmlTag.Read(html, lt).End;
            }

            i = lt + 2;
        }
    }

    private static void AppendDecoded(string value, PlainTextBuilder text)
    {
        for (var i = 0; i < value.Length;)
        {
            if (value[i] == '&')
            {
                i = CharacterReferences.Decode(value, i, text);
            }
            else
            {
                text.Append(value[i]);
                i++;
            }
        }
    }
}
