using System.Text.Json;
using Aggregator.Model;

namespace Aggregator.Configuration;

/// <summary>
/// Turns a validated feeds.json tree into the model, applying defaults. Only called once
/// <see cref="ConfigValidator"/> found nothing wrong, so it reads without checking again.
/// </summary>
public static class ConfigMapper
{
    /// <summary>What every outlet without headers of its own shares: one empty dictionary per outlet was 80 bytes each, kept for as long as the configuration runs.</summary>
    private static readonly IReadOnlyDictionary<string, string> NoHeaders = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase).AsReadOnly();

    public static AggregatorConfig Map(ConfigNode root)
    {
        var defaults = MapDefaults(root.Get("defaults"));
        return new AggregatorConfig
        {
            Defaults = defaults,
            Outlets = [.. (root.Get("outlets")?.Items ?? []).Select(o => MapOutlet(o, defaults))],
            Topics = [.. (root.Get("topics")?.Items ?? []).Select(MapTopic)],
        };
    }

    private static Defaults MapDefaults(ConfigNode? node)
    {
        var defaults = new Defaults();
        if (node is null)
        {
            return defaults;
        }

        return defaults with
        {
            Interval = Duration(node.Get("interval")) ?? defaults.Interval,
            AutoInterval = node.Get("interval")?.AsString() == "auto",
            MinInterval = Duration(node.Get("minInterval")) ?? defaults.MinInterval,
            MaxInterval = Duration(node.Get("maxInterval")) ?? defaults.MaxInterval,
            MaxItemsPerFeed = (int?)node.Get("maxItemsPerFeed")?.AsInteger() ?? defaults.MaxItemsPerFeed,
            UserAgent = node.Get("userAgent")?.AsString() ?? defaults.UserAgent,
            Timeout = Duration(node.Get("timeout")) ?? defaults.Timeout,
            MaxBodyBytes = ByteSize(node.Get("maxBodySize")) ?? defaults.MaxBodyBytes,
            MaxDatabaseBytes = ByteSize(node.Get("maxDatabaseSize")),
            Retention = Duration(node.Get("retention")) ?? defaults.Retention,
            KeepPerOutlet = (int?)node.Get("keepPerOutlet")?.AsInteger() ?? defaults.KeepPerOutlet,
            SearchTimeout = Duration(node.Get("searchTimeout")) ?? defaults.SearchTimeout,
            PublicUrl = node.Get("publicUrl")?.AsString() is { } publicUrl ? new Uri(publicUrl.EndsWith('/') ? publicUrl : publicUrl + "/") : null,
            WebSubHub = node.Get("websubHub")?.AsString() is { } hub ? new Uri(hub) : null,
            AllowPrivateNetworks = node.Get("allowPrivateNetworks")?.AsBoolean() ?? false,
            Duplicates = node.Get("duplicates") is { } duplicates
                ? new DuplicateThresholds(
                    duplicates.Get("enabled")?.AsBoolean() ?? DuplicateThresholds.Default.Enabled,
                    DuplicatesValidator.AsRatio(duplicates.Get("similarity")) ?? DuplicateThresholds.Default.Similarity,
                    DuplicatesValidator.AsRatio(duplicates.Get("containment")) ?? DuplicateThresholds.Default.Containment)
                : DuplicateThresholds.Default,
        };
    }

    private static Outlet MapOutlet(ConfigNode node, Defaults defaults)
    {
        var id = node.Get("id")!.AsString()!;
        var scrape = node.Get("scrape");
        var interval = node.Get("interval")?.AsString();
        // Adaptive when asked, or inherited from defaults by an outlet with no schedule of its own.
        var auto = interval == "auto" || (node.Get("interval") is null && node.Get("cron") is null && defaults.AutoInterval);
        return new Outlet
        {
            Id = id,
            // No name: the id is what the operator chose to call it.
            Name = node.Get("name")?.AsString() ?? id,
            Url = new Uri(node.Get("url")!.AsString()!, UriKind.Absolute),
            Type = node.Get("type")?.AsString() == "html" ? OutletType.Html : OutletType.Feed,
            Interval = auto ? defaults.MinInterval : Duration(node.Get("interval")) ?? defaults.Interval,
            AutoInterval = auto,
            Cron = node.Get("cron")?.AsString(),
            Enabled = node.Get("enabled")?.AsBoolean() ?? true,
            Scrape = scrape is null ? null : MapScrape(scrape),
            FullText = node.Get("fullText")?.AsBoolean() ?? false,
            Headers = node.Get("headers")?.Properties is { Count: > 0 } headers
                ? headers.ToDictionary(h => h.Name, h => h.Value.AsString()!, StringComparer.OrdinalIgnoreCase)
                : NoHeaders,
            UserAgent = node.Get("userAgent")?.AsString() ?? defaults.UserAgent,
            RateGroup = node.Get("rateGroup")?.AsString(),
            Retention = Duration(node.Get("retention")) ?? defaults.Retention,
        };
    }

    internal static ScrapeRules MapScrape(ConfigNode node) => new(
        node.Get("item")!.AsString()!,
        node.Get("title")?.AsString(),
        node.Get("link")?.AsString(),
        node.Get("summary")?.AsString(),
        node.Get("published")?.AsString(),
        node.Get("author")?.AsString(),
        node.Get("image")?.AsString());

    private static TopicDefinition MapTopic(ConfigNode node)
    {
        var id = node.Get("id")!.AsString()!;
        return new TopicDefinition
        {
            Id = id,
            Title = node.Get("title")?.AsString() ?? id,
            Description = node.Get("description")?.AsString(),
            Include = Strings(node.Get("include")),
            Exclude = Strings(node.Get("exclude")),
            Outlets = Strings(node.Get("outlets")),
        };
    }

    private static string[] Strings(ConfigNode? list) => [.. (list?.Items ?? []).Select(i => i.AsString()!)];

    private static TimeSpan? Duration(ConfigNode? node) =>
        node?.AsString() is { } text && DurationParser.TryParse(text, out var duration, out _) ? duration : null;

    private static long? ByteSize(ConfigNode? node) => node switch
    {
        null => null,
        { Kind: JsonValueKind.Number } => node.AsInteger(),
        _ => ByteSizeParser.TryParse(node.AsString()!, out var bytes, out _) ? bytes : null,
    };
}
