using System.Text.Json;

namespace Aggregator.Configuration;

/// <summary>Checks the "defaults" block.</summary>
internal static class DefaultsValidator
{
    public const int MaxItemsLimit = 500;

    public static readonly TimeSpan LongestSearchTimeout = TimeSpan.FromMinutes(1);

    public static void Validate(ConfigNode node, string path, ProblemList problems)
    {
        if (!NodeChecks.Object(node, path, "the defaults", ConfigFields.Defaults, problems))
        {
            return;
        }

        if (node.Get("interval") is { } interval && interval.AsString() != "auto")
        {
            NodeChecks.Duration(interval, ConfigPath.Field(path, "interval"), NodeChecks.ShortestInterval, problems);
        }

        if (node.Get("maxItemsPerFeed") is { } maxItems)
        {
            MaxItems(maxItems, ConfigPath.Field(path, "maxItemsPerFeed"), problems);
        }

        if (node.Get("userAgent") is { } userAgent)
        {
            NodeChecks.String(userAgent, ConfigPath.Field(path, "userAgent"), problems);
        }

        foreach (var field in (string[])["minInterval", "maxInterval"])
        {
            if (node.Get(field) is { } bound)
            {
                NodeChecks.Duration(bound, ConfigPath.Field(path, field), NodeChecks.ShortestInterval, problems);
            }
        }

        if (node.Get("timeout") is { } timeout)
        {
            NodeChecks.Duration(timeout, ConfigPath.Field(path, "timeout"), TimeSpan.FromSeconds(1), problems);
        }

        if (node.Get("maxBodySize") is { } maxBodySize)
        {
            BodySize(maxBodySize, ConfigPath.Field(path, "maxBodySize"), problems);
        }

        if (node.Get("maxDatabaseSize") is { } maxDatabaseSize)
        {
            BodySize(maxDatabaseSize, ConfigPath.Field(path, "maxDatabaseSize"), problems);
        }

        if (node.Get("retention") is { } retention)
        {
            NodeChecks.Duration(retention, ConfigPath.Field(path, "retention"), NodeChecks.ShortestRetention, problems);
        }

        if (node.Get("searchTimeout") is { } searchTimeout
            && NodeChecks.Duration(searchTimeout, ConfigPath.Field(path, "searchTimeout"), TimeSpan.FromSeconds(1), problems) > LongestSearchTimeout)
        {
            // A reader's query holding the store for minutes is what the limit exists to prevent.
            problems.Add(searchTimeout.Position, ConfigPath.Field(path, "searchTimeout"), $"'{searchTimeout.AsString()}' is too long; the most allowed is {(int)LongestSearchTimeout.TotalSeconds}s");
        }

        if (node.Get("keepPerOutlet") is { } keep)
        {
            KeepPerOutlet(keep, ConfigPath.Field(path, "keepPerOutlet"), problems);
        }

        if (node.Get("allowPrivateNetworks") is { } allowPrivate && allowPrivate.AsBoolean() is null)
        {
            problems.Add(allowPrivate.Position, ConfigPath.Field(path, "allowPrivateNetworks"), $"expected true or false, got {allowPrivate.Describe()}");
        }

        if (node.Get("duplicates") is { } duplicates)
        {
            DuplicatesValidator.Validate(duplicates, ConfigPath.Field(path, "duplicates"), problems);
        }

        foreach (var field in (string[])["publicUrl", "websubHub"])
        {
            if (node.Get(field) is { } url)
            {
                NodeChecks.HttpUrl(url, ConfigPath.Field(path, field), problems);
            }
        }
    }

    private static void MaxItems(ConfigNode node, string path, ProblemList problems)
    {
        if (node.Kind != JsonValueKind.Number)
        {
            problems.Add(node.Position, path, $"expected a whole number, got {node.Describe()}");
        }
        else if (node.AsInteger() is not { } n || n < 1 || n > MaxItemsLimit)
        {
            problems.Add(node.Position, path, $"{node.Text} is out of range; use a whole number from 1 to {MaxItemsLimit}");
        }
    }

    private static void KeepPerOutlet(ConfigNode node, string path, ProblemList problems)
    {
        if (node.Kind != JsonValueKind.Number)
        {
            problems.Add(node.Position, path, $"expected a whole number, got {node.Describe()}");
        }
        else if (node.AsInteger() is not { } n || n < 0 || n > KeepPerOutletLimit)
        {
            problems.Add(node.Position, path, $"{node.Text} is out of range; use a whole number from 0 to {KeepPerOutletLimit}");
        }
    }

    public const int KeepPerOutletLimit = 100_000;

    private static void BodySize(ConfigNode node, string path, ProblemList problems)
    {
        if (node.Kind == JsonValueKind.Number)
        {
            if (node.AsInteger() is not > 0)
            {
                problems.Add(node.Position, path, $"{node.Text} is not a positive whole number of bytes");
            }
        }
        else if (node.Kind == JsonValueKind.String)
        {
            if (!ByteSizeParser.TryParse(node.Text!, out _, out var error))
            {
                problems.Add(node.Position, path, $"'{node.Text}' is not a size: {error}");
            }
        }
        else
        {
            problems.Add(node.Position, path, $"expected a size like '10MB' or a number of bytes, got {node.Describe()}");
        }
    }
}
