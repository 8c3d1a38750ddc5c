namespace Aggregator.Fetch;

/// <summary>A body turned into text, with the charset that was used and why any doubt arose.</summary>
public sealed record DecodedBody(string Text, string Charset, IReadOnlyList<string> Warnings);
