namespace Aggregator.Scrape;

/// <summary>
/// Cuts a page where its elements nest deeper than a limit, before the HTML parser sees it.
/// The HTML5 tree builder scans the stack of open elements on many start tags, so parsing
/// 200,000 nested divs takes minutes; browsers cap the depth for the same reason (Blink at 512).
/// The count is an over-estimate (tags whose end tag is optional are not counted, everything else is),
/// which only matters for pages that are hostile or broken anyway.
/// </summary>
internal static class NestingGuard
{
    public const int MaxDepth = 512;

    private static readonly HashSet<string> Void = new(StringComparer.OrdinalIgnoreCase)
    {
        "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "image", "img", "input",
        "keygen", "link", "meta", "param", "source", "track", "wbr",
    };

    // End tags the parser supplies by itself; counting them would inflate the depth of ordinary pages.
    private static readonly HashSet<string> OptionalEnd = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "rb", "rt", "rtc", "rp",
        "thead", "tbody", "tfoot", "colgroup", "caption", "html", "head", "body",
    };

    private static readonly HashSet<string> RawText = new(StringComparer.OrdinalIgnoreCase)
    {
        // Not noscript: with scripting off, as here, its content is parsed as markup.
        "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
    };

    /// <summary>The page up to the first tag that would nest deeper than <paramref name="maxDepth"/>.</summary>
    public static string Clamp(string html, out bool truncated, int maxDepth = MaxDepth)
    {
        truncated = false;
        var depth = 0;
        var foreign = 0;
        var i = 0;
        while (true)
        {
            i = html.IndexOf('<', i);
            if (i < 0 || i + 1 >= html.Length)
            {
                return html;
            }

            var next = html[i + 1];
            if (next == '!' || next == '?')
            {
                i = string.CompareOrdinal(html, i, "<!--", 0, 4) == 0 ? SkipPast(html, i + 4, "-->") : SkipPast(html, i + 2, ">");
                continue;
            }

            if (next == '/')
            {
                if (i + 2 < html.Length && char.IsAsciiLetter(html[i + 2]))
                {
                    var (endName, _) = ReadName(html, i + 2);
                    if (!OptionalEnd.Contains(endName) && depth > 0)
                    {
                        depth--;
                    }

                    if (IsForeignRoot(endName) && foreign > 0)
                    {
                        foreign--;
                    }
                }

                i = SkipPast(html, i + 2, ">");
                continue;
            }

            if (!char.IsAsciiLetter(next))
            {
                i++;
                continue;
            }

            var tagStart = i;
            var (name, afterName) = ReadName(html, i + 1);
            var (tagEnd, selfClosing) = FindTagEnd(html, afterName);
            i = tagEnd;
            if (name.Equals("plaintext", StringComparison.OrdinalIgnoreCase))
            {
                return html;
            }

            if (RawText.Contains(name))
            {
                i = SkipRawText(html, i, name);
                continue;
            }

            // HTML ignores "/>" on its own elements ("<div/>" stays open); only SVG and MathML elements close that way.
            if (Void.Contains(name) || OptionalEnd.Contains(name) || (selfClosing && (foreign > 0 || IsForeignRoot(name))))
            {
                continue;
            }

            if (IsForeignRoot(name))
            {
                foreign++;
            }

            depth++;
            if (depth > maxDepth)
            {
                truncated = true;
                return html[..tagStart];
            }
        }
    }

    private static bool IsForeignRoot(string name) =>
        name.Equals("svg", StringComparison.OrdinalIgnoreCase) || name.Equals("math", StringComparison.OrdinalIgnoreCase);

    private static (string Name, int End) ReadName(string html, int start)
    {
        var end = start;
        while (end < html.Length && end - start < 32 && (char.IsAsciiLetterOrDigit(html[end]) || html[end] == '-' || html[end] == ':'))
        {
            end++;
        }

        return (html[start..end], end);
    }

    private static (int End, bool SelfClosing) FindTagEnd(string html, int i)
    {
        char quote = '\0';
        for (; i < html.Length; i++)
        {
            var c = html[i];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '>')
            {
                return (i + 1, html[i - 1] == '/');
            }
        }

        return (html.Length, false);
    }

    private static int SkipPast(string html, int start, string terminator)
    {
        var at = html.IndexOf(terminator, start, StringComparison.Ordinal);
        return at < 0 ? html.Length : at + terminator.Length;
    }

    private static int SkipRawText(string html, int start, string name)
    {
        var at = start;
        while (true)
        {
            at = html.IndexOf("</", at, StringComparison.Ordinal);
            if (at < 0)
            {
                return html.Length;
            }

            if (string.Compare(html, at + 2, name, 0, name.Length, StringComparison.OrdinalIgnoreCase) == 0)
            {
                return at;
            }

            at += 2;
        }
    }
}
