using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Aggregator.Configuration;

/// <summary>
/// The checks every part of feeds.json shares: known fields only, JSON types, ids, URLs,
/// durations. Each reports into the list and returns null instead of stopping, so one run
/// finds every problem.
/// </summary>
internal static partial class NodeChecks
{
    public static readonly TimeSpan ShortestInterval = TimeSpan.FromSeconds(10);

    /// <summary>Retention under an hour would prune what the same day's polls just stored.</summary>
    public static readonly TimeSpan ShortestRetention = TimeSpan.FromHours(1);

    /// <summary>Reports unknown (with the likeliest intended name) and repeated fields. True when the node is an object.</summary>
    public static bool Object(ConfigNode node, string path, string what, IReadOnlyList<string> known, ProblemList problems)
    {
        if (node.Kind != JsonValueKind.Object)
        {
            problems.Add(node.Position, path, $"expected {what} (an object), got {node.Describe()}");
            return false;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in node.Properties)
        {
            var at = ConfigPath.Field(path, property.Name);
            if (!known.Contains(property.Name, StringComparer.Ordinal))
            {
                var guess = NameSuggester.Closest(property.Name, known);
                problems.Add(property.NamePosition, at, guess is null
                    ? $"unknown field '{property.Name}'; known fields: {string.Join(", ", known)}"
                    : $"unknown field '{property.Name}'; did you mean '{guess}'?");
            }
            else if (!seen.Add(property.Name))
            {
                // A JSON reader would silently keep one of the two; the operator meant one of them.
                problems.Add(property.NamePosition, at, $"field '{property.Name}' is given twice");
            }
        }

        return true;
    }

    /// <summary>The value as a string, reporting other types and (unless allowed) empty text.</summary>
    public static string? String(ConfigNode node, string path, ProblemList problems, bool allowEmpty = false)
    {
        if (node.Kind != JsonValueKind.String)
        {
            problems.Add(node.Position, path, $"expected a string, got {node.Describe()}");
            return null;
        }

        if (!allowEmpty && string.IsNullOrWhiteSpace(node.Text))
        {
            problems.Add(node.Position, path, "must not be empty");
            return null;
        }

        return node.Text;
    }

    public static void Boolean(ConfigNode node, string path, ProblemList problems)
    {
        if (node.AsBoolean() is null)
        {
            problems.Add(node.Position, path, $"expected true or false, got {node.Describe()}");
        }
    }

    /// <summary>An array's items, or null after reporting that it is not an array.</summary>
    public static IReadOnlyList<ConfigNode>? Array(ConfigNode node, string path, string what, ProblemList problems)
    {
        if (node.Kind == JsonValueKind.Array)
        {
            return node.Items;
        }

        problems.Add(node.Position, path, $"expected {what} (an array), got {node.Describe()}");
        return null;
    }

    /// <summary>The field's node, or null after reporting it missing.</summary>
    public static ConfigNode? Required(ConfigNode obj, string name, string path, ProblemList problems)
    {
        var value = obj.Get(name);
        if (value is null)
        {
            problems.Add(obj.Position, path, $"missing required field '{name}'");
        }

        return value;
    }

    /// <summary>An id as outlets and topics use it in URLs and file names: [a-z0-9-]+.</summary>
    public static string? Id(ConfigNode node, string path, ProblemList problems)
    {
        var id = String(node, path, problems);
        if (id is null)
        {
            return null;
        }

        if (!IdPattern().IsMatch(id))
        {
            var fixedId = InvalidIdRun().Replace(WithoutAccents(id).ToLowerInvariant(), "-").Trim('-');
            problems.Add(node.Position, path, fixedId.Length > 0
                ? $"'{id}' is not a valid id; use lower-case letters, digits and '-', e.g. '{fixedId}'"
                : $"'{id}' is not a valid id; use lower-case letters, digits and '-'");
        }

        // Returned even when malformed, so references to it are not reported a second time as unknown.
        return id;
    }

    public static Uri? HttpUrl(ConfigNode node, string path, ProblemList problems)
    {
        var text = String(node, path, problems);
        if (text is null)
        {
            return null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var url)
            || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)
            || url.Host.Length == 0)
        {
            problems.Add(node.Position, path, $"'{text}' is not an absolute http or https URL");
            return null;
        }

        return url;
    }

    public static TimeSpan? Duration(ConfigNode node, string path, TimeSpan shortest, ProblemList problems)
    {
        var text = String(node, path, problems, allowEmpty: true);
        if (text is null)
        {
            return null;
        }

        if (!DurationParser.TryParse(text, out var duration, out var error))
        {
            problems.Add(node.Position, path, $"'{text}' is not a duration: {error}");
            return null;
        }

        if (duration < shortest)
        {
            problems.Add(node.Position, path, $"'{text}' is too short; the least allowed is {(int)shortest.TotalSeconds}s");
            return null;
        }

        return duration;
    }

    private static string WithoutAccents(string text) =>
        string.Concat(text.Normalize(NormalizationForm.FormD)
            .Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark));

    [GeneratedRegex(@"^[a-z0-9-]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

    [GeneratedRegex("[^a-z0-9]+", RegexOptions.CultureInvariant)]
    private static partial Regex InvalidIdRun();
}
