using System.Text;

namespace Aggregator.Parse;

/// <summary>A start or end tag found by <see cref="HtmlScanner"/>'s block layout: its lower-case name and where it ends.</summary>
internal readonly record struct HtmlTag(string Name, bool Closing, bool SelfClosing, int AttributesStart, int End)
{
    /// <summary>Reads the tag at html[start] == '&lt;'. A tag cut off by the end of the input runs to the end (browsers drop it).</summary>
    public static HtmlTag Read(string html, int start)
    {
        var i = start + 1;
        var closing = i < html.Length && html[i] == '/';
        if (closing)
        {
            i++;
        }

        var nameStart = i;
        while (i < html.Length && !IsSpace(html[i]) && html[i] is not ('/' or '>'))
        {
            i++;
        }

        var name = NameOf(html.AsSpan(nameStart, i - nameStart));
        var attributesStart = i;
        while (i < html.Length)
        {
            var c = html[i];
            if (c == '>')
            {
                var selfClosing = i > attributesStart && html[i - 1] == '/';
                return new HtmlTag(name, closing, selfClosing, attributesStart, i + 1);
            }

            i++;
            if (c == '=')
            {
                // A '>' inside a quoted value does not end the tag.
                while (i < html.Length && IsSpace(html[i]))
                {
                    i++;
                }

                if (i < html.Length && html[i] is '"' or '\'')
                {
                    var close = html.IndexOf(html[i], i + 1);
                    i = close < 0 ? html.Length : close + 1;
                }
            }
        }

        return new HtmlTag(name, closing, false, attributesStart, html.Length);
    }

    /// <summary>The raw (still entity-encoded) value of an attribute, or null.</summary>
    public string? Attribute(string html, string attribute)
    {
        var i = AttributesStart;
        var limit = End;
        while (i < limit)
        {
            while (i < limit && (IsSpace(html[i]) || html[i] == '/'))
            {
                i++;
            }

            var nameStart = i;
            while (i < limit && !IsSpace(html[i]) && html[i] is not ('=' or '>' or '/'))
            {
                i++;
            }

            var name = html.AsSpan(nameStart, i - nameStart);
            while (i < limit && IsSpace(html[i]))
            {
                i++;
            }

            string value = "";
            if (i < limit && html[i] == '=')
            {
                i++;
                while (i < limit && IsSpace(html[i]))
                {
                    i++;
                }

                if (i < limit && html[i] is '"' or '\'')
                {
                    var close = html.IndexOf(html[i], i + 1);
                    close = close < 0 ? limit : close;
                    value = html[(i + 1)..close];
                    i = close + 1;
                }
                else
                {
                    var valueStart = i;
                    while (i < limit && !IsSpace(html[i]) && html[i] != '>')
                    {
                        i++;
                    }

                    value = html[valueStart..i];
                }
            }

            if (name.Length == 0)
            {
                i++;
                continue;
            }

            if (name.Equals(attribute, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\n' or '\r' or '\f';

    /// <summary>
    /// The tag's name in lower case. A name the scanner knows is the one string kept here: cut from the HTML and
    /// lower-cased, every tag of every article's summary and content cost two strings, about half of what turning it
    /// into text allocated (bench/cpu-profile.md, h50d). Only ASCII is looked up: ignoring case, "dıv" (a dotless i)
    /// equals "div", which its lower case does not, and the scanner must keep reading it as an unknown element.
    /// </summary>
    private static string NameOf(ReadOnlySpan<char> written) =>
        Ascii.IsValid(written) && KnownByName.TryGetValue(written, out var known) ? known : written.ToString().ToLowerInvariant();

    // The elements the scanner has rules for, and those articles use most (the sanitizer's allowlist among them).
    private static readonly HashSet<string> KnownNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "a", "abbr", "address", "article", "aside", "audio", "b", "bdi", "bdo", "big", "blockquote", "body", "br", "button",
        "canvas", "caption", "center", "cite", "code", "col", "colgroup", "data", "datalist", "dd", "del", "details", "dfn",
        "div", "dl", "dt", "em", "embed", "fieldset", "figcaption", "figure", "font", "footer", "form", "h1", "h2", "h3", "h4",
        "h5", "h6", "head", "header", "hr", "html", "i", "iframe", "img", "input", "ins", "kbd", "label", "legend", "li",
        "link", "main", "mark", "math", "meta", "nav", "noembed", "noframes", "noscript", "object", "ol", "p", "picture",
        "plaintext", "pre", "q", "s", "samp", "script", "section", "select", "small", "source", "span", "strike", "strong",
        "style", "sub", "summary", "sup", "svg", "table", "tbody", "td", "template", "textarea", "tfoot", "th", "thead",
        "time", "title", "tr", "tt", "u", "ul", "var", "video", "wbr", "xmp",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> KnownByName = KnownNames.GetAlternateLookup<ReadOnlySpan<char>>();
}
