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

        var name = html[nameStart..i].ToLowerInvariant();
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
}
