using System.Text;
using Aggregator.Parse.Xml;

namespace Aggregator.Parse.Atom;

/// <summary>
/// Atom text constructs: type="text" (default), "html", "xhtml", or Atom 0.3 MIME types with
/// mode="xml" | "escaped" | "base64".
/// </summary>
public static class AtomText
{
    internal enum Kind { Text, Html, Xhtml }

    /// <summary>The construct as HTML: text is escaped, html is taken as is, xhtml is serialized.</summary>
    public static string? ToHtml(FeedElement? e)
    {
        if (e is null)
        {
            return null;
        }

        // Trimmed either way below: a content that ends in a newline is then handed on as read, not first
        // joined with that newline and copied again to be trimmed (two copies of every article's text).
        var (kind, value) = Read(e, trimmed: true);
        return HtmlOf(kind, value);
    }

    /// <summary>As <see cref="ToHtml"/>, for a construct's kind and its text, trimmed or not.</summary>
    internal static string? HtmlOf(Kind kind, string value)
    {
        var html = kind == Kind.Text ? HtmlText.TextToHtml(value) : value.Trim();
        return html.Length == 0 ? null : html;
    }

    /// <summary>The construct as display text.</summary>
    public static string? ToPlain(FeedElement? e)
    {
        if (e is null)
        {
            return null;
        }

        var (kind, value) = Read(e, trimmed: false);
        return PlainOf(kind, value);
    }

    /// <summary>As <see cref="ToPlain"/>, for a construct's kind and its whole text.</summary>
    internal static string? PlainOf(Kind kind, string value)
    {
        var plain = kind == Kind.Text ? HtmlText.CollapseWhitespace(value) : HtmlText.ToPlainText(value, TextLayout.Inline);
        return plain.Length == 0 ? null : plain;
    }

    /// <summary>
    /// How the text of a construct with no child elements is read, from its type and mode attributes and its
    /// namespace, as <see cref="Read"/> reads it; false where that is not the text as written (base64, or xhtml,
    /// which is serialized), to be read from the element.
    /// </summary>
    internal static bool TryLeafKind(string? typeAttribute, string? modeAttribute, string ns, out Kind kind)
    {
        (kind, var type, var mode) = Declared(typeAttribute, modeAttribute, ns);
        if (IsBase64Type(type, ns) || mode == "BASE64")
        {
            return false;
        }

        if (mode == "ESCAPED")
        {
            kind = kind == Kind.Xhtml ? Kind.Html : kind;
            return true;
        }

        return kind != Kind.Xhtml;
    }

    /// <param name="trimmed">The caller trims the value: a text may come trimmed already.</param>
    private static (Kind Kind, string Value) Read(FeedElement e, bool trimmed)
    {
        var (kind, type, mode) = Declared(e.Attr("type"), e.Attr("mode"), e.Namespace);
        if (IsBase64Type(type, e.Namespace))
        {
            var decoded = DecodeBase64(e.Text);
            return (HtmlText.LooksLikeHtml(decoded) ? Kind.Html : Kind.Text, decoded);
        }

        if (mode == "BASE64")
        {
            return (kind == Kind.Xhtml ? Kind.Html : kind, DecodeBase64(e.Text));
        }

        if (mode == "ESCAPED")
        {
            return (kind == Kind.Xhtml ? Kind.Html : kind, trimmed ? e.TrimmedText : e.Text);
        }

        // type="html" around an XHTML-style wrapper <div> that holds only escaped markup: the div is packaging,
        // its text is the HTML that was declared.
        // (HasElements first: the usual html construct has none, and listing them cost a list per entry.)
        if (kind == Kind.Html && e.HasElements && e.Elements.ToList() is [{ LocalName: "div", HasElements: false } wrapper]
            && e.Nodes.All(n => n is FeedElement || string.IsNullOrWhiteSpace((string)n)))
        {
            return (Kind.Html, trimmed ? wrapper.TrimmedText : wrapper.Text);
        }

        // Markup written inline where text was declared is still markup (sloppy feeds, Atom 0.3 mode="xml").
        if (kind == Kind.Xhtml || e.HasElements)
        {
            return (Kind.Xhtml, XhtmlInner(e));
        }

        return (kind, trimmed ? e.TrimmedText : e.Text);
    }

    /// <summary>The kind the type attribute declares, with the type and mode as compared (trimmed, upper case).</summary>
    private static (Kind Kind, string Type, string Mode) Declared(string? typeAttribute, string? modeAttribute, string ns)
    {
        var type = (typeAttribute ?? "").Trim().ToUpperInvariant();
        var mode = (modeAttribute ?? "").Trim().ToUpperInvariant();
        var kind = type switch
        {
            "HTML" or "TEXT/HTML" => Kind.Html,
            "XHTML" or "APPLICATION/XHTML+XML" => Kind.Xhtml,
            _ => Kind.Text,
        };

        // Atom 0.3 left the type open; what such feeds put there is HTML as often as not (RSS habits).
        if (type.Length == 0 && ns != Ns.Atom10)
        {
            kind = Kind.Html;
        }

        return (kind, type, mode);
    }

    // RFC 4287 §4.1.3.3: any other MIME type that is not text or XML is base64.
    private static bool IsBase64Type(string type, string ns) =>
        type.Contains('/', StringComparison.Ordinal) && !type.StartsWith("TEXT/", StringComparison.Ordinal)
        && !type.EndsWith("XML", StringComparison.Ordinal) && ns == Ns.Atom10;

    private static string XhtmlInner(FeedElement e)
    {
        // RFC 4287 §3.1.1.3: the content is one xhtml:div, which is not part of it.
        var elements = e.Elements.ToList();
        var onlyDiv = elements.Count == 1 && elements[0].LocalName == "div"
            && e.Nodes.All(n => n is FeedElement || string.IsNullOrWhiteSpace((string)n));
        return onlyDiv ? elements[0].InnerXml : e.InnerXml;
    }

    private static string DecodeBase64(string text)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(text.Trim()));
        }
        catch (FormatException)
        {
            return text;
        }
    }
}
