using System.Globalization;
using System.Text.Json;

namespace Aggregator.Configuration;

/// <summary>
/// A JSON value that remembers where it was written. System.Text.Json's JsonNode forgets
/// positions, and every problem in feeds.json must point at a line and column.
/// </summary>
public sealed record ConfigNode
{
    /// <summary>The JSON type; booleans are True or False.</summary>
    public required JsonValueKind Kind { get; init; }
    public required TextPosition Position { get; init; }
    /// <summary>The text of a string, or the literal text of a number.</summary>
    public string? Text { get; init; }
    /// <summary>Members in file order, duplicates included (the validator reports them).</summary>
    public IReadOnlyList<ConfigProperty> Properties { get; init; } = [];
    public IReadOnlyList<ConfigNode> Items { get; init; } = [];

    /// <summary>The first member named <paramref name="name"/>, or null.</summary>
    public ConfigNode? Get(string name) =>
        Properties.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.Ordinal))?.Value;

    /// <summary>The value as a string when it is one, else null.</summary>
    public string? AsString() => Kind == JsonValueKind.String ? Text : null;

    /// <summary>The value as a boolean when it is one, else null.</summary>
    public bool? AsBoolean() => Kind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    /// <summary>A whole number that fits a long, else null (1.5, 1e3 and huge numbers are not whole here).</summary>
    public long? AsInteger() =>
        Kind == JsonValueKind.Number && long.TryParse(Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
            ? n
            : null;

    /// <summary>How a problem message names this value's type: "a string", "an object"…</summary>
    public string Describe() => Kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => "null",
    };
}
