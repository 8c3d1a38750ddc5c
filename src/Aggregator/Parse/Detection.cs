namespace Aggregator.Parse;

/// <summary>The detected format and the root element name that decided it (as written, or null).</summary>
public sealed record Detection(DetectedFormat Format, string? RootName);
