namespace Aggregator.Normalize;

/// <summary>What survives sanitizing: the one place to read or widen the allowlists.</summary>
internal static class HtmlSanitizerPolicy
{
    /// <summary>Elements kept (with the attributes below); any other element is unwrapped, its children kept.</summary>
    public static readonly HashSet<string> Elements = new(StringComparer.Ordinal)
    {
        "p", "br", "a", "b", "strong", "i", "em", "u", "s", "strike", "del", "ins", "mark",
        "blockquote", "q", "cite", "code", "pre", "kbd", "samp", "var",
        "ul", "ol", "li", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
        "img", "figure", "figcaption", "picture", "source", "video", "audio",
        "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "colgroup", "col",
        "hr", "sub", "sup", "small", "span", "div", "abbr", "time", "details", "summary", "address",
    };

    /// <summary>
    /// Elements dropped together with everything inside them: active content, form controls, page furniture. Not
    /// &lt;form&gt; itself: it is unwrapped like any unknown element, since whole pages (ASP.NET's among them) sit inside
    /// one, and dropping it with its content lost article text on its way to the feed (issue 20); its controls still go.
    /// </summary>
    public static readonly HashSet<string> DroppedWithContent = new(StringComparer.Ordinal)
    {
        "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "param",
        "input", "button", "textarea", "select", "option", "optgroup", "datalist", "keygen", "output",
        "noscript", "noembed", "noframes", "template", "slot", "svg", "math", "canvas", "dialog", "portal",
        "base", "link", "meta", "title", "head",
    };

    /// <summary>
    /// Block-level elements not kept as themselves: each is written as a div, so its text stays a block of its own
    /// (issue 20: a page's sections and headers hold the article a full-text outlet republishes).
    /// </summary>
    public static readonly HashSet<string> BlockContainers = new(StringComparer.Ordinal)
    {
        "article", "section", "header", "footer", "main", "aside", "nav", "hgroup", "center", "fieldset", "legend",
        "dir", "menu", "search", "listing", "xmp", "plaintext",
    };

    /// <summary>Void elements, written as &lt;br /&gt; so the fragment is well-formed XML too.</summary>
    public static readonly HashSet<string> Void = new(StringComparer.Ordinal)
    {
        "br", "hr", "img", "source", "col",
    };

    /// <summary>Attributes every kept element may carry.</summary>
    public static readonly HashSet<string> GlobalAttributes = new(StringComparer.Ordinal) { "title", "lang", "dir" };

    /// <summary>Attributes particular elements may carry besides the global ones.</summary>
    public static readonly Dictionary<string, HashSet<string>> ElementAttributes = new(StringComparer.Ordinal)
    {
        ["a"] = ["href"],
        ["img"] = ["src", "srcset", "sizes", "alt", "width", "height"],
        ["source"] = ["src", "srcset", "sizes", "type", "media"],
        ["video"] = ["src", "poster", "width", "height"],
        ["audio"] = ["src"],
        ["blockquote"] = ["cite"],
        ["q"] = ["cite"],
        ["del"] = ["cite", "datetime"],
        ["ins"] = ["cite", "datetime"],
        ["time"] = ["datetime"],
        ["td"] = ["colspan", "rowspan"],
        ["th"] = ["colspan", "rowspan", "scope"],
        ["col"] = ["span"],
        ["colgroup"] = ["span"],
        ["ol"] = ["start"],
        ["details"] = ["open"],
    };

    /// <summary>Hosts whose iframes are videos worth a link; the iframe itself never survives.</summary>
    public static readonly HashSet<string> VideoHosts = new(StringComparer.OrdinalIgnoreCase)
    {
        "youtube.com", "www.youtube.com", "m.youtube.com",
        "youtube-nocookie.com", "www.youtube-nocookie.com",
        "player.vimeo.com",
    };

    public static bool IsAttributeAllowed(string element, string attribute) =>
        GlobalAttributes.Contains(attribute)
        || (ElementAttributes.TryGetValue(element, out var allowed) && allowed.Contains(attribute));
}
