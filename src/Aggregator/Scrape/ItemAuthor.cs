using AngleSharp.Dom;

namespace Aggregator.Scrape;

/// <summary>An item's author as its byline names them, without the "By".</summary>
internal static class ItemAuthor
{
    private static readonly HashSet<string> AuthorWords = new(StringComparer.Ordinal)
    {
        "author", "byline", "createdby", "writer",
    };

    private static readonly string[] BylinePrefixes = ["written by", "posted by", "author:", "by:", "by"];

    public static string? Read(IElement item, SelectorRule? rule, ListingPage page)
    {
        if (rule is not null)
        {
            return rule.Find(item) is { } element ? CleanByline(rule.ReadText(element)) : null;
        }

        foreach (var element in ElementWalk.Descendants(item))
        {
            string? raw = null;
            if (element.GetAttribute("itemprop") == "author")
            {
                raw = element.QuerySelector("[itemprop=name]") is { } name
                    ? name.GetAttribute("content") ?? TextOf.Element(name)
                    : element.GetAttribute("content") ?? TextOf.Element(element);
            }
            else if (element.GetAttribute("rel")?.Contains("author", StringComparison.OrdinalIgnoreCase) == true || page.HasClassWord(element, AuthorWords))
            {
                raw = TextOf.Element(element);
            }

            if (CleanByline(raw) is { } author)
            {
                return author;
            }
        }

        return null;
    }

    private static string? CleanByline(string? raw)
    {
        var text = TextOf.Collapse(raw);
        foreach (var prefix in BylinePrefixes)
        {
            if (text.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && (text.Length == prefix.Length || !char.IsLetter(text[prefix.Length])))
            {
                text = text[prefix.Length..].TrimStart(' ', ':');
                break;
            }
        }

        foreach (var separator in new[] { " | ", " · ", " — ", " – " })
        {
            var at = text.IndexOf(separator, StringComparison.Ordinal);
            if (at > 0)
            {
                text = text[..at];
            }
        }

        text = text.Trim(' ', ',', ';', '-');
        return text.Length is 0 or > 80 ? null : text;
    }
}
