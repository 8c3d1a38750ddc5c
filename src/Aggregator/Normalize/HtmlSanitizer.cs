using System.Buffers;
using System.Text;
using AngleSharp.Dom;
using Aggregator.Parse;

namespace Aggregator.Normalize;

/// <summary>
/// Feed HTML made safe to republish: an allowlist of elements and attributes, absolute http(s) URLs
/// only, no script in any spelling; the policy lives in <see cref="HtmlSanitizerPolicy"/>. Kept beside the
/// HtmlSanitizer package 11.0.26 (mganss, served here) on measurement: by default it keeps forms, `style` and
/// `target`, its output was not well-formed XML on about 105 of 382 attack vectors (our Atom and RSS embed it),
/// and it was 2-3x slower.
/// </summary>
public static class HtmlSanitizer
{
    private const string LinkRel = "noopener noreferrer nofollow";
    private const string HtmlNamespace = "http://www.w3.org/1999/xhtml";
    private const string MathMLNamespace = "http://www.w3.org/1998/Math/MathML";

    /// <summary>
    /// A serialized fragment with absolute URLs resolved against <paramref name="baseUri"/>; relative URLs
    /// are dropped when there is no base. The output is well-formed XML as well as HTML.
    /// </summary>
    public static string Sanitize(string? html, Uri? baseUri)
    {
        if (string.IsNullOrWhiteSpace(html))
        {
            return "";
        }

        return PlainText(html) ?? SimpleMarkup.Sanitize(html, baseUri) ?? SanitizeMarkup(html, baseUri);
    }

    /// <summary>The sanitizer's own road for markup: the browser's parse of it, walked against the allowlists.</summary>
    internal static string SanitizeMarkup(string html, Uri? baseUri)
    {
        var body = HtmlParsing.ParseBody(html);
        if (body is null)
        {
            return "";
        }

        var sb = ScratchBuilder.Rent(html.Length);
        // An explicit stack, not recursion: hostile input can nest elements deeper than the call stack.
        var stack = new Stack<object>();
        // One list for every element's attributes, cleared for each: a list per element is garbage per element.
        var attributes = new List<KeyValuePair<string, string>>();
        PushChildren(stack, body);
        while (stack.Count > 0)
        {
            switch (stack.Pop())
            {
                case string closeTag:
                    sb.Append("</").Append(closeTag).Append('>');
                    break;
                case IText text:
                    HtmlEscape.AppendText(sb, text.Data);
                    break;
                case IElement element:
                    WriteElement(sb, stack, element, baseUri, attributes);
                    break;
                default:
                    // Comments, processing instructions and doctypes never survive.
                    break;
            }
        }

        return ScratchBuilder.ToTrimmedStringAndReturn(sb);
    }

    /// <summary>
    /// The sanitized form of text that holds no markup (most summaries), or null when it may hold some. A browser
    /// reads such text as one text node with the character references decoded, so the document the markup road builds
    /// would hold nothing more: building it was about 20 KB and a parse per summary. Anything a browser would rewrite
    /// (a tag, NUL, CR, a control character, a lone surrogate, a reference other than the five below) takes the markup road.
    /// </summary>
    internal static string? PlainText(string html)
    {
        var span = html.AsSpan();
        if (HasLoneSurrogate(span))
        {
            return null;
        }

        if (span.IndexOfAny(NotPlain) < 0)
        {
            return HtmlEscape.Text(html).Trim();
        }

        // The thread's scratch builder: a new one per summary with a reference in it was a buffer its size, thrown away (issue 23).
        var sb = ScratchBuilder.Rent(html.Length);
        while (!span.IsEmpty)
        {
            var stop = span.IndexOfAny(NotPlain);
            if (stop < 0)
            {
                sb.Append(span);
                break;
            }

            sb.Append(span[..stop]);
            span = span[stop..];
            var (reference, decoded) = span[0] != '&' ? default
                : span.StartsWith("&amp;", StringComparison.Ordinal) ? (5, '&')
                : span.StartsWith("&lt;", StringComparison.Ordinal) ? (4, '<')
                : span.StartsWith("&gt;", StringComparison.Ordinal) ? (4, '>')
                : span.StartsWith("&quot;", StringComparison.Ordinal) ? (6, '"')
                : span.StartsWith("&apos;", StringComparison.Ordinal) ? (6, '\'')
                : default;
            if (reference == 0)
            {
                return ScratchBuilder.ReturnUnused(sb);
            }

            sb.Append(decoded);
            span = span[reference..];
        }

        return HtmlEscape.Text(ScratchBuilder.ToStringAndReturn(sb)).Trim();
    }

