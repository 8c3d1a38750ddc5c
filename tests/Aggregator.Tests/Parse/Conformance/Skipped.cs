namespace Aggregator.Tests.Parse.Conformance;

/// <summary>A check with no meaning in our model, and the reason it has none (counted apart from failures).</summary>
public sealed record Skipped(string Reason);
