namespace Aggregator.Fetch;

/// <summary>
/// One GET the pipeline wants: the URL, the validators remembered from the last poll, and the
/// outlet's own headers and User-Agent (both win over the defaults).
/// </summary>
public sealed record FetchRequest(
    Uri Url,
    string? ETag = null,
    string? LastModified = null,
    IReadOnlyDictionary<string, string>? Headers = null,
    string? UserAgent = null);
