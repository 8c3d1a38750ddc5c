using Aggregator.Store;

namespace Aggregator.Pipeline;

/// <summary>One attempt at an article's page: its main content (sanitized), or why there is none.</summary>
public sealed record PageResult
{
    public string? Content { get; init; }

    /// <summary>The one-line error, as logged and shown by `explain`.</summary>
    public string? Error { get; init; }

    /// <summary>A bounded label for /metrics: http_404, robots, unreachable, no_content.</summary>
    public string Reason { get; init; } = "";

    /// <summary>The host asked us to come back then: the page itself was not tried, so the try is not counted.</summary>
    public DateTimeOffset? RetryAfter { get; init; }

    /// <summary>Trying again will not help (robots.txt forbids the page): given up at once.</summary>
    public bool Final { get; init; }

    /// <summary>The page as the outlet's furniture memory recorded it, for the store to keep (null: not recorded).</summary>
    public FurniturePage? Furniture { get; init; }

    public static PageResult Of(string content) => new() { Content = content, Reason = "fetched" };
}
