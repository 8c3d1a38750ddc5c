using AngleSharp.Dom;

namespace Aggregator.Scrape;

/// <summary>
/// One configured selector split into its CSS part and an optional "@attr" suffix:
/// "a@href" reads the href of the first "a", "@data-url" reads an attribute of the item itself.
/// </summary>
internal sealed record SelectorRule(string? Css, string? Attribute)
{
    public static SelectorRule? Parse(string? selector)
    {
        if (string.IsNullOrWhiteSpace(selector))
        {
            return null;
        }

        var text = selector.Trim();
        var at = LastAtOutsideBrackets(text);
        if (at < 0)
        {
            return new SelectorRule(text, null);
        }

        var attribute = text[(at + 1)..].Trim();
        if (attribute.Length == 0 || !attribute.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or ':' or '.'))
        {
            return new SelectorRule(text, null);
        }

        var css = text[..at].Trim();
        return new SelectorRule(css.Length == 0 ? null : css, attribute.ToLowerInvariant());
    }

    /// <summary>The element the rule points at inside <paramref name="item"/>: the item itself for a bare "@attr".</summary>
    public IElement? Find(IElement item) => Css is null ? item : item.QuerySelector(Css);

    /// <summary>The attribute's value, or else the element's text.</summary>
    public string ReadText(IElement element) =>
        Attribute is null ? TextOf.Element(element) : TextOf.Collapse(element.GetAttribute(Attribute));

    // "a[href*='@']" holds an @ that is part of the selector, not an attribute suffix.
    private static int LastAtOutsideBrackets(string text)
    {
        var found = -1;
        var depth = 0;
        char quote = '\0';
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c is '[' or '(')
            {
                depth++;
            }
            else if (c is ']' or ')')
            {
                depth = Math.Max(0, depth - 1);
            }
            else if (c == '@' && depth == 0)
            {
                found = i;
            }
        }

        return found;
    }
}
