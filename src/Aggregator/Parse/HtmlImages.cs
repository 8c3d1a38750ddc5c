using System.Text;

namespace Aggregator.Parse;

/// <summary>The first picture an HTML body shows, for entries that name no image of their own (as gofeed and Miniflux do).</summary>
public static class HtmlImages
{
    /// <summary>The absolute src of the first &lt;img&gt; that has one, or null.</summary>
    public static Uri? First(string? html, Uri? baseUri)
    {
        if (html is null)
        {
            return null;
        }

        // Tag by tag, so each character is looked at a bounded number of times whatever the input.
        var at = 0;
        while ((at = html.IndexOf("<img", at, StringComparison.OrdinalIgnoreCase)) >= 0)
        {
            var end = html.IndexOf('>', at);
            if (end < 0)
            {
                return null;
            }

            if (Src(html.AsSpan(at, end - at)) is string src)
            {
                return UriResolver.Resolve(HtmlText.Decode(src), baseUri);
            }

            at = end;
        }

        return null;
    }

    /// <summary>
    /// As <see cref="First(string?, Uri?)"/>, over the UTF-8 of the body (an entry's body kept undecoded): the same
    /// tags are found ("&lt;img" matches only in ASCII case, as an ordinal search that ignores case matches it: no
    /// other character folds to those letters), and each is decoded alone to read its src by the same rule.
    /// </summary>
    public static Uri? First(ReadOnlySpan<byte> html, Uri? baseUri)
    {
        var starts = new TagStarts();
        var at = 0;
        while ((at = starts.Img(html, at)) >= 0)
        {
            var end = html[at..].IndexOf((byte)'>');
            if (end < 0)
            {
                return null;
            }

            end += at;
            if (Src(html[at..end]) is string src)
            {
                return UriResolver.Resolve(HtmlText.Decode(src), baseUri);
            }

            at = end;
        }

        return null;
    }

    /// <summary>
    /// Where the "&lt;img" tags of one body start. "&lt;i" and "&lt;I" are searched for apart, each a vectorized search
    /// that passes over every other tag at once (a search for "&lt;" stopped at each of them, a call per tag of every
    /// body without a picture), and each is searched for again only once the caller has moved past its last match,
    /// so every byte is still looked at a bounded number of times.
    /// </summary>
    private struct TagStarts
    {
        // Where each spelling was last found, -1 when it is not in the rest of the body; valid from "_searched" on.
        private int _lower;
        private int _upper;
        private bool _searched;

        /// <summary>Where "&lt;img" in any ASCII case starts at or past <paramref name="from"/>, or -1.</summary>
        public int Img(ReadOnlySpan<byte> html, int from)
        {
            while (true)
            {
                if (!_searched || (_lower >= 0 && _lower < from))
                {
                    _lower = Find(html, from, "<i"u8);
                }

                if (!_searched || (_upper >= 0 && _upper < from))
                {
                    _upper = Find(html, from, "<I"u8);
                }

                _searched = true;
                var at = _lower < 0 ? _upper : _upper < 0 ? _lower : Math.Min(_lower, _upper);
                if (at < 0 || at + 4 > html.Length)
                {
                    return -1;
                }

                if ((html[at + 2] | 0x20) == 'm' && (html[at + 3] | 0x20) == 'g')
                {
                    return at;
                }

                from = at + 1;
            }
        }

        private static int Find(ReadOnlySpan<byte> html, int from, ReadOnlySpan<byte> start) =>
            html[from..].IndexOf(start) is var at and >= 0 ? from + at : -1;
    }

    // A tag's src read from its characters: a tag is short, so they fit on the stack, bar a hostile one.
    private static string? Src(ReadOnlySpan<byte> tag)
    {
        const int OnStack = 512;
        var chars = tag.Length <= OnStack ? stackalloc char[OnStack] : new char[tag.Length];
        return Src(chars[..Encoding.UTF8.GetChars(tag, chars)]);
    }

    /// <summary>
    /// The value of the first src attribute in a tag's text, read as the pattern
    /// <c>\ssrc\s*=\s*(?:"(?&lt;src&gt;[^"]*)"|'(?&lt;src&gt;[^']*)'|(?&lt;src&gt;[^\s&gt;]+))</c> (ignoring case, culture-invariant)
    /// reads it: an unclosed quote is part of a bare value. Read by hand because this runs for every entry of
    /// every poll, and a regex match allocated its Match and groups each time.
    /// </summary>
    internal static string? Src(ReadOnlySpan<char> tag)
    {
        for (var p = 0; p + 4 <= tag.Length; p++)
        {
            // "| 0x20" folds ASCII case only, as the culture-invariant pattern does (no "ſ" for "s").
            if (!char.IsWhiteSpace(tag[p]) || (tag[p + 1] | 0x20) != 's' || (tag[p + 2] | 0x20) != 'r' || (tag[p + 3] | 0x20) != 'c')
            {
                continue;
            }

            var i = SkipWhitespace(tag, p + 4);
            if (i >= tag.Length || tag[i] != '=')
            {
                continue;
            }

            i = SkipWhitespace(tag, i + 1);
            if (i >= tag.Length)
            {
                continue;
            }

            if (tag[i] is '"' or '\'' && tag[(i + 1)..].IndexOf(tag[i]) is var close and >= 0)
            {
                return tag.Slice(i + 1, close).ToString();
            }

            var run = i;
            while (run < tag.Length && !char.IsWhiteSpace(tag[run]) && tag[run] != '>')
            {
                run++;
            }

            if (run > i)
            {
                return tag[i..run].ToString();
            }
        }

        return null;
    }

    private static int SkipWhitespace(ReadOnlySpan<char> text, int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        return i;
    }
}
