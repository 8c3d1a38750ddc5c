namespace Aggregator.Normalize;

/// <summary>
/// An article's search text (<see cref="SearchText.Fold"/>) and where its folded summary and content lie in it: topic
/// matching reads them there instead of in strings of their own.
/// </summary>
public readonly record struct FoldedArticleText(string Text, int SummaryStart, int SummaryLength, int ContentStart, int ContentLength);
