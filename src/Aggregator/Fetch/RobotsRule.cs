namespace Aggregator.Fetch;

/// <summary>One allow or disallow line of a robots.txt group, its path pattern already normalised.</summary>
public sealed record RobotsRule(bool Allow, string Pattern);
