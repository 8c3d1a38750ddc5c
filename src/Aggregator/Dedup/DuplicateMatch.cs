namespace Aggregator.Dedup;

/// <summary>A stored article found to be the same story as an incoming one, and why.</summary>
public sealed record DuplicateMatch(long Key, DuplicateVerdict Verdict);
