namespace Aggregator.Store;

/// <summary>One stored copy of a story and how it joined its cluster: what `explain` prints.</summary>
public sealed record ClusterMember(
    string ArticleId,
    string OutletId,
    Uri Link,
    string Title,
    DateTimeOffset FirstSeen,
    bool Shown,
    string? DuplicateOf,
    string? Level,
    double? Similarity,
    string? Reason);
