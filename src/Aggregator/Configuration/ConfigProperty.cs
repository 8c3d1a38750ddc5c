namespace Aggregator.Configuration;

/// <summary>One member of a JSON object, with where its name was written (unknown fields are reported there).</summary>
public sealed record ConfigProperty(string Name, TextPosition NamePosition, ConfigNode Value);
