namespace Aggregator.Configuration;

/// <summary>A parsed document, or where and why the JSON syntax broke.</summary>
public sealed record JsonReadResult(ConfigNode? Root, TextPosition ErrorPosition = default, string? Error = null);