    // '&' starts a reference; the rest is what a browser would not keep as it is (or what the escaper would drop).
    internal static readonly SearchValues<char> NotPlain = SearchValues.Create("&<\r" + HtmlEscape.XmlForbidden);

    internal static bool HasLoneSurrogate(ReadOnlySpan<char> text)
    {
        for (var i = text.IndexOfAnyInRange('\uD800', '\uDFFF'); i >= 0 && i < text.Length; i++)
        {
            if (!char.IsSurrogate(text[i]))
            {
                continue;
            }

            if (!char.IsHighSurrogate(text[i]) || i + 1 == text.Length || !char.IsLowSurrogate(text[i + 1]))
            {
                return true;
            }

            i++;
        }

        return false;
    }

    private static void WriteElement(StringBuilder sb, Stack<object> stack, IElement element, Uri? baseUri, List<KeyValuePair<string, string>> attributes)
    {
        var name = element.LocalName;
        if (element.NamespaceUri != HtmlNamespace || HtmlSanitizerPolicy.DroppedWithContent.Contains(name))
        {
            if (name == "iframe" && VideoLinks.FromIframeSrc(element.GetAttribute("src"), baseUri) is { } video)
            {
                WriteVideoLink(sb, video, element.GetAttribute("title"));
            }
            else if (name == "math" && element.NamespaceUri == MathMLNamespace)
            {
                MathText.Write(sb, element);
            }

            return;
        }

        if (!HtmlSanitizerPolicy.Elements.Contains(name))
        {
            if (HtmlSanitizerPolicy.BlockContainers.Contains(name))
            {
                // Unwrapped, its text would run into its neighbour's ("<section>A</section><section>B</section>" read "AB").
                sb.Append("<div>");
                stack.Push("div");
            }

            PushChildren(stack, element);
            return;
        }

        attributes.Clear();
        foreach (var attribute in element.Attributes)
        {
            if (string.IsNullOrEmpty(attribute.NamespaceUri))
            {
                KeepAttribute(name, attribute.LocalName, attribute.Value, baseUri, attributes);
            }
        }

        switch (WriteStartTag(sb, name, attributes))
        {
            case StartTag.Unwrapped:
                PushChildren(stack, element);
                return;
            case StartTag.Dropped or StartTag.Void:
                return;
        }

        stack.Push(name);
        PushChildren(stack, element);
    }

    /// <summary>What became of a kept element's start tag.</summary>
    internal enum StartTag
    {
        /// <summary>Written; its children follow, then its end tag.</summary>
        Open,
        /// <summary>Written as a void element: nothing follows.</summary>
        Void,
        /// <summary>Not written, its children are: an anchor with nowhere safe to go is just its text.</summary>
        Unwrapped,
        /// <summary>Not written, nor anything inside it.</summary>
        Dropped,
    }

    /// <summary>Adds an attribute of an allowed element to <paramref name="attributes"/> when the policy keeps it, cleaned.</summary>
    internal static void KeepAttribute(string element, string attribute, string value, Uri? baseUri, List<KeyValuePair<string, string>> attributes)
    {
        if (HtmlSanitizerPolicy.IsAttributeAllowed(element, attribute)
            && CleanAttribute(element, attribute, value, baseUri) is { } clean)
        {
            attributes.Add(new(attribute, clean));
        }
    }

