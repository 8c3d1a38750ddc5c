namespace Aggregator.Tests.Normalize.Browser;

/// <summary>The outcome of rendering a vector list in batches: each failure names its vector; counts are for the log.</summary>
internal sealed record BatchRun(IReadOnlyList<string> Failures, int Blocked, int Scripts);
