using System.Buffers;
using System.Globalization;
using System.Text;
using Aggregator.Scrape;

namespace Aggregator.FullText;

/// <summary>
/// Bounds what an article page costs to parse. Fetch accepts 10 MB bodies and the DOM of a page dense with elements
/// costs some eighty times its size (a 10 MB long read allocated 2 GB, peak RSS 765 MB), so a page over
/// <see cref="MaxChars"/>, the listing cut's size, first has its script, style, SVG and long data URI payloads set
/// aside (they never carry article text; the tags stay, JSON-LD stays) and what remains is read up to
/// <see cref="MaxChars"/>, ending before a tag, the cut named in <see cref="ExtractedArticle.Cut"/>. The limit sits
/// above every page of the article corpora (the largest, 1.63 M characters), so real pages are parsed as served.
/// </summary>
internal static class LargeArticlePage
{
    /// <summary>Characters from which payloads are set aside, and of what remains read at most.</summary>
    public const int MaxChars = 2 * 1024 * 1024;

    /// <summary>A data URI longer than this is an embedded file, not a link a reader follows.</summary>
    private const int MaxDataUriChars = 256;

    private static readonly SearchValues<char> DataUriEnd = SearchValues.Create("\"' \t\r\n>)");

    /// <summary>The page to parse; <paramref name="cut"/> says what was left unread, null when nothing was.</summary>
    public static string Fit(string html, out string? cut)
    {
        cut = null;
        if (html.Length <= MaxChars)
        {
            return html;
        }

        var kept = SetPayloadsAside(html, out var setAside);
        if (kept.Length <= MaxChars)
        {
            return kept;
        }

        var end = PageCut.BeforeTag(kept, MaxChars);
        cut = string.Create(CultureInfo.InvariantCulture,
            $"article page cut at {end} of {kept.Length} characters ({setAside} characters of script, style, SVG and data URIs set aside first)");
        return kept[..end];
    }

    private static string SetPayloadsAside(string html, out long setAside)
    {
        var kept = new StringBuilder(Math.Min(html.Length, MaxChars * 2));
        setAside = 0;
        var pos = 0;
        while (pos < html.Length)
        {
            var lt = html.IndexOf('<', pos);
            var name = lt < 0 ? null : PayloadElement(html, lt);
            var openEnd = name is null ? -1 : html.IndexOf('>', lt);
            if (name is null || openEnd < 0)
            {
                var to = lt < 0 || openEnd < 0 && name is not null ? html.Length : lt + 1;
                CopyMarkup(kept, html, pos, to, ref setAside);
                pos = to;
                continue;
            }

            var close = html.IndexOf("</" + name, openEnd, StringComparison.OrdinalIgnoreCase);
            if (close < 0)
            {
                if (name == "svg")
                {
                    // Unclosed SVG is parsed as elements, so what follows is still the page: keep it.
                    CopyMarkup(kept, html, pos, openEnd + 1, ref setAside);
                    pos = openEnd + 1;
                    continue;
                }

                // An unclosed script or style runs to the end of the page for the parser too.
                close = html.Length;
            }

            CopyMarkup(kept, html, pos, openEnd + 1, ref setAside);
            if (name == "script" && html.AsSpan(lt, openEnd - lt).Contains("ld+json", StringComparison.OrdinalIgnoreCase))
            {
                // JSON-LD gives the title, byline and date.
                kept.Append(html, openEnd + 1, close - openEnd - 1);
            }
            else
            {
                setAside += close - openEnd - 1;
            }

            pos = close;
        }

        return kept.ToString();
    }

    /// <summary>"script", "style" or "svg" when a start tag of one begins at <paramref name="lt"/>.</summary>
    private static string? PayloadElement(string html, int lt)
    {
        foreach (var name in (ReadOnlySpan<string>)["script", "style", "svg"])
        {
            var after = lt + 1 + name.Length;
            if (after < html.Length
                && html.AsSpan(lt + 1, name.Length).Equals(name, StringComparison.OrdinalIgnoreCase)
                && (char.IsWhiteSpace(html[after]) || html[after] is '>' or '/'))
            {
                return name;
            }
        }

        return null;
    }

    /// <summary>Copies markup, with each long data URI emptied to <c>data:,</c>.</summary>
    private static void CopyMarkup(StringBuilder kept, string html, int from, int to, ref long setAside)
    {
        while (from < to)
        {
            var data = html.IndexOf("data:", from, to - from, StringComparison.OrdinalIgnoreCase);
            if (data < 0)
            {
                kept.Append(html, from, to - from);
                return;
            }

            var end = html.AsSpan(data, to - data).IndexOfAny(DataUriEnd);
            end = end < 0 ? to : data + end;
            if (end - data > MaxDataUriChars)
            {
                kept.Append(html, from, data - from).Append("data:,");
                setAside += end - data - "data:,".Length;
            }
            else
            {
                kept.Append(html, from, end - from);
            }

            from = end;
        }
    }
}
