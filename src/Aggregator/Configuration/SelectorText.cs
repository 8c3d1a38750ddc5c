using AngleSharp.Css.Parser;

namespace Aggregator.Configuration;

/// <summary>A scrape selector as written: CSS, optionally followed by "@attr" to read an attribute instead of text.</summary>
public static class SelectorText
{
    /// <summary>"h2 a@href" → ("h2 a", "href"); "h2 a" → ("h2 a", null); "@href" → ("", "href") reads the item's own attribute.</summary>
    public static (string Selector, string? Attribute) Split(string text)
    {
        var at = text.LastIndexOf('@');
        return at < 0 ? (text.Trim(), null) : (text[..at].Trim(), text[(at + 1)..].Trim());
    }

    /// <summary>Parses with AngleSharp, as the scraper will, so a broken selector fails at validate time rather than at poll time.</summary>
    public static bool IsValidCss(string selector) => new CssSelectorParser().ParseSelector(selector) is not null;
}
