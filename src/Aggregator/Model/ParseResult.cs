namespace Aggregator.Model;

/// <summary>
/// What reading a body produced. Expected outcomes are values: a feed, an HTML page that
/// advertises feeds (to be followed), or an error with a one-line reason.
/// </summary>
public sealed record ParseResult
{
    public ParsedFeed? Feed { get; private init; }
    /// <summary>Feeds an HTML page advertises with &lt;link rel="alternate"&gt;, absolute, in page order.</summary>
    public IReadOnlyList<Uri> DiscoveredFeeds { get; private init; } = [];
    public string? Error { get; private init; }

    public static ParseResult Success(ParsedFeed feed) => new() { Feed = feed };
    public static ParseResult HtmlWithFeeds(IReadOnlyList<Uri> feeds) =>
        new() { DiscoveredFeeds = feeds, Error = feeds.Count == 0 ? "parse: HTML page without a feed link" : null };
    public static ParseResult Failure(string reason) => new() { Error = reason };
}
