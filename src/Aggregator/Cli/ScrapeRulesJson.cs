using System.Text.Json;
using Aggregator.Model;

namespace Aggregator.Cli;

/// <summary>Reads `--scrape '{...}'`: the same selector names as feeds.json's "scrape" block.</summary>
internal static class ScrapeRulesJson
{
    private static readonly string[] Known = ["item", "title", "link", "summary", "published", "author", "image"];

    public static bool TryParse(string json, out ScrapeRules? rules, out string problem)
    {
        rules = null;
        problem = string.Empty;
        Dictionary<string, string>? fields;
        try
        {
            fields = JsonSerializer.Deserialize<Dictionary<string, string>>(json);
        }
        catch (JsonException e)
        {
            problem = $"not a JSON object of selectors ({e.Message})";
            return false;
        }
        if (fields is null)
        {
            problem = "expected a JSON object of selectors";
            return false;
        }
        if (fields.Keys.FirstOrDefault(k => !Known.Contains(k, StringComparer.Ordinal)) is { } unknown)
        {
            problem = $"unknown field '{unknown}' (known: {string.Join(", ", Known)})";
            return false;
        }
        if (!fields.TryGetValue("item", out var item) || string.IsNullOrWhiteSpace(item))
        {
            problem = "'item' selector is required";
            return false;
        }
        rules = new ScrapeRules(item, fields.GetValueOrDefault("title"), fields.GetValueOrDefault("link"),
            fields.GetValueOrDefault("summary"), fields.GetValueOrDefault("published"), fields.GetValueOrDefault("author"),
            fields.GetValueOrDefault("image"));
        return true;
    }
}
