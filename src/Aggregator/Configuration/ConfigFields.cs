namespace Aggregator.Configuration;

/// <summary>
/// Every field feeds.json knows, per object. The validator rejects anything else, and a test keeps
/// feeds.schema.json in step with these lists.
/// </summary>
public static class ConfigFields
{
    public static IReadOnlyList<string> Root { get; } = ["$schema", "defaults", "outlets", "topics"];

    public static IReadOnlyList<string> Defaults { get; } = ["interval", "maxItemsPerFeed", "userAgent", "timeout", "maxBodySize", "publicUrl", "websubHub", "allowPrivateNetworks", "duplicates", "maxDatabaseSize", "minInterval", "maxInterval", "retention", "keepPerOutlet", "searchTimeout"];

    public static IReadOnlyList<string> Outlet { get; } =
        ["id", "name", "url", "type", "interval", "cron", "enabled", "scrape", "fullText", "headers", "userAgent", "rateGroup", "retention"];

    public static IReadOnlyList<string> Duplicates { get; } = ["enabled", "similarity", "containment"];

    public static IReadOnlyList<string> Scrape { get; } = ["item", "title", "link", "summary", "published", "author", "image"];

    public static IReadOnlyList<string> Topic { get; } = ["id", "title", "description", "include", "exclude", "outlets"];
}
