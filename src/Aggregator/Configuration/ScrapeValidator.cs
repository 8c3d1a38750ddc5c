namespace Aggregator.Configuration;

/// <summary>Checks an outlet's "scrape" selectors.</summary>
internal static class ScrapeValidator
{
    public static void Validate(ConfigNode node, string path, ProblemList problems)
    {
        if (!NodeChecks.Object(node, path, "scrape selectors", ConfigFields.Scrape, problems))
        {
            return;
        }

        NodeChecks.Required(node, "item", path, problems);
        foreach (var property in node.Properties)
        {
            if (ConfigFields.Scrape.Contains(property.Name, StringComparer.Ordinal))
            {
                Selector(property.Value, ConfigPath.Field(path, property.Name), allowAttribute: property.Name != "item", problems);
            }
        }
    }

    private static void Selector(ConfigNode node, string path, bool allowAttribute, ProblemList problems)
    {
        var text = NodeChecks.String(node, path, problems);
        if (text is null)
        {
            return;
        }

        var (selector, attribute) = SelectorText.Split(text);
        if (attribute is not null && !allowAttribute)
        {
            problems.Add(node.Position, path, "'item' selects elements; '@attr' only applies to the fields read inside an item");
        }
        else if (attribute is { Length: 0 })
        {
            problems.Add(node.Position, path, $"'{text}' names no attribute after '@'");
        }
        else if (selector.Length > 0 && !SelectorText.IsValidCss(selector))
        {
            problems.Add(node.Position, path, $"'{selector}' is not a valid CSS selector");
        }
    }
}
