using System.Text;
using System.Text.RegularExpressions;

namespace Aggregator.Parse.Xml;

/// <summary>
/// What a lenient reader makes of an ill-formed entry: the child elements that can still be told apart
/// (&lt;title&gt;…&lt;/title&gt;, &lt;link href="…"/&gt;), each written again well-formed, their content kept as
/// text, and the rest left out. The entry is kept, which is what feedparser does, rather than lost whole.
/// </summary>
internal static partial class EntrySalvage
{
    /// <param name="entry">The entry's text, from its start tag to its end tag (or to where the next entry starts).</param>
    /// <param name="tag">Its name as written (item or entry).</param>
    public static string Rewrite(ReadOnlySpan<char> entry, string tag)
    {
        try
        {
            return RewriteOrThrow(entry.ToString(), tag);
        }
        catch (RegexMatchTimeoutException)
        {
            // A hostile entry the patterns cannot get through in time: it stays, empty, and is counted as such.
            return "<" + tag + "></" + tag + ">";
        }
    }

    private static string RewriteOrThrow(string text, string tag)
    {
        var open = text.IndexOf('>', StringComparison.Ordinal);
        var startTag = "<" + tag + (open > 0 ? WellFormedAttributes(text[(1 + tag.Length)..open]) : "") + ">";

        // Its end tag, when it has one, is written anew below.
        var close = "</" + tag + ">";
        var innerEnd = text.EndsWith(close, StringComparison.Ordinal) ? text.Length - close.Length : text.Length;
        var inner = text[(open < 0 ? 0 : open + 1)..Math.Max(open + 1, innerEnd)];
        var sb = new StringBuilder(startTag);
        foreach (Match child in ChildRegex().Matches(inner))
        {
            var name = child.Groups["name"].Value;
            var attributes = WellFormedAttributes(child.Groups["attrs"].Value);

            if (!child.Groups["body"].Success)
            {
                sb.Append('<').Append(name).Append(attributes).Append("/>");
                continue;
            }

            var body = child.Groups["body"].Value;
            sb.Append('<').Append(name).Append(attributes).Append('>');
            // Markup inside is kept as the text it is (a description's HTML), in a section that cannot end early.
            sb.Append(body.Contains('<', StringComparison.Ordinal) || body.Contains(']', StringComparison.Ordinal)
                ? "<![CDATA[" + body.Replace("<![CDATA[", "", StringComparison.Ordinal).Replace("]]>", "]]]]><![CDATA[>", StringComparison.Ordinal) + "]]>"
                : body);
            sb.Append("</").Append(name).Append('>');
        }

        return sb.Append("</").Append(tag).Append('>').ToString();
    }

    // The attributes as XML wants them, each name once (the first), or none when they cannot be made out.
    private static string WellFormedAttributes(string written)
    {
        var trimmed = written.TrimEnd().TrimEnd('/');
        if (!AttributesRegex().IsMatch(trimmed))
        {
            return "";
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var sb = new StringBuilder();
        foreach (Match attribute in AttributeRegex().Matches(trimmed))
        {
            if (seen.Add(attribute.Groups["name"].Value))
            {
                sb.Append(' ').Append(attribute.Value.Trim());
            }
        }

        return sb.ToString();
    }

    [GeneratedRegex("""(?<name>[A-Za-z_][A-Za-z0-9_.:\-]*)\s*=\s*(?:"[^"]*"|'[^']*')""", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex AttributeRegex();

    // A child: a start tag with a plain name, then either "/>" or content up to its own end tag.
    [GeneratedRegex("""<(?<name>[A-Za-z_][A-Za-z0-9_.\-]*(?::[A-Za-z_][A-Za-z0-9_.\-]*)?)(?<attrs>[^<>]*?)(?:/>|>(?<body>.*?)</\k<name>\s*>)""",
        RegexOptions.Singleline | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex ChildRegex();

    // Attributes as XML wants them, and nothing else.
    [GeneratedRegex("""^(?:\s+[A-Za-z_][A-Za-z0-9_.:\-]*\s*=\s*(?:"(?:[^"<&]|&(?:\#[0-9]+|\#x[0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);)*"|'(?:[^'<&]|&(?:\#[0-9]+|\#x[0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);)*'))*\s*/?$""", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex AttributesRegex();
}
