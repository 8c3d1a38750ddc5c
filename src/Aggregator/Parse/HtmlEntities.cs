using AngleSharp.Html;

namespace Aggregator.Parse;

/// <summary>The HTML5 named character references (AngleSharp carries the full WHATWG table).</summary>
public static class HtmlEntities
{
    /// <summary>The characters a name without "&amp;" and ";" stands for ("nbsp" → U+00A0), or null.</summary>
    public static string? Lookup(string name)
    {
        var symbol = HtmlEntityProvider.Resolver.GetSymbol(name + ";");
        if (!string.IsNullOrEmpty(symbol))
        {
            return symbol;
        }

        // WebUtility knows the HTML 4 names; a second opinion costs nothing.
        var decoded = System.Net.WebUtility.HtmlDecode("&" + name + ";");
        return decoded.Length > 0 && decoded[0] != '&' ? decoded : null;
    }
}
