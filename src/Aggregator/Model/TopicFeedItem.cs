namespace Aggregator.Model;

/// <summary>One item of a topic feed: the shown article, its outlet, and the other outlets that published the same story.</summary>
public sealed record TopicFeedItem(Article Article, OutletRef Source, IReadOnlyList<TopicFeedCopy> AlsoPublishedBy);

/// <summary>Another outlet's copy of a shown story.</summary>
public sealed record TopicFeedCopy(OutletRef Outlet, Uri Link);
