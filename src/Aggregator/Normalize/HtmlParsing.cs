using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Aggregator.Parse;

namespace Aggregator.Normalize;

/// <summary>One AngleSharp parser per thread: building its browsing context costs more than parsing a summary.</summary>
internal static class HtmlParsing
{
    [ThreadStatic]
    private static HtmlParser? parser;

    /// <summary>
    /// Parses a fragment or a whole page the way a browser would (scripting off, so noscript holds markup)
    /// and returns its body; null for a frameset page. Nesting past <see cref="NestingGuard.MaxDepth"/> is
    /// flattened first: the tree builder is quadratic in depth, and an entry's summary can carry 200,000 levels.
    /// </summary>
    public static IElement? ParseBody(string html)
    {
        parser ??= new HtmlParser(new HtmlParserOptions { IsScripting = false });
        return parser.ParseDocument(NestingGuard.Clamp(html, out _)).Body;
    }
}
