using System.Text;

namespace Aggregator.Parse;

/// <summary>
/// Flattens HTML where its elements nest deeper than a limit, before the HTML parser sees it:
/// every HTML parse on the ingest path (sanitizer, full text, listings, autodiscovery) goes through
/// it. The HTML5 tree builder scans the stack of open elements on many start tags, so parsing
/// 200,000 nested divs takes minutes; browsers cap the depth for the same reason (Blink at 512).
/// Tags past the limit are dropped with their matching end tags, and their text stays where it was.
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

    /// <summary>
    /// The page with every tag that would nest deeper than <paramref name="maxDepth"/> removed (and as many
    /// of the end tags that follow), text kept; the very same string when nothing nests that deep.
    /// </summary>
    public static string Clamp(string html, out bool truncated, int maxDepth = MaxDepth)
    {
        truncated = false;
        StringBuilder? kept = null;
        var copiedUpTo = 0;
        var depth = 0;
        // Start tags dropped past the limit whose end tags have not come yet: those end tags go too.
        var dropped = 0;
        var foreign = 0;
        var i = 0;
        while (true)
        {
            i = html.IndexOf('<', i);
            if (i < 0 || i + 1 >= html.Length)
            {
                break;
            }

            var next = html[i + 1];
            if (next == '!' || next == '?')
            {
                i = string.CompareOrdinal(html, i, "<!--", 0, 4) == 0 ? SkipPast(html, i + 4, "-->") : SkipPast(html, i + 2, ">");
                continue;
            }

            if (next == '/')
            {
                var endStart = i;
                var drop = false;
                if (i + 2 < html.Length && char.IsAsciiLetter(html[i + 2]))
                {
                    var (endName, _) = ReadName(html, i + 2);
                    if (OptionalEnd.Contains(endName))
                    {
                        drop = dropped > 0;
                    }
                    else
                    {
                        if (dropped > 0)
                        {
                            dropped--;
                            drop = true;
                        }
                        else if (depth > 0)
                        {
                            depth--;
                        }
                    }

                    if (IsForeignRoot(endName) && foreign > 0)
                    {
                        foreign--;
                    }
                }

                i = SkipPast(html, i + 2, ">");
                if (drop)
                {
                    Cut(html, ref kept, ref copiedUpTo, endStart, i);
                }
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
                break;
            }

            if (RawText.Contains(name))
            {
                i = SkipRawText(html, i, name);
                continue;
            }

            // HTML ignores "/>" on its own elements ("<div/>" stays open); only SVG and MathML elements close that way.
            if (Void.Contains(name) || (selfClosing && (foreign > 0 || IsForeignRoot(name))))
            {
                continue;
            }

            // Past the limit even the tags not counted go: 50,000 rows of cells opened down there would
            // come out as one flat table of 50,000 rows.
            if (OptionalEnd.Contains(name) && depth < maxDepth)
            {
                continue;
            }

            if (depth >= maxDepth)
            {
                truncated = true;
                // Optional end tags are dropped whenever they come below the limit, so only the others are matched.
                dropped += OptionalEnd.Contains(name) ? 0 : 1;
                Cut(html, ref kept, ref copiedUpTo, tagStart, tagEnd);
                continue;
            }

            if (IsForeignRoot(name))
            {
                foreign++;
            }

            depth++;
        }

        return kept is null ? html : kept.Append(html, copiedUpTo, html.Length - copiedUpTo).ToString();
    }

    // Leaves html[start..end) out of the copy being built.
    private static void Cut(string html, ref StringBuilder? kept, ref int copiedUpTo, int start, int end)
    {
        kept ??= new StringBuilder(html.Length);
        kept.Append(html, copiedUpTo, start - copiedUpTo);
        copiedUpTo = end;
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
