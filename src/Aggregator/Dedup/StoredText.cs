namespace Aggregator.Dedup;

/// <summary>A stored article's text as a duplicate candidate.</summary>
internal sealed record StoredText(long Seq, string ClusterId, string ArticleId, ArticleText Text);
