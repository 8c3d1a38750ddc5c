using System.Globalization;
using System.Text.Json;

namespace Aggregator.Configuration;

/// <summary>Checks defaults.duplicates: a switch and two ratios.</summary>
internal static class DuplicatesValidator
{
    public static void Validate(ConfigNode node, string path, ProblemList problems)
    {
        if (!NodeChecks.Object(node, path, "the duplicate settings", ConfigFields.Duplicates, problems))
        {
            return;
        }
        if (node.Get("enabled") is { } enabled)
        {
            NodeChecks.Boolean(enabled, ConfigPath.Field(path, "enabled"), problems);
        }
        foreach (var field in (string[])["similarity", "containment"])
        {
            if (node.Get(field) is { } ratio)
            {
                Ratio(ratio, ConfigPath.Field(path, field), problems);
            }
        }
    }

    public static double? AsRatio(ConfigNode? node) =>
        node is { Kind: JsonValueKind.Number } && double.TryParse(node.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;

    private static void Ratio(ConfigNode node, string path, ProblemList problems)
    {
        // Below 0.3 unrelated reports of one event start to merge (tests/dedup-report.md); 1 means identical only.
        if (AsRatio(node) is not { } value || value < 0.3 || value > 1)
        {
            problems.Add(node.Position, path, $"expected a number from 0.3 to 1, got {(node.Kind == JsonValueKind.Number ? node.Text : node.Describe())}");
        }
    }
}
