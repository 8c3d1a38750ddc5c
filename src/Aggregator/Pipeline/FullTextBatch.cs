using Aggregator.Normalize;
using Aggregator.Store;

namespace Aggregator.Pipeline;

/// <summary>A poll's candidates after full text: the articles to store, the pages left for the backlog, and the pages fetched.</summary>
public sealed record FullTextBatch(IReadOnlyList<ArticleCandidate> Articles, IReadOnlyList<QueuedPage> Backlog, int PagesFetched);
