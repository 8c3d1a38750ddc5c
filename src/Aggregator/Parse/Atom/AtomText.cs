using System.Text;
using Aggregator.Parse.Xml;

namespace Aggregator.Parse.Atom;

/// <summary>
/// Atom text constructs: type="text" (default), "html", "xhtml", or Atom 0.3 MIME types with
/// mode="xml" | "escaped" | "base64".
/// </summary>
public static class AtomText
{
    private enum Kind { Text, Html, Xhtml }

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
        var plain = kind == Kind.Text ? HtmlText.CollapseWhitespace(value) : HtmlText.ToPlainText(value, TextLayout.Inline);
        return plain.Length == 0 ? null : plain;
    }

    /// <param name="trimmed">The caller trims the value: a text may come trimmed already.</param>
    private static (Kind Kind, string Value) Read(FeedElement e, bool trimmed)
    {
        var type = (e.Attr("type") ?? "").Trim().ToUpperInvariant();
        var mode = (e.Attr("mode") ?? "").Trim().ToUpperInvariant();
        var kind = type switch
        {
            "HTML" or "TEXT/HTML" => Kind.Html,
            "XHTML" or "APPLICATION/XHTML+XML" => Kind.Xhtml,
            _ => Kind.Text,
        };

        // Atom 0.3 left the type open; what such feeds put there is HTML as often as not (RSS habits).
        if (type.Length == 0 && e.Namespace != Ns.Atom10)
        {
            kind = Kind.Html;
        }

        // RFC 4287 §4.1.3.3: any other MIME type that is not text or XML is base64.
        var isBase64Type = type.Contains('/', StringComparison.Ordinal) && !type.StartsWith("TEXT/", StringComparison.Ordinal)
            && !type.EndsWith("XML", StringComparison.Ordinal) && e.Namespace == Ns.Atom10;
        if (isBase64Type)
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
