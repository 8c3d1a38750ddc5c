namespace Aggregator.Bench.Shared;

/// <summary>One generated article as every synthetic format renders it. Summary is plain text, Content is HTML.</summary>
public sealed record SyntheticItem(
    string SourceId,
    Uri Link,
    string Title,
    string Author,
    DateTimeOffset Published,
    IReadOnlyList<string> Categories,
    string Summary,
    string ContentHtml);