    /// <summary>
    /// The start tag of an allowed element with its kept attributes: the one writer both roads share, so that they
    /// cannot differ in what they write for the same element.
    /// </summary>
    internal static StartTag WriteStartTag(StringBuilder sb, string name, List<KeyValuePair<string, string>> attributes)
    {
        switch (name)
        {
            case "a" when !Has(attributes, "href"):
                return StartTag.Unwrapped;
            case "a":
                attributes.Add(new("rel", LinkRel));
                break;
            case "img" when !Has(attributes, "src"):
                return StartTag.Dropped;
            case "source" when !Has(attributes, "src") && !Has(attributes, "srcset"):
                return StartTag.Dropped;
            case "video" or "audio":
                // Never autoplay; give the reader the controls instead.
                attributes.Add(new("controls", "controls"));
                break;
        }

        sb.Append('<').Append(name);
        foreach (var (key, value) in attributes)
        {
            sb.Append(' ').Append(key).Append("=\"");
            HtmlEscape.AppendAttributeValue(sb, value);
            sb.Append('"');
        }

        if (HtmlSanitizerPolicy.Void.Contains(name))
        {
            sb.Append(" />");
            return StartTag.Void;
        }

        sb.Append('>');
        return StartTag.Open;
    }

    private static bool Has(List<KeyValuePair<string, string>> attributes, string key) => AttributeValue(attributes, key) is not null;

    /// <summary>The kept attribute's value, or null. A loop, not List.Exists with a lambda: this runs for every element of every article.</summary>
    internal static string? AttributeValue(List<KeyValuePair<string, string>> attributes, string key)
    {
        foreach (var (name, value) in attributes)
        {
            if (name == key)
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>
    /// The link an embedded player becomes. Its text is a play sign, not the address or the player's title: the
    /// reader still reaches the video, and a full-text article gains no words that are not the article's (a bare URL
    /// was six words in every published entry with a video). The player's title, when it has one, is the link's tooltip.
    /// </summary>
    internal static void WriteVideoLink(StringBuilder sb, string href, string? title)
    {
        sb.Append("<a href=\"");
        HtmlEscape.AppendAttributeValue(sb, href);
        sb.Append("\" title=\"");
        HtmlEscape.AppendAttributeValue(sb, string.IsNullOrWhiteSpace(title) ? "Video" : title.Trim());
        sb.Append("\" rel=\"").Append(LinkRel).Append("\">").Append(VideoLinkText).Append("</a>");
    }

    /// <summary>What a video link shows: a play sign, no word.</summary>
    internal const char VideoLinkText = '\u25B6';

    private static void PushChildren(Stack<object> stack, INode parent)
    {
        var children = parent.ChildNodes;
        for (var i = children.Length - 1; i >= 0; i--)
        {
            stack.Push(children[i]);
        }
    }

    /// <summary>The value to keep for an allowed attribute, or null to drop it.</summary>
    private static string? CleanAttribute(string element, string attribute, string value, Uri? baseUri) => attribute switch
    {
        "href" => UrlAttribute.Resolve(value, baseUri, allowMailto: true),
        "src" when element == "img" => UrlAttribute.DataImage(value) ?? UrlAttribute.Resolve(value, baseUri, allowMailto: false),
        "src" or "cite" or "poster" => UrlAttribute.Resolve(value, baseUri, allowMailto: false),
        "srcset" => Srcset.Rewrite(value, baseUri),
        "width" or "height" => IsNumber(value.Trim().TrimEnd('%')) ? value.Trim() : null,
        "colspan" or "rowspan" or "span" or "start" => IsNumber(value.Trim()) ? value.Trim() : null,
        "dir" => value.Trim().ToLowerInvariant() is "ltr" or "rtl" or "auto" ? value.Trim().ToLowerInvariant() : null,
        "lang" => value.Length is > 0 and <= 35 && value.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') ? value : null,
        "scope" => value.Trim().ToLowerInvariant() is "row" or "col" or "rowgroup" or "colgroup" ? value.Trim().ToLowerInvariant() : null,
        "open" => "open",
        _ => value,
    };

    private static bool IsNumber(string s) => s.Length is > 0 and <= 5 && s.All(char.IsAsciiDigit);
}
