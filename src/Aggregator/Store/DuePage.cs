using Aggregator.Model;

namespace Aggregator.Store;

/// <summary>A stored article whose page is due to be fetched, with what the drain needs to store it (topics, sort order).</summary>
public sealed record DuePage(long Seq, Article Article, long SortTime, int Attempts);
